package org.csp.decisions.model;

import java.util.List;
import java.util.Map;

/** One finding of an evaluation (FINDINGS.md C). */
public record Finding(
        String id,
        Category category,
        Severity severity,
        String title,
        String explanation,
        List<String> recommendations,
        List<String> subjects,
        Map<String, Object> triggeringFacts,
        boolean aggregate,
        FindingSource source) {
}
