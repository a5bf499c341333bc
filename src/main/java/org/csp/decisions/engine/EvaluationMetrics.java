package org.csp.decisions.engine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.csp.decisions.model.Evaluation;
import org.csp.decisions.model.Finding;

/**
 * Evaluation metrics at /q/metrics: evaluations by outcome (ok, invalid, runaway, error, overloaded), evaluation latency as a
 * histogram, and findings returned by id. Meters are created once and cached, so recording costs a map lookup.
 */
@ApplicationScoped
public class EvaluationMetrics {
    public enum Outcome { OK, INVALID, RUNAWAY, ERROR, OVERLOADED }

    private final MeterRegistry registry;
    private final Map<Outcome, Counter> outcomes = new ConcurrentHashMap<>();
    private final Map<String, Counter> findings = new ConcurrentHashMap<>();
    private final Timer latency;

    @Inject
    public EvaluationMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Outcome outcome : Outcome.values()) {
            outcomes.put(outcome, Counter.builder("csp.evaluations").description("Evaluations by outcome")
                    .tag("outcome", outcome.name().toLowerCase()).register(registry));
        }
        this.latency = Timer.builder("csp.evaluation.duration")
                .description("Time to evaluate one request against the rules (without HTTP and JSON)")
                .publishPercentileHistogram().register(registry);
    }

    public void count(Outcome outcome) {
        outcomes.get(outcome).increment();
    }

    void record(long startNanos, Evaluation evaluation, Throwable failure) {
        latency.record(System.nanoTime() - startNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        if (failure == null) {
            count(Outcome.OK);
            for (Finding finding : evaluation.findings()) {
                findings.computeIfAbsent(finding.id(), id -> Counter.builder("csp.findings")
                        .description("Findings returned, by finding id").tag("id", id).register(registry)).increment();
            }
        } else {
            Throwable cause = failure.getCause() != null && !(failure instanceof RunawayRuleException) ? failure.getCause() : failure;
            count(cause instanceof RunawayRuleException ? Outcome.RUNAWAY
                    : cause instanceof OverloadedException ? Outcome.OVERLOADED : Outcome.ERROR);
        }
    }
}
