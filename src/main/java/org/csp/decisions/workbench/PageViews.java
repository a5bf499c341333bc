package org.csp.decisions.workbench;

import java.util.List;

/** What the workbench templates show; plain values, escaped by Qute when rendered. */
final class PageViews {
    private PageViews() {
    }

    /** The header every page shows: the served version, rule count and last reload outcome. */
    record Header(String page, String version, int ruleCount, String origin, String reloadOutcome, String reloadTime,
            boolean reloadFailed) {
    }

    record FindingRow(String id, String severity, String title, String citation, String seed, String file, int line,
            int cases, int passing, boolean aggregate, String search) {
        public boolean allPass() {
            return cases > 0 && passing == cases;
        }
    }

    record CategoryView(String name, List<FindingRow> findings) {
    }

    record Line(int number, String text, boolean highlighted) {
    }

    record RuleView(String name, String file, int line, String explanation, List<String> recommendations,
            List<String> practiceNotes, String citation, String paraphrase, String seed, String interpretation, List<Line> source) {
    }

    record CaseView(String file, String name, boolean passed, List<String> problems, List<String> expectPresent,
            List<String> expectAbsent, String expectFindings, String request) {
    }

    record FindingPage(String id, String title, String category, String severity, boolean aggregate,
            String aggregateNote, List<RuleView> rules, List<CaseView> cases, List<PassageView> passages) {
    }

    /** A passage of a seed the finding rests on (the traceability map, GET /rules/coverage). */
    record PassageView(String id, String seed, int line, String section, String quote) {
    }

    record EditFile(String path, String kind, String baseSha, String content, boolean exists) {
    }

    record Option(String value, String label, boolean selected) {
    }

    record RollbackFile(String path, String action) {
    }
}
