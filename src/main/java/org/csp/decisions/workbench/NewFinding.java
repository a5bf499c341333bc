package org.csp.decisions.workbench;

import org.csp.decisions.model.Category;
import org.csp.decisions.model.Severity;

/** The template of a new finding: a rule with every required metadata field, and a case file skeleton. */
final class NewFinding {
    private NewFinding() {
    }

    static String drl(String id, String area, Category category, Severity severity) {
        String pkg = "org.csp.rules." + area.replace('/', '.').replace('-', '_');
        return """
                // %1$s - say in one sentence what this finding is about and which research it rests on.
                // Conditions read facts only; the consequence only emits the finding with the facts that triggered it.
                package %2$s;

                import org.csp.decisions.model.*;

                rule "%1$s Title of the finding"
                    @id("%1$s")
                    @category("%3$s")
                    @severity("%4$s")
                    @source("004_9c6962675188af29.txt")
                    @citation("Author, title of the work")
                    @paraphrase("Say here what the research found, as one full sentence in your own words.")
                    @explanation("What applies to this partnership, and why it matters.")
                    @recommendation1("What the partnership should do about it.")
                when
                    $p : Partnership( attributes["exampleFlag"] == true )
                    $findings : FindingCollector()
                then
                    $findings.emit(kcontext)
                        .partnership("attributes.exampleFlag", true);
                end
                """.formatted(id, pkg, category.name(), severity.name());
    }

    static String cases(String id) {
        return """
                {
                  "finding": "%1$s",
                  "cases": [
                    {
                      "name": "fires when the condition holds",
                      "request": {
                        "partnership": { "id": "c1", "name": "Condition holds", "attributes": { "exampleFlag": true } },
                        "partners": [ { "id": "a", "name": "County", "sector": "PUBLIC" } ]
                      },
                      "expectPresent": ["%1$s"]
                    },
                    {
                      "name": "silent when it does not",
                      "request": {
                        "partnership": { "id": "c2", "name": "Condition does not hold", "attributes": { "exampleFlag": false } },
                        "partners": [ { "id": "a", "name": "County", "sector": "PUBLIC" } ]
                      },
                      "expectAbsent": ["%1$s"]
                    }
                  ]
                }
                """.formatted(id);
    }
}
