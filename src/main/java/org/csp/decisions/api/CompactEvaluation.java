package org.csp.decisions.api;

import java.util.ArrayList;
import java.util.List;
import org.csp.decisions.model.Category;
import org.csp.decisions.model.Evaluation;
import org.csp.decisions.model.Finding;
import org.csp.decisions.model.Severity;
import org.csp.decisions.model.Summary;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The answer of {@code ?view=compact}: what a caller needs to route or count findings, without the prose (titles,
 * explanations, recommendations, triggering facts, sources) that makes up most of a full answer.
 */
@Schema(name = "CompactEvaluation", description = "The answer with ?view=compact: the rule-set version, the partnership, "
        + "each finding's id, category, severity and subjects, and the summary; no prose.")
public record CompactEvaluation(
        @Schema(description = "Version of the rule set that answered (as in the full answer)") String ruleSetVersion,
        @Schema(description = "The request's partnership.id") String partnershipId,
        List<CompactFinding> findings,
        Summary summary) {

    @Schema(name = "CompactFinding", description = "A finding without its prose; GET /rules has the words of each id.")
    public record CompactFinding(String id, Category category, Severity severity, List<String> subjects) {
    }

    static CompactEvaluation of(Evaluation evaluation) {
        List<CompactFinding> findings = new ArrayList<>(evaluation.findings().size());
        for (Finding f : evaluation.findings()) {
            findings.add(new CompactFinding(f.id(), f.category(), f.severity(), f.subjects()));
        }
        return new CompactEvaluation(evaluation.ruleSetVersion(), evaluation.partnershipId(), findings,
                evaluation.summary());
    }
}
