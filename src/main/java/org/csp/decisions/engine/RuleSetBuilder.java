package org.csp.decisions.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.drools.base.definitions.InternalKnowledgePackage;
import org.drools.compiler.kie.builder.impl.InternalKieModule;
import org.drools.core.impl.InternalRuleBase;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.drools.kiesession.rulebase.KnowledgeBaseFactory;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.runtime.KieContainer;

/**
 * Files in, rule set or errors out. Compiles .drl text at run time (KieFileSystem + KieBuilder), then checks the
 * metadata and house rules. {@link DrlSafetyCheck} (and the size and rule-count limits) run first, on the text, so a
 * refused file is never compiled. The same builder serves start-up, hot reload, the validate endpoint and the analysts'
 * case runner. Each build has a fresh ReleaseId and its module is removed from the KieRepository at once, so old
 * rule bases do not pile up in memory.
 */
public final class RuleSetBuilder {
    private static final String KFS_PREFIX = "src/main/resources/";
    private static final AtomicLong BUILDS = new AtomicLong();

    private final KieServices kie = KieServices.Factory.get();
    private final int initialPoolSize;
    private final RuleSetLimits limits;
    private volatile MissCachingClassLoader classLoader;
    /** Compiled packages of earlier builds (null: always compile). */
    private final CompiledRulesCache cache;

    public RuleSetBuilder(int initialPoolSize, RuleSetLimits limits, CompiledRulesCache cache) {
        this.initialPoolSize = initialPoolSize;
        this.limits = limits;
        this.cache = cache;
    }

    public RuleSetBuilder(int initialPoolSize, RuleSetLimits limits) {
        this(initialPoolSize, limits, null);
    }

    public RuleSetBuilder(int initialPoolSize) {
        this(initialPoolSize, RuleSetLimits.DEFAULTS);
    }

    public RuleSetBuilder(RuleSetLimits limits) {
        this(Math.max(2, Runtime.getRuntime().availableProcessors() * 2), limits);
    }

    public RuleSetBuilder() {
        this(RuleSetLimits.DEFAULTS);
    }

    public RuleSetLimits limits() {
        return limits;
    }

    public BuildResult build(List<RuleFile> files, String origin) {
        String version = version(files);
        List<RuleError> errors = new ArrayList<>();
        if (files.stream().noneMatch(f -> f.path().endsWith(".drl"))) {
            errors.add(new RuleError(null, 0, 0, "no .drl files found in " + origin));
            return new BuildResult(null, version, errors, 0);
        }
        // Before the compiler sees anything: the build itself would run unquoted metadata as code.
        new DrlSafetyCheck(limits).check(files, errors);
        if (!errors.isEmpty()) {
            return new BuildResult(null, version, errors, files.size());
        }
        ClassLoader classes = classLoader();
        String cacheKey = cache == null ? null : CompiledRulesCache.key(files);
        if (cacheKey != null) {
            BuildResult cached = fromCache(cacheKey, files, origin, version, classes);
            if (cached != null) {
                return cached;
            }
        }
        ReleaseId releaseId = kie.newReleaseId("org.csp.decisions", "rules", "1.0." + BUILDS.incrementAndGet());
        KieFileSystem kfs = kie.newKieFileSystem();
        kfs.generateAndWritePomXML(releaseId);
        List<RuleFile> drlFiles = new ArrayList<>();
        List<RuleFile> aggregateFiles = new ArrayList<>();
        for (RuleFile file : files) {
            (AggregateDefinition.isAggregateFile(file.path()) ? aggregateFiles : drlFiles).add(file);
        }
        for (RuleFile file : drlFiles) {
            kfs.write(KFS_PREFIX + RulesFolder.BUNDLED_ROOT + "/" + file.path(), file.content());
        }
        KieBuilder builder = kie.newKieBuilder(kfs, classes).buildAll();
        List<RuleError> compileErrors = new ArrayList<>();
        for (Message message : builder.getResults().getMessages(Message.Level.ERROR)) {
            compileErrors.add(new RuleError(relative(message.getPath()), message.getLine(), message.getColumn(),
                    message.getText().strip()));
        }
        errors.addAll(CompileErrors.clean(compileErrors, classes));
        if (!errors.isEmpty()) {
            kie.getRepository().removeKieModule(releaseId);
            return new BuildResult(null, version, errors, files.size());
        }
        Map<String, RuleMetadata> metadata = new RuleMetadataReader().read(drlFiles, errors);
        AggregateDefinition aggregate = aggregate(aggregateFiles, errors);
        if (!errors.isEmpty()) {
            kie.getRepository().removeKieModule(releaseId);
            return new BuildResult(null, version, errors, files.size());
        }
        KieContainer container = kie.newKieContainer(releaseId, classes);
        kie.getRepository().removeKieModule(releaseId);
        KieBase kieBase = container.getKieBase(); // made now, from the compiled packages, while they are still cached
        if (cacheKey != null && kieBase instanceof InternalRuleBase ruleBase) {
            cache.store(cacheKey, ruleBase.getPackages());
        }
        forgetCompilerState(builder);
        RuleSet ruleSet = new RuleSet(version, Instant.now(), origin, files, metadata, aggregate, container,
                container.newKieSessionsPool(initialPoolSize));
        return new BuildResult(ruleSet, version, List.of(), files.size());
    }

    /**
     * The rule set from the packages a cache entry holds (the compiler skipped; every other check runs as for a
     * compile), or null when there is no usable entry.
     */
    private BuildResult fromCache(String key, List<RuleFile> files, String origin, String version, ClassLoader classes) {
        InternalKnowledgePackage[] packages = cache.load(key, classes);
        if (packages == null) {
            return null;
        }
        List<RuleError> errors = new ArrayList<>();
        List<RuleFile> drlFiles = new ArrayList<>();
        List<RuleFile> aggregateFiles = new ArrayList<>();
        for (RuleFile file : files) {
            (AggregateDefinition.isAggregateFile(file.path()) ? aggregateFiles : drlFiles).add(file);
        }
        Map<String, RuleMetadata> metadata = new RuleMetadataReader().read(drlFiles, errors);
        AggregateDefinition aggregate = aggregate(aggregateFiles, errors);
        if (!errors.isEmpty()) {
            return new BuildResult(null, version, errors, files.size());
        }
        InternalKnowledgeBase kieBase;
        try {
            kieBase = KnowledgeBaseFactory.newKnowledgeBase(kie.newKieBaseConfiguration(null, classes));
            kieBase.addPackages(Arrays.asList(packages));
        } catch (RuntimeException | LinkageError e) {
            return null; // compiled instead (and stored again)
        }
        RuleSet ruleSet = new RuleSet(version, Instant.now(), origin, files, metadata, aggregate, null,
                kieBase.newKieSessionsPool(initialPoolSize));
        return new BuildResult(ruleSet, version, List.of(), files.size());
    }

    /** The folder's aggregate file (at most one), or the bundled one when it has none. */
    private static AggregateDefinition aggregate(List<RuleFile> files, List<RuleError> errors) {
        if (files.isEmpty()) {
            return AggregateDefinition.bundled();
        }
        if (files.size() > 1) {
            errors.add(new RuleError(files.get(1).path(), 1, 1, "a rules folder has one aggregate file; "
                    + files.get(0).path() + " is the other"));
            return null;
        }
        return AggregateDefinition.read(files.get(0), errors);
    }

    /**
     * The module keeps the KnowledgeBuilder of each rule base (the parsed DRL, descriptors and compiler state) for
     * incremental updates of a container, which this service never does: a new rule set is always a new build.
     * Dropping it once the rule base exists saves about a third of the heap a rule base of 1,000 rules retains. (Dropped
     * before the rule base exists, Drools would compile the rules again when the first session is made.)
     */
    private static void forgetCompilerState(KieBuilder builder) {
        if (builder.getKieModule() instanceof InternalKieModule module) {
            for (String kieBase : module.getKieModuleModel().getKieBaseModels().keySet()) {
                module.cacheKnowledgeBuilderForKieBase(kieBase, null);
            }
        }
    }

    /** The application's class loader (the one Drools would pick) behind a cache of the names it does not have. */
    private ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        ClassLoader application = context != null ? context : RuleSetBuilder.class.getClassLoader();
        MissCachingClassLoader current = classLoader;
        if (current == null || current.getParent() != application) {
            current = new MissCachingClassLoader(application);
            classLoader = current;
        }
        return current;
    }

    /** Maps a KieFileSystem path back to the path relative to the rules folder. */
    private static String relative(String kfsPath) {
        if (kfsPath == null) {
            return null;
        }
        String path = kfsPath.startsWith(KFS_PREFIX) ? kfsPath.substring(KFS_PREFIX.length()) : kfsPath;
        String root = RulesFolder.BUNDLED_ROOT + "/";
        return path.startsWith(root) ? path.substring(root.length()) : path;
    }

    /**
     * {@code sha256:} and the first 12 hex digits of a hash over the sorted relative paths and contents of the rule
     * files (.drl and the aggregate file).
     */
    public static String version(List<RuleFile> files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            files.stream().sorted(java.util.Comparator.comparing(RuleFile::path)).forEach(file -> {
                digest.update(file.path().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(file.content().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            });
            return "sha256:" + HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
