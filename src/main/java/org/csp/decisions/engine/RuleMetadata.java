package org.csp.decisions.engine;

import java.util.List;
import org.csp.decisions.model.Category;
import org.csp.decisions.model.FindingSource;
import org.csp.decisions.model.Severity;

/**
 * What a rule says about the finding it emits, read from its name and its quoted metadata at load time:
 * everything the answer shows comes from here, so a new rule file is a complete new finding. Advice is kept in two
 * lists, as the answer keeps it: {@code recommendations} from the cited research ({@code @recommendationN}) and
 * {@code practiceNotes}, practical advice the catalogue adds ({@code @practiceN}).
 */
public record RuleMetadata(
        String ruleName,
        String findingId,
        String title,
        Category category,
        Severity severity,
        FindingSource source,
        String explanation,
        List<Advice> recommendations,
        List<Advice> practiceNotes,
        String interpretation,
        String file,
        int line,
        ExplanationTemplate template) {

    public RuleMetadata {
        template = template != null ? template : ExplanationTemplate.parse(explanation);
    }
}
