package org.csp.decisions.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.csp.decisions.engine.RuleThreads;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive while the threads stuck in rules (past their time limit, not yet reclaimed) are within
 * {@code rules.max-stuck-threads}: past that, each new stuck rule would take capacity for good, so the process asks to
 * be restarted. Never touches the rules itself, so it answers even when every rule thread is busy.
 */
@Liveness
@ApplicationScoped
public class RulesLiveness implements HealthCheck {
    @Inject
    RuleThreads threads;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("rule-threads").status(threads.healthy())
                .withData("stuckThreads", threads.stuckThreads())
                .withData("maxStuckThreads", threads.maxStuck())
                .withData("evaluationThreads", threads.size())
                .withData("busy", threads.busy())
                .withData("queued", threads.queued())
                .withData("reclaimed", threads.reclaimedTotal())
                .build();
    }
}
