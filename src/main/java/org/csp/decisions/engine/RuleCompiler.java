package org.csp.decisions.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.drools.base.definitions.InternalKnowledgePackage;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.kie.api.definition.KiePackage;
import org.kie.api.io.ResourceType;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.builder.KnowledgeBuilderResult;
import org.kie.internal.builder.ResultSeverity;
import org.kie.internal.io.ResourceFactory;

/**
 * Parsed DRL in, compiled packages out: incrementally, one file at a time, when it can.
 *
 * <p>With a {@link CompiledRulesCache}, each file of a rule set whose files share nothing but imports (no function,
 * type declaration, global, query, entry point, window or rule inheritance) is its own compile unit, cached under a
 * key of that one file (its path, its text, the engine, the application build and the JDK). A reload or a check
 * after an analyst's edit then compiles only the files that changed and deserialises the rest; Drools merges the
 * packages of one DRL package from several units when the rule base is made, as it does for incremental updates.
 * Files that do share something (or a build without a cache) compile together in one unit, keyed by all of them.
 * Units are loaded or compiled in parallel, one KnowledgeBuilder per compiled unit (Drools itself builds the rules
 * of a large package in parallel; builders are independent).
 *
 * <p>This replaces KieBuilder over a KieFileSystem: that API takes text only (it parsed every file of every build
 * again) and made a KieModule, a pom and a KieContainer this service never used. {@link KnowledgeBuilder} with
 * {@code ResourceType.DESCR} compiles parsed files and reports the same messages; only files that miss the cache are
 * parsed again for it (the compiler may change the tree it is given, and the remembered parses are shared). Rules
 * still compile at run time from the rule files, never at build time.
 */
final class RuleCompiler {
    /** What a compile produced: packages for a rule base, or the compiler's errors (raw, for CompileErrors). */
    record Output(List<InternalKnowledgePackage> packages, List<RuleError> errors, int units, int compiledUnits) {
    }

    private static final AtomicInteger THREADS = new AtomicInteger();
    /** Compiles units that missed the cache; daemon threads, idle ones end after a minute. */
    private static final ExecutorService COMPILERS = compilers();

    private final CompiledRulesCache cache;

    RuleCompiler(CompiledRulesCache cache) {
        this.cache = cache;
    }

    Output compile(List<RuleFile> drlFiles, ParsedDrl parsed, ClassLoader classes) {
        List<List<RuleFile>> units = units(drlFiles, parsed);
        // Each unit is loaded from the cache or compiled; with more than one, on the compiler threads (loading 47
        // entries is CPU work too: reading, hashing, deserialising).
        List<Future<Unit>> running = new ArrayList<>();
        for (List<RuleFile> unit : units) {
            if (units.size() == 1) { // nothing to run beside it: no hand-off
                running.add(java.util.concurrent.CompletableFuture.completedFuture(loadOrCompile(unit, parsed, classes)));
            } else {
                running.add(COMPILERS.submit(() -> loadOrCompile(unit, parsed, classes)));
            }
        }
        List<InternalKnowledgePackage> packages = new ArrayList<>();
        List<RuleError> errors = new ArrayList<>();
        int compiled = 0;
        for (Future<Unit> future : running) {
            Unit done = await(future);
            errors.addAll(done.errors());
            packages.addAll(done.packages());
            compiled += done.compiled() ? 1 : 0;
        }
        return new Output(errors.isEmpty() ? packages : List.of(), errors, units.size(), compiled);
    }

    private Unit loadOrCompile(List<RuleFile> unit, ParsedDrl parsed, ClassLoader classes) {
        String key = cache == null ? null : CompiledRulesCache.key(unit);
        InternalKnowledgePackage[] cached = key == null ? null : cache.load(key, classes);
        if (cached != null) {
            return new Unit(List.of(cached), List.of(), false);
        }
        Unit done = compileUnit(unit, parsed, classes);
        if (key != null && done.errors().isEmpty()) {
            cache.store(key, done.packages().toArray(InternalKnowledgePackage[]::new));
        }
        return done;
    }

    private record Unit(List<InternalKnowledgePackage> packages, List<RuleError> errors, boolean compiled) {
    }

    private static Unit compileUnit(List<RuleFile> unit, ParsedDrl parsed, ClassLoader classes) {
        KnowledgeBuilder builder = KnowledgeBuilderFactory.newKnowledgeBuilder(
                KnowledgeBuilderFactory.newKnowledgeBuilderConfiguration(null, classes));
        // One batch: the consequences of all the unit's files go through the Java compiler together (add() one by
        // one would run it once per file).
        var batch = builder.batch();
        for (RuleFile file : unit) {
            PackageDescr descr = ParsedDrl.fresh(file); // the compiler's own tree: it may change it
            if (descr == null) {
                descr = parsed.descr(file.path());
            }
            var resource = ResourceFactory.newDescrResource(descr);
            resource.setSourcePath(file.path());
            batch.add(resource, ResourceType.DESCR);
        }
        batch.build();
        List<RuleError> errors = new ArrayList<>();
        for (KnowledgeBuilderResult result : builder.getResults(ResultSeverity.ERROR)) {
            errors.add(ParsedDrl.fromMessage(unit.size() == 1 ? unit.get(0).path() : null, result.asMessage(0)));
        }
        List<InternalKnowledgePackage> packages = new ArrayList<>();
        if (errors.isEmpty()) {
            java.util.Map<String, org.kie.api.io.Resource> texts = new java.util.HashMap<>();
            for (RuleFile file : unit) {
                texts.put(file.path(), ParsedDrl.resource(file));
            }
            for (KiePackage pkg : builder.getKnowledgePackages()) {
                InternalKnowledgePackage internal = (InternalKnowledgePackage) pkg;
                forgetTrees(internal, texts);
                packages.add(internal);
            }
        }
        return new Unit(packages, errors, true);
    }

    /**
     * Rules compiled from a parsed file name it by the parse tree's resource, which holds the whole tree: kept by the
     * rule base (about 7 MB more per 1,000 rules) and written into the cache. They get the file's text instead, as a
     * build from text would have given them.
     */
    private static void forgetTrees(InternalKnowledgePackage pkg, java.util.Map<String, org.kie.api.io.Resource> texts) {
        java.util.function.Function<org.kie.api.io.Resource, org.kie.api.io.Resource> light = r ->
                r instanceof org.drools.io.DescrResource && texts.containsKey(r.getSourcePath())
                        ? texts.get(r.getSourcePath()) : r;
        for (org.kie.api.definition.rule.Rule rule : pkg.getRules()) {
            if (rule instanceof org.drools.base.definitions.rule.impl.RuleImpl impl) {
                impl.setResource(light.apply(impl.getResource()));
            }
        }
        pkg.getFunctions().values().forEach(f -> f.setResource(light.apply(f.getResource())));
        pkg.getTypeDeclarations().values().forEach(t -> t.setResource(light.apply(t.getResource())));
    }

    private static Unit await(Future<Unit> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while compiling rules", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** One unit per file when the cache is on and the files share nothing but imports; otherwise all together. */
    private List<List<RuleFile>> units(List<RuleFile> drlFiles, ParsedDrl parsed) {
        List<RuleFile> parsedFiles = drlFiles.stream().filter(f -> parsed.descr(f.path()) != null).toList();
        if (cache == null || parsedFiles.size() < 2 || !parsed.descrs().values().stream().allMatch(RuleCompiler::standsAlone)) {
            return parsedFiles.isEmpty() ? List.of() : List.of(parsedFiles);
        }
        return parsedFiles.stream().map(List::of).toList();
    }

    /** A file another file cannot depend on, and that depends on no other file: rules and imports only. */
    static boolean standsAlone(PackageDescr pkg) {
        if (!pkg.getFunctions().isEmpty() || !pkg.getTypeDeclarations().isEmpty()
                || !pkg.getEnumDeclarations().isEmpty() || !pkg.getGlobals().isEmpty()
                || !pkg.getEntryPointDeclarations().isEmpty() || !pkg.getWindowDeclarations().isEmpty()
                || !pkg.getAccumulateImports().isEmpty()) {
            return false;
        }
        for (RuleDescr rule : pkg.getRules()) {
            if (rule.isQuery() || rule.getParentName() != null) {
                return false;
            }
        }
        return true;
    }

    private static ExecutorService compilers() {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        java.util.concurrent.ThreadPoolExecutor pool = new java.util.concurrent.ThreadPoolExecutor(threads, threads,
                60, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "rules-compiler-" + THREADS.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
