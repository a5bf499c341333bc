package org.csp.decisions.model;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One finding of an evaluation (FINDINGS.md C). */
public record Finding(
        String id,
        Category category,
        Severity severity,
        String title,
        String explanation,
        List<String> recommendations,
        @Schema(required = true, description = "Practical advice the catalogue adds that does not come from the cited "
                + "research (FINDINGS.md C; the catalogue marks it [op]), kept apart from recommendations so that "
                + "everything under recommendations is traceable to the cited research. [] when there is none; an "
                + "aggregate's are the union of its contributors'.")
        List<String> practiceNotes,
        List<String> subjects,
        @Schema(description = "Path of each fact that made the condition true -> its value (a string, number, boolean or "
                + "array of strings), FINDINGS.md C")
        Map<String, Object> triggeringFacts,
        boolean aggregate,
        FindingSource source) {
}
