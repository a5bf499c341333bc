package org.csp.decisions.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.csp.decisions.engine.RuleFile;
import org.csp.decisions.model.EvaluationRequest;
import org.csp.decisions.model.FindingCollector;
import org.csp.decisions.model.Profile;
import org.kie.api.KieBase;
import org.kie.api.KieBaseConfiguration;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.conf.SequentialOption;
import org.kie.api.runtime.KieContainer;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionsPool;
import org.kie.api.runtime.StatelessKieSession;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Not run by bench/run.sh: "what if" experiments for the engine, outside the product code. The Drools part of one
 * evaluation of A.10 against the bundled rules, built the way RuleSetBuilder builds them, run three ways:
 * the product's way (pooled stateful session, insert, fireAllRules, dispose), a plain new stateful session, a
 * stateless session in sequential mode (allowed here because consequences never change working memory), and the
 * product's way with the rules built as an executable model instead of MVEL. Each checks that it produced the same
 * number of hits as the product's way.
 * Run: java -cp "target/bench/*:target/bench/lib/*" org.openjdk.jmh.Main WhatIfBenchmark -jvmArgsAppend "..."
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 15, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WhatIfBenchmark {
    private static final AtomicLong BUILDS = new AtomicLong();
    private KieContainer container;
    private KieSessionsPool pool;
    private KieContainer execModelContainer;
    private KieSessionsPool execModelPool;
    /** Milliseconds the executable-model build took (printed once; the build is what a reload would pay). */
    private long execModelBuildMs;
    private KieBase kieBase;
    private StatelessKieSession sequential;
    private List<Object> facts;
    private int expectedHits;

    @Setup(Level.Trial)
    public void setUp() {
        BenchSupport.quietLogging();
        KieServices kie = KieServices.Factory.get();
        ReleaseId id = kie.newReleaseId("org.csp.bench", "whatif", "1.0." + BUILDS.incrementAndGet());
        KieFileSystem kfs = kie.newKieFileSystem();
        kfs.generateAndWritePomXML(id);
        for (RuleFile file : BenchSupport.bundledRules()) {
            kfs.write("src/main/resources/rules/" + file.path(), file.content());
        }
        KieBuilder builder = kie.newKieBuilder(kfs).buildAll();
        if (builder.getResults().hasMessages(Message.Level.ERROR)) {
            throw new IllegalStateException(builder.getResults().toString());
        }
        container = kie.newKieContainer(id);

        long t0 = System.nanoTime();
        ReleaseId execId = kie.newReleaseId("org.csp.bench", "whatif-exec", "1.0." + BUILDS.incrementAndGet());
        KieFileSystem execKfs = kie.newKieFileSystem();
        execKfs.generateAndWritePomXML(execId);
        for (RuleFile file : BenchSupport.bundledRules()) {
            // Drools 10.2's executable-model code generator fails on \" inside a rule name (GOV-005); the what-if
            // uses ' there instead, which changes nothing else.
            String text = file.content().lines()
                    .map(line -> line.startsWith("rule \"") ? "rule \"" + line.substring(6, line.length() - 1)
                            .replace("\\\"", "'") + "\"" : line)
                    .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
            execKfs.write("src/main/resources/rules/" + file.path(), text);
        }
        KieBuilder execBuilder = kie.newKieBuilder(execKfs)
                .buildAll(org.drools.model.codegen.ExecutableModelProject.class);
        if (execBuilder.getResults().hasMessages(Message.Level.ERROR)) {
            throw new IllegalStateException(execBuilder.getResults().toString());
        }
        execModelContainer = kie.newKieContainer(execId);
        execModelPool = execModelContainer.newKieSessionsPool(4);
        execModelBuildMs = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("executable model: first (cold) build of the bundled rules took " + execModelBuildMs + " ms");
        pool = container.newKieSessionsPool(4);
        kieBase = container.getKieBase();
        KieBaseConfiguration conf = kie.newKieBaseConfiguration();
        conf.setOption(SequentialOption.YES);
        sequential = container.newKieBase(conf).newStatelessKieSession();

        EvaluationRequest request = BenchSupport.requestReader().read(BenchSupport.a10Body());
        facts = new ArrayList<>();
        facts.add(request.partnership());
        facts.addAll(request.partners());
        if (request.agreements() != null) {
            facts.add(request.agreements());
        }
        if (request.coordination() != null) {
            facts.add(request.coordination());
        }
        facts.add(Profile.of(request.partners(), request.agreements()));
        expectedHits = pooledStateful().hits().size();
        check("newStateful", newStateful());
        check("sequentialStateless", sequentialStateless());
        check("executableModelPooled", executableModelPooled());
    }

    private void check(String name, FindingCollector collector) {
        if (collector.hits().size() != expectedHits) {
            throw new IllegalStateException(name + ": " + collector.hits().size() + " hits, expected " + expectedHits);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.shutdown();
        container.dispose();
        execModelPool.shutdown();
        execModelContainer.dispose();
    }

    private FindingCollector run(KieSession session) {
        FindingCollector collector = new FindingCollector();
        try {
            for (Object fact : facts) {
                session.insert(fact);
            }
            session.insert(collector);
            session.fireAllRules(BenchSupport.MAX_FIRINGS);
        } finally {
            session.dispose();
        }
        return collector;
    }

    /** What Evaluator does (without its listener). */
    @Benchmark
    public FindingCollector pooledStateful() {
        return run(pool.newKieSession());
    }

    /** The product's way, but the rules compiled with the executable model (drools-model-codegen) instead of MVEL. */
    @Benchmark
    public FindingCollector executableModelPooled() {
        return run(execModelPool.newKieSession());
    }

    /** A fresh stateful session per evaluation, no pool. */
    @Benchmark
    public FindingCollector newStateful() {
        return run(kieBase.newKieSession());
    }

    /** A stateless session over a sequential-mode KieBase. */
    @Benchmark
    public FindingCollector sequentialStateless() {
        FindingCollector collector = new FindingCollector();
        List<Object> all = new ArrayList<>(facts.size() + 1);
        all.addAll(facts);
        all.add(collector);
        sequential.execute(all);
        return collector;
    }
}
