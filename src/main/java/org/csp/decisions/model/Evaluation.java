package org.csp.decisions.model;

import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer of {@code POST /evaluate} (FINDINGS.md C). */
public record Evaluation(
        @Schema(pattern = "^sha256:[0-9a-f]{12}", description = "Content hash of the rule files that answered")
        String ruleSetVersion,
        String partnershipId,
        Instant evaluatedAt,
        List<Finding> findings,
        Summary summary,
        List<String> firedRules) {
}
