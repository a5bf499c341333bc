package org.csp.decisions.model;

import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Counts over non-aggregate findings. {@code overallLegitimacyRisk} is NOT_APPLICABLE without both a nonprofit and a
 * company, the LEG-900 severity when it fired, and NONE_FOUND otherwise.
 */
public record Summary(
        @Schema(nullable = true, description = "Highest severity among the non-aggregate findings; null when there are none")
        Severity highestSeverity,
        @Schema(ref = "SeverityCounts") Map<Severity, Integer> bySeverity,
        @Schema(ref = "CategorySummaries") Map<Category, CategorySummary> byCategory,
        @Schema(enumeration = {"NOT_APPLICABLE", "NONE_FOUND", "HIGH", "MEDIUM", "LOW", "INFO"})
        String overallLegitimacyRisk) {
}
