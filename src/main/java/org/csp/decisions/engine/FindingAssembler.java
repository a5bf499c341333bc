package org.csp.decisions.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
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
 * Turns the hits that rules emitted into the answer of FINDINGS.md C: one finding per id (subjects and facts merged,
 * D.5), explanations and advice with their placeholders filled (advice only where its condition holds for the
 * finding's facts; recommendations and practice notes apart), the LEG-900 aggregate and the summary (D.6), sorted by
 * severity then id.
 *
 * <p>Written for the request path: hits are grouped by id in one hash map (most ids have one hit), subjects are
 * sorted in a list, and the aggregate and the summary are counted in loops. The maps, sets and streams it used before
 * cost ~16 us of the ~170 us of CPU an A.10 request took under load
 * (bench/results/profiles/profile-evaluate-async-cpu2-before-cpu.txt); {@code FindingAssemblerTest} holds it to the
 * same answers as that version.
 */
final class FindingAssembler {
    /** Severity then id (written out: the composed comparator's lambdas cost ~1 us per A.10 answer). */
    static final Comparator<Finding> ORDER = (a, b) -> {
        int bySeverity = a.severity().compareTo(b.severity());
        return bySeverity != 0 ? bySeverity : a.id().compareTo(b.id());
    };
    private static final Severity[] SEVERITIES = Severity.values();
    private static final Category[] CATEGORIES = Category.values();

    /** The hits of one finding id, in the order emitted, and the rule whose words the finding uses. */
    private static final class Group {
        RuleMetadata rule;
        final FindingHit first;
        /** Hits after the first; null while there is only one (the common case). */
        List<FindingHit> more;

        Group(RuleMetadata rule, FindingHit first) {
            this.rule = rule;
            this.first = first;
        }
    }

    Evaluation assemble(RuleSet ruleSet, String partnershipId, Profile profile, List<FindingHit> hits,
            List<String> firedRules) {
        Map<String, Group> byId = new HashMap<>(hits.size() * 2);
        List<Group> groups = new ArrayList<>(hits.size());
        for (FindingHit hit : hits) {
            RuleMetadata rule = ruleSet.rule(hit.ruleName());
            if (rule == null) {
                continue; // cannot happen: every rule of a set has metadata
            }
            Group group = byId.get(rule.findingId());
            if (group == null) {
                group = new Group(rule, hit);
                byId.put(rule.findingId(), group);
                groups.add(group);
            } else {
                group.rule = sameWording(group.rule, rule);
                if (group.more == null) {
                    group.more = new ArrayList<>(2);
                }
                group.more.add(hit);
            }
        }
        List<Finding> findings = new ArrayList<>(groups.size() + 1);
        for (Group group : groups) {
            findings.add(merge(group));
        }
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

    private static Finding merge(Group group) {
        RuleMetadata rule = group.rule;
        Map<String, Object> facts = new TreeMap<>();
        Map<String, Object> params = new HashMap<>();
        group.first.putFacts(facts);
        group.first.putParamsIfAbsent(params);
        List<String> subjects;
        if (group.more == null) {
            subjects = sortedDistinct(group.first.subjects());
        } else {
            List<String> all = new ArrayList<>(group.first.subjects());
            for (FindingHit hit : group.more) {
                all.addAll(hit.subjects());
                hit.putFacts(facts);
                hit.putParamsIfAbsent(params);
            }
            subjects = sortedDistinct(all);
        }
        params.put("subjects", String.join(", ", subjects));
        return new Finding(rule.findingId(), rule.category(), rule.severity(), rule.title(),
                rule.template().fill(params), advice(rule.recommendations(), params, facts),
                advice(rule.practiceNotes(), params, facts), subjects, facts, false, rule.source());
    }

    /** Partner ids in natural order, each once (as a TreeSet would give them), as an unmodifiable list. */
    private static List<String> sortedDistinct(List<String> ids) {
        int n = ids.size();
        if (n == 0) {
            return List.of();
        }
        if (n == 1) {
            return List.of(ids.get(0));
        }
        String[] sorted = ids.toArray(new String[0]);
        Arrays.sort(sorted);
        int distinct = 1;
        for (int i = 1; i < n; i++) {
            if (!sorted[i].equals(sorted[distinct - 1])) {
                sorted[distinct++] = sorted[i];
            }
        }
        return List.of(distinct == n ? sorted : Arrays.copyOf(sorted, distinct));
    }

    /** The advice that applies to this finding (its condition holds for the facts), placeholders filled. */
    private static List<String> advice(List<Advice> advice, Map<String, Object> params, Map<String, Object> facts) {
        if (advice.isEmpty()) {
            return List.of();
        }
        String[] out = new String[advice.size()];
        int n = 0;
        for (Advice a : advice) {
            String text = a.render(params, facts);
            if (text != null) {
                out[n++] = text;
            }
        }
        return n == 0 ? List.of() : List.of(n == out.length ? out : Arrays.copyOf(out, n));
    }

    /**
     * LEG-900: fires when any legitimacy risk fired. "Risk" means a non-INFO finding of the aggregate's category
     * (LEGITIMACY_RISK): that is LEG-001 to LEG-005 in the catalogue, while LEG-006 (INFO, the "safer option" note)
     * never contributes. An analyst's new legitimacy rule with a real severity contributes too. The words come from
     * the aggregate file beside the legitimacy rules ({@link AggregateDefinition}).
     */
    private static Finding legitimacyAggregate(RuleSet ruleSet, List<Finding> findings) {
        AggregateDefinition definition = ruleSet.aggregate();
        List<Finding> contributing = null;
        for (Finding f : findings) {
            if (f.category() == definition.category() && f.severity() != Severity.INFO && !f.aggregate()) {
                if (contributing == null) {
                    contributing = new ArrayList<>();
                }
                contributing.add(f);
            }
        }
        if (contributing == null) {
            return null;
        }
        contributing.sort((a, b) -> a.id().compareTo(b.id()));
        Severity severity = null;
        List<String> ids = new ArrayList<>(contributing.size());
        Set<String> subjects = new TreeSet<>();
        Set<String> recommendations = new LinkedHashSet<>();
        Set<String> practiceNotes = new LinkedHashSet<>();
        for (Finding f : contributing) {
            severity = severity == null || f.severity().compareTo(severity) < 0 ? f.severity() : severity;
            ids.add(f.id());
            subjects.addAll(f.subjects());
            recommendations.addAll(f.recommendations());
            practiceNotes.addAll(f.practiceNotes());
        }
        ids = List.copyOf(ids);
        Map<String, Object> params = Map.of("severity", severity.name(), "findings", String.join(", ", ids),
                "subjects", String.join(", ", subjects));
        return new Finding(definition.id(), definition.category(), severity,
                ruleSet.aggregateTitle().fill(params), ruleSet.aggregateExplanation().fill(params),
                List.copyOf(recommendations), List.copyOf(practiceNotes), List.copyOf(subjects),
                Map.of("findings", ids), true,
                definition.source());
    }

    /** Counts over the non-aggregate findings, which come sorted by severity then id. */
    private static Summary summary(List<Finding> findings, Profile profile, Finding aggregate) {
        int[] bySeverityCount = new int[SEVERITIES.length];
        int[] byCategoryCount = new int[CATEGORIES.length];
        Severity[] byCategoryHighest = new Severity[CATEGORIES.length];
        Severity highest = null;
        for (Finding f : findings) {
            if (f.aggregate()) {
                continue;
            }
            bySeverityCount[f.severity().ordinal()]++;
            int c = f.category().ordinal();
            byCategoryCount[c]++;
            if (byCategoryHighest[c] == null || f.severity().compareTo(byCategoryHighest[c]) < 0) {
                byCategoryHighest[c] = f.severity();
            }
            highest = highest == null || f.severity().compareTo(highest) < 0 ? f.severity() : highest;
        }
        Map<Severity, Integer> bySeverity = new EnumMap<>(Severity.class);
        for (Severity s : SEVERITIES) {
            bySeverity.put(s, bySeverityCount[s.ordinal()]);
        }
        Map<Category, CategorySummary> byCategory = new EnumMap<>(Category.class);
        for (Category category : CATEGORIES) {
            int count = byCategoryCount[category.ordinal()];
            List<String> ids;
            if (count == 0) {
                ids = List.of();
            } else {
                String[] sorted = new String[count];
                int n = 0;
                for (Finding f : findings) {
                    if (!f.aggregate() && f.category() == category) {
                        sorted[n++] = f.id();
                    }
                }
                Arrays.sort(sorted);
                ids = List.of(sorted);
            }
            byCategory.put(category, new CategorySummary(count, byCategoryHighest[category.ordinal()], ids));
        }
        String overall = !profile.npoAndCompany() ? "NOT_APPLICABLE"
                : aggregate != null ? aggregate.severity().name() : "NONE_FOUND";
        return new Summary(highest, bySeverity, byCategory, overall);
    }
}
