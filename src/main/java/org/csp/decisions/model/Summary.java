package org.csp.decisions.model;

import java.util.Map;

/**
 * Counts over non-aggregate findings. {@code overallLegitimacyRisk} is NOT_APPLICABLE without both a nonprofit and a
 * company, the LEG-900 severity when it fired, and NONE_FOUND otherwise.
 */
public record Summary(
        Severity highestSeverity,
        Map<Severity, Integer> bySeverity,
        Map<Category, CategorySummary> byCategory,
        String overallLegitimacyRisk) {
}
