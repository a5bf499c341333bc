package org.csp.decisions.cases;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.csp.decisions.cases.Coverage.CaseResult;
import org.csp.decisions.cases.Coverage.ClaimCounts;
import org.csp.decisions.cases.Coverage.ClaimView;
import org.csp.decisions.cases.Coverage.FindingCoverage;
import org.csp.decisions.cases.Coverage.PassageRef;
import org.csp.decisions.cases.Coverage.PassagesFrom;
import org.csp.decisions.cases.Coverage.ProposalView;
import org.csp.decisions.cases.Coverage.SeedCoverage;
import org.csp.decisions.cases.Coverage.ClaimStatus;
import org.csp.decisions.cases.TraceabilityMap.Aggregate;
import org.csp.decisions.cases.TraceabilityMap.Claim;
import org.csp.decisions.cases.TraceabilityMap.SeedMap;
import org.csp.decisions.engine.RuleEngine;
import org.csp.decisions.engine.RuleFile;
import org.csp.decisions.engine.RuleMetadata;
import org.csp.decisions.engine.RuleSet;
import org.csp.decisions.engine.RulesFolder;
import org.csp.decisions.model.Category;
import org.csp.decisions.model.Severity;

/**
 * Builds the coverage answer for the served rule set: the traceability map of the served rules folder
 * ({@code traceability/*.map.json}), each served finding's passages, and its cases run against the served rules
 * with the analysts' case runner. Running the cases costs a few hundred evaluations, so the answer is computed once
 * per (ruleSetVersion, map, case files) and cached; a reload, or an edit of the map or the cases, computes it anew.
 */
@ApplicationScoped
public class CoverageService {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Cached(String key, Coverage coverage) {
    }

    @Inject
    RuleEngine engine;
    @Inject
    CaseGate cases;

    private volatile Cached cached;

    /** The coverage of the rule set being served now. */
    public Coverage current() {
        for (int attempt = 1; ; attempt++) {
            RuleSet set = engine.current();
            RulesFolder folder = engine.folder();
            TraceabilityMap map = TraceabilityMap.load(folder.root());
            List<RuleFile> caseFiles;
            List<String> caseErrors = new ArrayList<>();
            try {
                caseFiles = folder.caseFiles();
            } catch (IOException | UncheckedIOException e) {
                caseFiles = List.of();
                caseErrors.add("cases: cannot read: " + e.getMessage());
            }
            String key = set.version() + "|" + map.version() + "|" + org.csp.decisions.engine.RuleSetBuilder.version(caseFiles);
            Cached hit = cached;
            if (hit != null && hit.key().equals(key)) {
                return hit.coverage();
            }
            synchronized (this) {
                hit = cached;
                if (hit != null && hit.key().equals(key)) {
                    return hit.coverage();
                }
                try {
                    Coverage coverage = compute(set, map, caseFiles, cases.runner(), caseErrors);
                    cached = new Cached(key, coverage);
                    return coverage;
                } catch (RuntimeException e) {
                    // A reload may have closed this set while its cases ran; compute again for the new one.
                    if (attempt >= 3 || engine.current() == set) {
                        throw e;
                    }
                }
            }
        }
    }

    /** The coverage of {@code set} given its map and case files (no caching; tests use it directly). */
    public static Coverage compute(RuleSet set, TraceabilityMap map, List<RuleFile> caseFiles, CaseRunner runner,
            List<String> caseErrors) {
        Map<String, List<String>> metadata = PassageMetadata.read(set.files());
        Map<String, RuleMetadata> rulesById = new TreeMap<>();
        for (RuleMetadata rule : set.rules()) {
            rulesById.putIfAbsent(rule.findingId(), rule);
        }
        List<String> problems = new ArrayList<>(TraceabilityCheck.structure(map, TraceabilityReport.served(set)));
        problems.addAll(caseErrors);

        Map<String, Claim> claims = TraceabilityCheck.claimsById(map);
        Map<String, String> seedOf = new LinkedHashMap<>();
        map.seeds().forEach(s -> s.claims().forEach(c -> seedOf.putIfAbsent(c.id(), s.seed())));
        Map<String, List<String>> passages = TraceabilityCheck.passagesByFinding(map);
        Map<String, List<CaseResult>> casesByFinding = runCases(set, caseFiles, runner, problems);

        List<FindingCoverage> findings = new ArrayList<>();
        for (RuleMetadata rule : rulesById.values()) {
            List<String> fromMetadata = metadata.getOrDefault(rule.findingId(), List.of());
            List<String> ids = fromMetadata.isEmpty() ? passages.getOrDefault(rule.findingId(), List.of()) : fromMetadata;
            findings.add(finding(rule.findingId(), rule.title(), rule.category(), rule.severity(), List.of(),
                    rule.source() == null ? null : rule.source().seed(),
                    fromMetadata.isEmpty() ? PassagesFrom.MAP : PassagesFrom.RULE_METADATA, ids, claims, seedOf,
                    casesByFinding));
        }
        for (Aggregate aggregate : TraceabilityCheck.aggregates(map).values()) {
            if (rulesById.containsKey(aggregate.id())) {
                continue;
            }
            RuleMetadata first = aggregate.rollUpOf().stream().map(rulesById::get).filter(Objects::nonNull)
                    .findFirst().orElse(null);
            findings.add(finding(aggregate.id(), aggregate.title(), first == null ? null : first.category(), null,
                    aggregate.rollUpOf(), first == null || first.source() == null ? null : first.source().seed(),
                    PassagesFrom.ROLL_UP, passages.getOrDefault(aggregate.id(), List.of()), claims, seedOf,
                    casesByFinding));
        }
        findings.sort(java.util.Comparator.comparing(FindingCoverage::id));

        List<SeedCoverage> seeds = new ArrayList<>();
        List<ProposalView> proposals = new ArrayList<>();
        for (SeedMap seed : map.seeds()) {
            List<ClaimView> views = new ArrayList<>();
            for (Claim c : seed.claims()) {
                views.add(new ClaimView(c.id(), seed.seed(), c.line(), c.section(), c.kind(),
                        TraceabilityCheck.normalise(Objects.toString(c.quote(), "")), status(c), c.encodedBy(),
                        c.neededFact(), c.coveredBy(), c.note(), c.proposal() == null ? null : c.proposal().id()));
                if (c.proposal() != null) {
                    var p = c.proposal();
                    proposals.add(new ProposalView(p.id(), c.id(), seed.seed(), p.title(), parse(Category.class, p.category()),
                            parse(Severity.class, p.severity()), p.severityWhy(), p.condition(), p.subjects(),
                            p.triggeringFacts(), p.explanation(), p.recommendations(), p.why()));
                }
            }
            seeds.add(new SeedCoverage(seed.seed(), seed.title(), seed.label(), seed.file(), counts(seed.claims()), views));
        }
        List<Claim> all = map.claims();
        ClaimCounts total = counts(all);
        int withPassages = (int) findings.stream().filter(f -> !f.passages().isEmpty()).count();
        int passing = (int) findings.stream().filter(FindingCoverage::casesPass).count();
        int caseCount = casesByFinding.values().stream().mapToInt(List::size).sum();
        int casePassed = (int) casesByFinding.values().stream().flatMap(List::stream).filter(CaseResult::passed).count();
        var summary = new Coverage.CoverageSummary(total.claims(), total.encoded(), total.needsFact(), total.descriptiveOnly(),
                total.coveredBy(), total.proposed(), total.unexplained(), total.proposals(), findings.size(),
                withPassages, passing, caseCount, casePassed);
        List<String> pending = TraceabilityCheck.notYetServed(map).stream()
                .filter(id -> !rulesById.containsKey(id)).toList();
        return new Coverage(set.version(), map.version(), summary, seeds, findings, proposals, pending, problems);
    }

    private static FindingCoverage finding(String id, String title, Category category, Severity severity,
            List<String> rollUpOf, String sourceSeed, PassagesFrom from, List<String> passageIds,
            Map<String, Claim> claims, Map<String, String> seedOf, Map<String, List<CaseResult>> casesByFinding) {
        List<PassageRef> passages = new ArrayList<>();
        for (String pid : passageIds) {
            Claim c = claims.get(pid);
            if (c != null) {
                passages.add(new PassageRef(pid, seedOf.get(pid), c.line(), c.section(),
                        TraceabilityCheck.normalise(Objects.toString(c.quote(), ""))));
            }
        }
        List<CaseResult> results = casesByFinding.getOrDefault(id, List.of());
        boolean pass = !results.isEmpty() && results.stream().allMatch(CaseResult::passed);
        return new FindingCoverage(id, title, category, severity, !rollUpOf.isEmpty(), rollUpOf, sourceSeed, from,
                passages, results, pass);
    }

    /** Runs each case file against the set; a file's cases belong to the finding its "finding" field names. */
    private static Map<String, List<CaseResult>> runCases(RuleSet set, List<RuleFile> caseFiles, CaseRunner runner,
            List<String> problems) {
        Map<String, List<CaseResult>> byFinding = new TreeMap<>();
        for (RuleFile file : caseFiles) {
            String finding = findingOf(file);
            List<String> errors = new ArrayList<>();
            List<RuleCase> parsed = CaseFiles.parse(file, errors);
            problems.addAll(errors);
            if (parsed.isEmpty()) {
                continue;
            }
            CaseRunner.Report report = runner.run(set, List.of(file));
            Map<String, List<String>> failures = new LinkedHashMap<>();
            report.failures().forEach(f -> failures.putIfAbsent(f.label(), f.problems()));
            List<CaseResult> results = byFinding.computeIfAbsent(finding, k -> new ArrayList<>());
            for (RuleCase c : parsed) {
                List<String> failed = failures.get(c.label());
                results.add(new CaseResult(c.file(), c.name(), failed == null, failed == null ? List.of() : failed));
            }
        }
        return byFinding;
    }

    /** The case file's "finding" field, or its file name without ".json". */
    private static String findingOf(RuleFile file) {
        try {
            JsonNode root = JSON.readTree(file.content());
            if (root != null && root.path("finding").isTextual()) {
                return root.get("finding").asText();
            }
        } catch (IOException e) {
            // reported by CaseFiles.parse
        }
        String name = file.path().substring(file.path().lastIndexOf('/') + 1);
        return name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    }

    static ClaimStatus status(Claim c) {
        if (!c.encodedBy().isEmpty()) {
            return ClaimStatus.ENCODED;
        }
        if (c.reason() == null) {
            return ClaimStatus.UNEXPLAINED;
        }
        return switch (c.reason()) {
            case TraceabilityMap.NEEDS_FACT -> ClaimStatus.NEEDS_FACT;
            case TraceabilityMap.DESCRIPTIVE_ONLY -> ClaimStatus.DESCRIPTIVE_ONLY;
            case TraceabilityMap.COVERED_BY -> ClaimStatus.COVERED_BY;
            case TraceabilityMap.PROPOSED -> ClaimStatus.PROPOSED;
            default -> ClaimStatus.UNEXPLAINED;
        };
    }

    /** Claim counts by status, and the number of proposals resting on them. */
    public static ClaimCounts counts(List<Claim> claims) {
        int[] n = new int[ClaimStatus.values().length];
        claims.forEach(c -> n[status(c).ordinal()]++);
        int proposals = (int) claims.stream().filter(c -> c.proposal() != null).count();
        return new ClaimCounts(claims.size(), n[ClaimStatus.ENCODED.ordinal()], n[ClaimStatus.NEEDS_FACT.ordinal()],
                n[ClaimStatus.DESCRIPTIVE_ONLY.ordinal()], n[ClaimStatus.COVERED_BY.ordinal()], n[ClaimStatus.PROPOSED.ordinal()],
                n[ClaimStatus.UNEXPLAINED.ordinal()], proposals);
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String name) {
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.name().equals(name)).findFirst().orElse(null);
    }
}
