package org.csp.decisions.model;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Non-aggregate findings of one category; {@code highestSeverity} is null when the count is 0. */
public record CategorySummary(@Schema(minimum = "0") int count,
        @Schema(nullable = true, description = "null when the count is 0") Severity highestSeverity,
        List<String> findingIds) {
}
