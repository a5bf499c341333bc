package org.csp.decisions.bench;

import java.util.concurrent.TimeUnit;
import org.csp.decisions.engine.Evaluator;
import org.csp.decisions.engine.RuleSet;
import org.csp.decisions.engine.RuleSetBuilder;
import org.csp.decisions.engine.RuleSetHolder;
import org.csp.decisions.model.Evaluation;
import org.csp.decisions.model.EvaluationRequest;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One evaluation in process, single-threaded: the A.10 facts (already parsed and validated) in, the assembled
 * {@link Evaluation} out, through the product's {@link Evaluator} and the bundled rules as the service builds them.
 * No HTTP, no JSON. Target: at most 15 us.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class EvaluateBenchmark {
    private RuleSet ruleSet;
    private Evaluator evaluator;
    private EvaluationRequest request;

    @Setup(Level.Trial)
    public void setUp() {
        BenchSupport.quietLogging();
        ruleSet = BenchSupport.build(new RuleSetBuilder(), BenchSupport.bundledRules(), "bench");
        evaluator = new Evaluator(new RuleSetHolder(), BenchSupport.MAX_FIRINGS, BenchSupport.TIMEOUT, BenchSupport.THREADS);
        request = BenchSupport.requestReader().read(BenchSupport.a10Body());
        Evaluation first = evaluator.evaluate(ruleSet, request);
        if (first.findings().isEmpty()) {
            throw new IllegalStateException("the A.10 request produced no findings");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        ruleSet.retire();
    }

    @Benchmark
    public Evaluation evaluate() {
        return evaluator.evaluate(ruleSet, request);
    }
}
