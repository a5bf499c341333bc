package org.csp.decisions.engine;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.csp.decisions.bench.BenchSupport;
import org.csp.decisions.model.Evaluation;
import org.csp.decisions.model.EvaluationRequest;
import org.csp.decisions.model.FindingCollector;
import org.csp.decisions.model.FindingHit;
import org.csp.decisions.model.Partner;
import org.csp.decisions.model.Profile;
import org.kie.api.runtime.KieSession;
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
 * Where one evaluation's time goes (lives in the engine package to reach package-private parts): the Drools
 * session alone (pooled session, inserts, fireAllRules, dispose; no listener), the session with the product's
 * FiringRecorder, and the FindingAssembler alone (hits to findings: merge, explanation placeholders, LEG-900,
 * summary).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EngineBreakdownBenchmark {
    private RuleSet ruleSet;
    private EvaluationRequest request;
    private Profile profile;
    private List<FindingHit> hits;
    private List<String> firedRules;
    private final FindingAssembler assembler = new FindingAssembler();

    @Setup(Level.Trial)
    public void setUp() {
        BenchSupport.quietLogging();
        ruleSet = BenchSupport.build(new RuleSetBuilder(), BenchSupport.bundledRules(), "bench");
        request = BenchSupport.requestReader().read(BenchSupport.a10Body());
        profile = Profile.of(request.partners(), request.agreements());
        FindingCollector collector = fire(false);
        hits = collector.hits();
        Evaluation full = new Evaluator(new RuleSetHolder(), BenchSupport.MAX_FIRINGS, BenchSupport.TIMEOUT, BenchSupport.THREADS)
                .evaluate(ruleSet, request);
        firedRules = full.firedRules();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        ruleSet.retire();
    }

    private FindingCollector fire(boolean withRecorder) {
        FindingCollector collector = new FindingCollector();
        KieSession session = ruleSet.newSession();
        FiringRecorder recorder = withRecorder ? new FiringRecorder(System.nanoTime() + 2_000_000_000L) : null;
        try {
            if (recorder != null) {
                session.addEventListener(recorder);
            }
            Evaluator.insertFacts(session, request, Profile.of(request.partners(), request.agreements()), collector);
            session.fireAllRules(BenchSupport.MAX_FIRINGS);
        } finally {
            if (recorder != null) {
                session.removeEventListener(recorder);
            }
            session.dispose();
        }
        return collector;
    }

    /** Pooled session, inserts, fire, dispose: the Drools part of an evaluation. */
    @Benchmark
    public FindingCollector sessionOnly() {
        return fire(false);
    }

    /** As sessionOnly, plus the FiringRecorder agenda listener the product adds. */
    @Benchmark
    public FindingCollector sessionWithRecorder() {
        return fire(true);
    }

    /** Hits to the answer: merge per id, fill explanations, LEG-900, summary, sort. */
    @Benchmark
    public Evaluation assembleOnly() {
        return assembler.assemble(ruleSet, request.partnership().id(), profile, hits, firedRules);
    }
}
