package org.csp.decisions.model;

import java.util.List;

/** Non-aggregate findings of one category; {@code highestSeverity} is null when the count is 0. */
public record CategorySummary(int count, Severity highestSeverity, List<String> findingIds) {
}
