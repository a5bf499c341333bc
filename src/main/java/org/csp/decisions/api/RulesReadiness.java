package org.csp.decisions.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.csp.decisions.engine.ReloadResult;
import org.csp.decisions.engine.RuleEngine;
import org.csp.decisions.engine.RuleSet;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while a good rule set is served; shows its version, rule count, the outcome of the last reload and the rules
 * quarantined (readiness stays UP with a quarantine: the rest of the set is served).
 */
@Readiness
@ApplicationScoped
public class RulesReadiness implements HealthCheck {
    @Inject
    RuleEngine engine;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("rules");
        if (!engine.isServing()) {
            return response.down().build();
        }
        RuleSet set = engine.current();
        response.up().withData("ruleSetVersion", set.version()).withData("ruleCount", set.rules().size())
                .withData("origin", set.origin());
        if (!set.quarantined().isEmpty()) {
            response.withData("quarantined", String.join(", ", set.quarantined().keySet()));
        }
        ReloadResult last = engine.lastReload();
        if (last != null) {
            response.withData("lastReload", last.outcome().name()).withData("lastReloadAt", last.at().toString());
            if (last.outcome() == ReloadResult.Outcome.FAILED) {
                response.withData("lastReloadErrors", last.errors().size());
            }
        }
        return response.build();
    }
}
