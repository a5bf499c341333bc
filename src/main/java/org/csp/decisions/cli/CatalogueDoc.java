package org.csp.decisions.cli;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.csp.decisions.engine.AggregateDefinition;
import org.csp.decisions.engine.RuleMetadata;
import org.csp.decisions.engine.RuleSet;
import org.csp.decisions.model.Category;

/**
 * The findings catalogue page ({@code docs/catalogue.md}) written from the rules' own metadata, so the page and the
 * answers cannot disagree: per category, every finding's id, title, severity, explanation (with its placeholders),
 * recommendations, source, reading chosen and file, then the aggregate. {@code CatalogueDocTest} fails when the
 * committed page differs from what the bundled rules give.
 */
public final class CatalogueDoc {
    private CatalogueDoc() {
    }

    public static String render(RuleSet ruleSet) {
        StringBuilder out = new StringBuilder();
        out.append("# Findings catalogue\n\n")
                .append("Generated from the metadata of the bundled rules (`src/main/resources/rules`); do not edit by hand.\n")
                .append("Regenerate with `./mvnw -q test -Dtest=CatalogueDocTest -Dcatalogue.write=true` (the test fails\n")
                .append("when this page is out of date). Explanations are shown as written in `@explanation`: `{name}` is\n")
                .append("filled by the rule, `{name: key = text | ...}` chooses a wording (README, \"One rule says everything\n")
                .append("its finding says\"). Research texts are the seed files named in each source.\n\n");
        Map<Category, List<RuleMetadata>> byCategory = new TreeMap<>();
        Map<String, RuleMetadata> firstById = new TreeMap<>();
        for (RuleMetadata rule : ruleSet.rules()) {
            firstById.putIfAbsent(rule.findingId(), rule);
        }
        firstById.values().forEach(r -> byCategory.computeIfAbsent(r.category(), k -> new java.util.ArrayList<>()).add(r));
        AggregateDefinition aggregate = ruleSet.aggregate();
        out.append("| Category | Findings |\n|---|---|\n");
        for (Category category : Category.values()) {
            List<RuleMetadata> rules = byCategory.getOrDefault(category, List.of());
            String ids = String.join(", ", rules.stream().map(RuleMetadata::findingId).toList());
            if (aggregate.category() == category) {
                ids = ids + (ids.isEmpty() ? "" : ", ") + aggregate.id() + " (aggregate)";
            }
            out.append("| ").append(category).append(" | ").append(ids).append(" |\n");
        }
        for (Category category : Category.values()) {
            out.append("\n## ").append(category).append("\n");
            for (RuleMetadata rule : byCategory.getOrDefault(category, List.of()).stream()
                    .sorted(Comparator.comparing(RuleMetadata::findingId)).toList()) {
                List<RuleMetadata> all = ruleSet.rules().stream().filter(r -> r.findingId().equals(rule.findingId())).toList();
                out.append("\n### ").append(rule.findingId()).append(" · ").append(rule.title()).append("\n\n");
                out.append("- **Severity:** ").append(rule.severity()).append("\n");
                out.append("- **Explanation:** ").append(escape(rule.explanation())).append("\n");
                for (RuleMetadata variant : all) {
                    if (variant != rule && !variant.explanation().equals(rule.explanation())) {
                        out.append("- **Explanation** (rule `").append(variant.ruleName()).append("`): ")
                                .append(escape(variant.explanation())).append("\n");
                    }
                }
                out.append("- **Recommendations** (from the research):\n");
                for (int i = 0; i < rule.recommendations().size(); i++) {
                    out.append("  ").append(i + 1).append(". ").append(escape(rule.recommendations().get(i).describe())).append("\n");
                }
                if (!rule.practiceNotes().isEmpty()) {
                    out.append("- **Practice notes** (practical advice, not from the research):\n");
                    for (int i = 0; i < rule.practiceNotes().size(); i++) {
                        out.append("  ").append(i + 1).append(". ").append(escape(rule.practiceNotes().get(i).describe())).append("\n");
                    }
                }
                out.append("- **Source:** `").append(rule.source().seed()).append("`, ").append(escape(rule.source().citation()))
                        .append(". ").append(escape(rule.source().paraphrase())).append("\n");
                if (rule.interpretation() != null) {
                    out.append("- **Reading chosen:** ").append(escape(rule.interpretation())).append("\n");
                }
                out.append("- **Rule:** ").append(String.join(", ", all.stream()
                        .map(r -> "`" + r.file() + "` (\"" + r.ruleName().replace("\"", "\\\"") + "\")").toList())).append("\n");
            }
            if (aggregate.category() == category) {
                out.append("\n### ").append(aggregate.id()).append(" · ").append(escape(aggregate.title()))
                        .append(" (aggregate)\n\n");
                out.append("- **Severity:** the highest of the contributing findings\n");
                out.append("- **Explanation:** ").append(escape(aggregate.explanation())).append("\n");
                out.append("- **Recommendations:** those of the contributing findings, merged\n");
                out.append("- **Source:** `").append(aggregate.source().seed()).append("`, ")
                        .append(escape(aggregate.source().citation())).append(". ")
                        .append(escape(aggregate.source().paraphrase())).append("\n");
                if (aggregate.interpretation() != null) {
                    out.append("- **Reading chosen:** ").append(escape(aggregate.interpretation())).append("\n");
                }
                out.append("- **Words:** `").append(aggregate.file()).append("`\n");
            }
        }
        return out.toString();
    }

    /** Keeps Markdown from reading rule text as markup (asterisks, underscores, angle brackets, pipes). */
    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_").replace("<", "&lt;")
                .replace("|", "\\|");
    }
}
