package org.csp.decisions.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.csp.decisions.engine.RuleEngine;
import org.csp.decisions.engine.RuleSet;
import org.csp.decisions.model.Category;
import org.csp.decisions.model.FindingSource;
import org.csp.decisions.model.Severity;

/** {@code GET /rules}: the rule set being served, rule by rule. */
@Path("/rules")
public class RulesResource {

    /** One loaded rule as GET /rules lists it. */
    public record RuleView(String name, String id, String title, Category category, Severity severity,
            FindingSource source, String file, int line) {
    }

    /** The served rule set. */
    public record RuleSetView(String ruleSetVersion, Instant loadedAt, String origin, int ruleCount,
            List<RuleView> rules) {
    }

    @Inject
    RuleEngine engine;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public RuleSetView rules() {
        RuleSet set = engine.current();
        List<RuleView> rules = set.rules().stream()
                .map(r -> new RuleView(r.ruleName(), r.findingId(), r.title(), r.category(), r.severity(),
                        r.source(), r.file(), r.line()))
                .toList();
        return new RuleSetView(set.version(), set.loadedAt(), set.origin(), rules.size(), rules);
    }
}
