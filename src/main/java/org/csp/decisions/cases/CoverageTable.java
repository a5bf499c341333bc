package org.csp.decisions.cases;

import java.util.List;
import org.csp.decisions.cases.Coverage.ClaimCounts;
import org.csp.decisions.cases.TraceabilityMap.SeedMap;

/**
 * The README's coverage table (claims per seed by status), generated from the traceability map - the same map
 * {@code GET /rules/coverage} serves. The README marks the table with {@link #BEGIN} and {@link #END};
 * {@code ReadmeCoverageTableTest} fails when it is out of date and rewrites it when run with
 * {@code UPDATE_README=true}.
 */
public final class CoverageTable {
    public static final String BEGIN = "<!-- coverage-table:begin (generated from src/main/resources/rules/traceability; "
            + "refresh: UPDATE_README=true ./mvnw -q test -Dtest=ReadmeCoverageTableTest) -->";
    public static final String END = "<!-- coverage-table:end -->";
    public static final String PROPOSALS_BEGIN = "<!-- proposals-table:begin (generated from src/main/resources/rules/traceability; "
            + "refresh: UPDATE_README=true ./mvnw -q test -Dtest=ReadmeCoverageTableTest) -->";
    public static final String PROPOSALS_END = "<!-- proposals-table:end -->";

    private CoverageTable() {
    }

    /** The Markdown table: one row per seed and a total row. */
    public static String markdown(TraceabilityMap map) {
        StringBuilder out = new StringBuilder();
        out.append("| Seed | Claims | Encoded | Needs a new fact | Descriptive only | Covered by another claim "
                + "| Only proposed | Proposed findings |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (SeedMap seed : map.seeds()) {
            row(out, "`" + seed.seed().substring(0, Math.min(3, seed.seed().length())) + "` " + seed.label(),
                    CoverageService.counts(seed.claims()));
        }
        row(out, "**All seeds**", CoverageService.counts(map.claims()));
        return out.toString();
    }

    /** The proposed findings: id, the claim it rests on, title, condition, severity. */
    public static String proposals(TraceabilityMap map) {
        StringBuilder out = new StringBuilder();
        out.append("| Id | Claim | Title | Condition | Severity |\n");
        out.append("|---|---|---|---|---|\n");
        for (TraceabilityMap.Claim claim : map.claims()) {
            TraceabilityMap.Proposal p = claim.proposal();
            if (p != null) {
                out.append("| ").append(p.id()).append(" | `").append(claim.id()).append("` | ").append(cell(p.title()))
                        .append(" | `").append(cell(p.condition())).append("` | ").append(p.severity()).append(" |\n");
            }
        }
        return out.toString();
    }

    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|");
    }

    private static void row(StringBuilder out, String name, ClaimCounts c) {
        List<Integer> cells = List.of(c.claims(), c.encoded(), c.needsFact(), c.descriptiveOnly(), c.coveredBy(),
                c.proposed(), c.proposals());
        out.append("| ").append(name);
        cells.forEach(n -> out.append(" | ").append(n));
        out.append(" |\n");
    }

    /** The README with the text between the markers replaced by {@code table}; fails if the markers are missing. */
    public static String replaceRegion(String readme, String table) {
        return replaceRegion(readme, table, BEGIN, END);
    }

    /** The README with the text between two markers replaced by {@code table}; fails if the markers are missing. */
    public static String replaceRegion(String readme, String table, String beginMarker, String endMarker) {
        int begin = readme.indexOf(beginMarker);
        int end = readme.indexOf(endMarker);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("README.md has no generated table region: add the lines\n"
                    + beginMarker + "\n" + endMarker);
        }
        return readme.substring(0, begin + beginMarker.length()) + "\n" + table + readme.substring(end);
    }

    /** The table currently between the markers (without the markers). */
    public static String region(String readme) {
        return region(readme, BEGIN, END);
    }

    /** The text between two markers (without them), or null when they are missing. */
    public static String region(String readme, String beginMarker, String endMarker) {
        int begin = readme.indexOf(beginMarker);
        int end = readme.indexOf(endMarker);
        if (begin < 0 || end < begin) {
            return null;
        }
        return readme.substring(begin + beginMarker.length(), end).strip() + "\n";
    }
}
