package org.csp.decisions.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.csp.decisions.model.Category;
import org.csp.decisions.model.CategorySummary;
import org.csp.decisions.model.Evaluation;
import org.csp.decisions.model.Finding;
import org.csp.decisions.model.FindingHit;
import org.csp.decisions.model.Profile;
import org.csp.decisions.model.Severity;
import org.csp.decisions.model.Summary;

/**
 * {@link FindingAssembler} as it was before it assembled without per-finding maps, sets and streams (commit 1b1aef0),
 * kept as the reference the faster one must agree with ({@code FindingAssemblerTest}). Its description then: turns the hits that rules emitted into the answer of FINDINGS.md C: one finding per id (subjects and facts merged,
 * D.5), explanations and advice with their placeholders filled (advice only where its condition holds for the
 * finding's facts; recommendations and practice notes apart), the LEG-900 aggregate and the summary (D.6), sorted by
 * severity then id.
 */
final class ReferenceFindingAssembler {
    static final Comparator<Finding> ORDER = Comparator.comparing(Finding::severity)
            .thenComparing(Finding::id);

    Evaluation assemble(RuleSet ruleSet, String partnershipId, Profile profile, List<FindingHit> hits,
            List<String> firedRules) {
        Map<String, List<FindingHit>> byId = new TreeMap<>();
        Map<String, RuleMetadata> firstRule = new TreeMap<>();
        for (FindingHit hit : hits) {
            RuleMetadata rule = ruleSet.rule(hit.ruleName());
            if (rule == null) {
                continue; // cannot happen: every rule of a set has metadata
            }
            byId.computeIfAbsent(rule.findingId(), k -> new ArrayList<>()).add(hit);
            firstRule.merge(rule.findingId(), rule, ReferenceFindingAssembler::sameWording);
        }
        List<Finding> findings = new ArrayList<>(byId.size() + 1);
        byId.forEach((id, group) -> findings.add(merge(firstRule.get(id), group)));
        Finding aggregate = legitimacyAggregate(ruleSet, findings);
        if (aggregate != null) {
            findings.add(aggregate);
        }
        findings.sort(ORDER);
        return new Evaluation(ruleSet.version(), partnershipId, Instant.now(), List.copyOf(findings),
                summary(findings, profile, aggregate), firedRules);
    }

    /**
     * Two rules of one id fired: one finding with merged subjects and facts (D.5) when they say the same thing; an
     * error naming both when their explanations differ, because picking one would be silent.
     */
    private static RuleMetadata sameWording(RuleMetadata a, RuleMetadata b) {
        if (a != b && !a.explanation().equals(b.explanation())) {
            RuleMetadata first = a.ruleName().compareTo(b.ruleName()) <= 0 ? a : b;
            throw new RuleConflictException(a.findingId(), first.ruleName(), (first == a ? b : a).ruleName());
        }
        return a.ruleName().compareTo(b.ruleName()) <= 0 ? a : b;
    }

    private static Finding merge(RuleMetadata rule, List<FindingHit> group) {
        Set<String> subjects = new TreeSet<>();
        Map<String, Object> facts = new TreeMap<>();
        Map<String, Object> params = new LinkedHashMap<>();
        for (FindingHit hit : group) {
            subjects.addAll(hit.subjects());
            hit.putFacts(facts);
            hit.putParamsIfAbsent(params);
        }
        params.put("subjects", String.join(", ", subjects));
        return new Finding(rule.findingId(), rule.category(), rule.severity(), rule.title(),
                rule.template().fill(params), advice(rule.recommendations(), params, facts),
                advice(rule.practiceNotes(), params, facts), List.copyOf(subjects), facts, false, rule.source());
    }

    /** The advice that applies to this finding (its condition holds for the facts), placeholders filled. */
    private static List<String> advice(List<Advice> advice, Map<String, Object> params, Map<String, Object> facts) {
        if (advice.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(advice.size());
        for (Advice a : advice) {
            String text = a.render(params, facts);
            if (text != null) {
                out.add(text);
            }
        }
        return List.copyOf(out);
    }

    /**
     * LEG-900: fires when any legitimacy risk fired. "Risk" means a non-INFO finding of the aggregate's category
     * (LEGITIMACY_RISK): that is LEG-001 to LEG-005 in the catalogue, while LEG-006 (INFO, the "safer option" note)
     * never contributes. An analyst's new legitimacy rule with a real severity contributes too. The words come from
     * the aggregate file beside the legitimacy rules ({@link AggregateDefinition}).
     */
    private static Finding legitimacyAggregate(RuleSet ruleSet, List<Finding> findings) {
        AggregateDefinition definition = ruleSet.aggregate();
        List<Finding> contributing = findings.stream()
                .filter(f -> f.category() == definition.category() && f.severity() != Severity.INFO && !f.aggregate())
                .sorted(Comparator.comparing(Finding::id))
                .toList();
        if (contributing.isEmpty()) {
            return null;
        }
        Severity severity = contributing.stream().map(Finding::severity).min(Comparator.naturalOrder()).orElseThrow();
        List<String> ids = contributing.stream().map(Finding::id).toList();
        Set<String> subjects = new TreeSet<>();
        Set<String> recommendations = new LinkedHashSet<>();
        Set<String> practiceNotes = new LinkedHashSet<>();
        for (Finding f : contributing) {
            subjects.addAll(f.subjects());
            recommendations.addAll(f.recommendations());
            practiceNotes.addAll(f.practiceNotes());
        }
        Map<String, Object> params = Map.of("severity", severity.name(), "findings", String.join(", ", ids),
                "subjects", String.join(", ", subjects));
        return new Finding(definition.id(), definition.category(), severity,
                ruleSet.aggregateTitle().fill(params), ruleSet.aggregateExplanation().fill(params),
                List.copyOf(recommendations), List.copyOf(practiceNotes), List.copyOf(subjects),
                Map.of("findings", ids), true,
                definition.source());
    }

    private static Summary summary(List<Finding> findings, Profile profile, Finding aggregate) {
        Map<Severity, Integer> bySeverity = new EnumMap<>(Severity.class);
        for (Severity s : Severity.values()) {
            bySeverity.put(s, 0);
        }
        Map<Category, List<Finding>> perCategory = new EnumMap<>(Category.class);
        for (Category c : Category.values()) {
            perCategory.put(c, new ArrayList<>());
        }
        Severity highest = null;
        for (Finding f : findings) {
            if (f.aggregate()) {
                continue;
            }
            bySeverity.merge(f.severity(), 1, Integer::sum);
            perCategory.get(f.category()).add(f);
            highest = highest == null || f.severity().compareTo(highest) < 0 ? f.severity() : highest;
        }
        Map<Category, CategorySummary> byCategory = new EnumMap<>(Category.class);
        perCategory.forEach((category, list) -> byCategory.put(category, new CategorySummary(list.size(),
                list.stream().map(Finding::severity).min(Comparator.naturalOrder()).orElse(null),
                list.stream().map(Finding::id).sorted().toList())));
        String overall = !profile.npoAndCompany() ? "NOT_APPLICABLE"
                : aggregate != null ? aggregate.severity().name() : "NONE_FOUND";
        return new Summary(highest, bySeverity, byCategory, overall);
    }
}
