package org.csp.decisions.cases;

import java.util.List;
import org.csp.decisions.model.Category;
import org.csp.decisions.model.Severity;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The answer of {@code GET /rules/coverage}: the traceability map of the served rules folder, both ways. Every field
 * is always present ({@code null} where it does not apply); lists are never null. The shape is versioned with the
 * API: clients such as the analysts' workbench may rely on it.
 */
@Schema(description = "The traceability map of the served rules, both ways: each seed's claims with the findings "
        + "that encode them or the reason none does, and each served finding with its passages and its cases.")
public record Coverage(
        @Schema(description = "The served rule set these findings and case results belong to", example = "sha256:89156d4c6bb4")
        String ruleSetVersion,
        @Schema(description = "sha256 (12 hex digits) over the map files' names and texts", example = "sha256:0c1d2e3f4a5b")
        String mapVersion,
        CoverageSummary summary,
        @Schema(description = "One entry per seed text, in file order")
        List<SeedCoverage> seeds,
        @Schema(description = "Every served finding (rules and aggregates), sorted by id")
        List<FindingCoverage> findings,
        @Schema(description = "Findings the map proposes for review; never served")
        List<ProposalView> proposals,
        @Schema(description = "Finding ids the map names although the served rules do not emit them yet (catalogue additions in progress)")
        List<String> notYetServed,
        @Schema(description = "What is wrong with the map against the served rules; empty when it checks out. "
                + "The build also checks each quote against the seed texts.")
        List<String> problems) {

    /** How a claim is accounted for. */
    public enum ClaimStatus {
        /** One or more served findings encode it. */
        ENCODED,
        /** It would need a request field the request does not have ({@code neededFact}). */
        NEEDS_FACT,
        /** It describes, frames or points elsewhere; nothing to check on a partnership. */
        DESCRIPTIVE_ONLY,
        /** Another claim ({@code coveredBy}) says the same and is accounted for. */
        COVERED_BY,
        /** Only a proposed (not served) finding would encode it. */
        PROPOSED,
        /** Neither encoded nor explained: a map problem. */
        UNEXPLAINED
    }

    /** Where a finding's passage list comes from. */
    public enum PassagesFrom {
        /** The claims whose encodedBy names the finding. */
        MAP,
        /** The rule's {@code @passageN} metadata (which must agree with the map). */
        RULE_METADATA,
        /** An aggregate: the passages of the findings it rolls up. */
        ROLL_UP
    }

    @Schema(description = "Claim counts over all seeds, and how many served findings have passages and passing cases")
    public record CoverageSummary(int claims, int encoded, int needsFact, int descriptiveOnly, int coveredBy, int proposed,
            int unexplained, int proposals, int findings, int findingsWithPassages, int findingsWithPassingCases,
            int cases, int casesPassed) {
    }

    @Schema(description = "One seed text and its claims")
    public record SeedCoverage(
            @Schema(example = "002_80e93118022a0e8d.txt") String seed,
            String title,
            @Schema(description = "Short name for tables") String label,
            @Schema(description = "The map file, relative to the rules folder", example = "traceability/002_80e93118022a0e8d.map.json") String mapFile,
            ClaimCounts counts,
            List<ClaimView> claims) {
    }

    @Schema(description = "Claims of one seed by status")
    public record ClaimCounts(int claims, int encoded, int needsFact, int descriptiveOnly, int coveredBy, int proposed,
            int unexplained, int proposals) {
    }

    @Schema(description = "One claim of a seed: a finding, challenge, recommendation, comparison or definition")
    public record ClaimView(
            @Schema(description = "<seed number>#p<n>; the id a rule names in @passageN metadata", example = "002#p31") String id,
            @Schema(example = "002_80e93118022a0e8d.txt") String seed,
            @Schema(description = "1-based line of the seed where the quote starts") int line,
            @Schema(description = "The heading the claim sits under (a whole line of the seed)") String section,
            @Schema(enumeration = {"FINDING", "CHALLENGE", "RECOMMENDATION", "COMPARISON", "DEFINITION"}) String kind,
            @Schema(description = "Short verbatim quote (whitespace collapsed)", example = "notes that brand licensing is a high-risk option") String quote,
            ClaimStatus status,
            @Schema(description = "Served finding ids that encode the claim") List<String> encodedBy,
            @Schema(description = "NEEDS_FACT: the request field it would need; null otherwise", example = "partnership.ideaFraming", nullable = true) String neededFact,
            @Schema(description = "COVERED_BY: the claim that covers it; null otherwise", nullable = true) String coveredBy,
            @Schema(description = "A reader's note on the claim, or null", nullable = true) String note,
            @Schema(description = "Id of a proposed finding resting on this claim (see proposals), or null", nullable = true) String proposal) {
    }

    @Schema(description = "One served finding with the passages it rests on and its cases")
    public record FindingCoverage(
            @Schema(example = "LEG-004") String id,
            String title,
            Category category,
            @Schema(description = "null for an aggregate (computed from its contributors)", nullable = true) Severity severity,
            boolean aggregate,
            @Schema(description = "An aggregate's contributors; empty otherwise") List<String> rollUpOf,
            @Schema(description = "The seed file its rule's @source names") String sourceSeed,
            PassagesFrom passagesFrom,
            List<PassageRef> passages,
            @Schema(description = "The cases of its case file(s), run against the served rules") List<CaseResult> cases,
            @Schema(description = "true when it has cases and all of them pass on the served rules") boolean casesPass) {
    }

    @Schema(description = "A passage a finding rests on")
    public record PassageRef(String id, String seed, int line, String section, String quote) {
    }

    @Schema(description = "One case run against the served rules")
    public record CaseResult(
            @Schema(example = "cases/legitimacy/LEG-004.json") String file,
            String name,
            boolean passed,
            @Schema(description = "What differed; empty when it passed") List<String> problems) {
    }

    @Schema(description = "A finding the map proposes where a claim could be encoded over facts the request already "
            + "has; for review, never served")
    public record ProposalView(
            @Schema(example = "PROP-GOV-INTERFACES") String id,
            @Schema(description = "The claim it rests on") String claim,
            String seed,
            String title,
            Category category,
            Severity severity,
            String severityWhy,
            @Schema(description = "In the catalogue's notation (FINDINGS.md B.1)") String condition,
            String subjects,
            String triggeringFacts,
            String explanation,
            @Schema(description = "From the seed; no practice notes") List<String> recommendations,
            String why) {
    }
}
