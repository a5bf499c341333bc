package org.csp.decisions.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.csp.decisions.engine.RuleFile;
import org.csp.decisions.engine.RuleSet;
import org.csp.decisions.engine.RuleSetBuilder;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Warm rule compilation through the product's RuleSetBuilder (DRL compile, metadata and house-rule checks,
 * KieContainer and session pool), one build per operation, each build distinct as a reload's would be.
 * Targets: bundled rules under 300 ms, 1,000 generated rules under 2 s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
public class CompileBenchmark {
    private static final AtomicLong EDITS = new AtomicLong();
    private RuleSetBuilder builder;
    private List<RuleFile> bundled;
    private List<RuleFile> generated;

    @Setup(Level.Trial)
    public void setUp() {
        BenchSupport.quietLogging();
        builder = new RuleSetBuilder();
        bundled = BenchSupport.bundledRules();
        generated = RuleGenerator.generate(1000, 50);
    }

    private RuleSet buildAndRetire(List<RuleFile> files) {
        RuleSet set = BenchSupport.build(builder, BenchSupport.distinct(files, EDITS.incrementAndGet()), "bench");
        set.retire();
        return set;
    }

    @Benchmark
    @Warmup(iterations = 10, batchSize = 1)
    @Measurement(iterations = 10, batchSize = 1)
    public RuleSet bundledRules() {
        return buildAndRetire(bundled);
    }

    @Benchmark
    @Warmup(iterations = 3, batchSize = 1)
    @Measurement(iterations = 4, batchSize = 1)
    public RuleSet generated1000Rules() {
        return buildAndRetire(generated);
    }
}
