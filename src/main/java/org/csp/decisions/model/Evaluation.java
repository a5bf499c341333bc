package org.csp.decisions.model;

import java.time.Instant;
import java.util.List;

/** The answer of {@code POST /evaluate} (FINDINGS.md C). */
public record Evaluation(
        String ruleSetVersion,
        String partnershipId,
        Instant evaluatedAt,
        List<Finding> findings,
        Summary summary,
        List<String> firedRules) {
}
