package org.csp.decisions.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.drools.kiesession.rulebase.KnowledgeBaseFactory;
import org.kie.api.KieServices;

/**
 * Files in, rule set or errors out, at run time: {@link DrlSafetyCheck} (and the size and rule-count limits) run first,
 * on the text, and parse each file once ({@link ParsedDrl}); {@link RuleCompiler} compiles the parsed files (only those
 * that changed, when the compiled-rules cache is on); then the metadata and house rules are checked on the same parse
 * and the rule base is made from the packages. A refused file is never compiled. The same builder serves start-up,
 * hot reload, the validate endpoint, the workbench and the analysts' case runner. No KieModule or KieContainer is
 * made (nothing to remove from the KieRepository afterwards), so old rule bases do not pile up in memory.
 */
public final class RuleSetBuilder {

    private final KieServices kie = KieServices.Factory.get();
    private final int initialPoolSize;
    private final RuleSetLimits limits;
    private volatile MissCachingClassLoader classLoader;
    /** Compiles incrementally through the compiled-rules cache (without one: every file, together). */
    private final RuleCompiler compiler;

    public RuleSetBuilder(int initialPoolSize, RuleSetLimits limits, CompiledRulesCache cache) {
        this.initialPoolSize = initialPoolSize;
        this.limits = limits;
        this.compiler = new RuleCompiler(cache);
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
        return build(files, origin, version(files));
    }

    /** {@link #build(List, String)} of files whose {@link #version} the caller already has (a reload compares it). */
    BuildResult build(List<RuleFile> files, String origin, String version) {
        List<RuleError> errors = new ArrayList<>();
        if (files.stream().noneMatch(f -> f.path().endsWith(".drl"))) {
            errors.add(new RuleError(null, 0, 0, "no .drl files found in " + origin));
            return new BuildResult(null, version, errors, 0);
        }
        // Before the compiler sees anything: the build itself would run unquoted metadata as code.
        ParsedDrl parsed = new DrlSafetyCheck(limits).check(files, errors);
        if (!errors.isEmpty() || parsed == null) {
            return new BuildResult(null, version, errors, files.size());
        }
        ClassLoader classes = classLoader();
        List<RuleFile> drlFiles = new ArrayList<>();
        List<RuleFile> aggregateFiles = new ArrayList<>();
        for (RuleFile file : files) {
            (AggregateDefinition.isAggregateFile(file.path()) ? aggregateFiles : drlFiles).add(file);
        }
        RuleCompiler.Output compiled = compiler.compile(drlFiles, parsed, classes);
        List<RuleError> compileErrors = new ArrayList<>(parsed.errors());
        compileErrors.addAll(compiled.errors());
        errors.addAll(CompileErrors.clean(compileErrors, classes));
        if (!errors.isEmpty()) {
            return new BuildResult(null, version, errors, files.size());
        }
        Map<String, RuleMetadata> metadata = new RuleMetadataReader().read(drlFiles, parsed, errors);
        AggregateDefinition aggregate = aggregate(aggregateFiles, errors);
        if (!errors.isEmpty()) {
            return new BuildResult(null, version, errors, files.size());
        }
        InternalKnowledgeBase kieBase;
        try {
            kieBase = ruleBase(compiled, classes);
        } catch (RuntimeException | LinkageError e) {
            if (compiled.units() == compiled.compiledUnits()) {
                throw e;
            }
            // Cached packages that do not fit together (never seen; an entry is keyed by engine, build and JDK):
            // compile everything afresh rather than fail a good rule set.
            kieBase = ruleBase(new RuleCompiler(null).compile(drlFiles, ParsedDrl.parse(drlFiles), classes), classes);
        }
        RuleSet ruleSet = new RuleSet(version, Instant.now(), origin, files, metadata, aggregate,
                kieBase.newKieSessionsPool(initialPoolSize));
        return new BuildResult(ruleSet, version, List.of(), files.size());
    }

    private InternalKnowledgeBase ruleBase(RuleCompiler.Output compiled, ClassLoader classes) {
        InternalKnowledgeBase kieBase = KnowledgeBaseFactory.newKnowledgeBase(kie.newKieBaseConfiguration(null, classes));
        kieBase.addPackages(new ArrayList<>(compiled.packages()));
        return kieBase;
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
