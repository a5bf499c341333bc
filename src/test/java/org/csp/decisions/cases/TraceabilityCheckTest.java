package org.csp.decisions.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.csp.decisions.cases.TraceabilityCheck.ServedFinding;
import org.csp.decisions.engine.RuleFile;
import org.junit.jupiter.api.Test;

/**
 * The map check fails for each kind of break the issue names: a served finding citing no passage, a cited passage
 * that does not exist, a quote not in its seed, a claim neither encoded nor explained, an encodedBy id that is not
 * served; and it accepts passages named in rule metadata only when they agree with the map.
 */
class TraceabilityCheckTest {
    static final String SEED = "009_test.txt";
    static final String TEXT = """
            A Heading

            Partnerships with a backbone
            do better. Nobody knows why.
            Funders like\u00a0dashboards.
            """;

    static TraceabilityMap map(String claims) {
        return map(claims, "");
    }

    static TraceabilityMap map(String claims, String extra) {
        String json = "{\"seed\": \"" + SEED + "\", \"title\": \"Test seed\", \"label\": \"Test\"" + extra
                + ", \"claims\": [" + claims + "]}";
        return TraceabilityMap.parse(List.of(new RuleFile("traceability/009_test.map.json", json)));
    }

    static final String GOOD = """
            {"id": "009#p1", "line": 3, "section": "A Heading", "kind": "FINDING",
             "quote": "Partnerships with a backbone do better", "encodedBy": ["FUN-001"]},
            {"id": "009#p2", "line": 4, "kind": "FINDING", "quote": "Nobody knows why.", "reason": "descriptive-only"},
            {"id": "009#p3", "line": 5, "kind": "FINDING", "quote": "Funders like dashboards",
             "reason": "needs-fact", "neededFact": "partnership.dashboards"}
            """;
    static final List<ServedFinding> SERVED = List.of(new ServedFinding("FUN-001", SEED, List.of()));

    @Test
    void aGoodMapHasNoProblems() {
        TraceabilityMap map = map(GOOD);
        assertEquals(List.of(), TraceabilityCheck.structure(map, SERVED));
        assertEquals(List.of(), TraceabilityCheck.quotes(map.seeds().get(0), TEXT));
        assertEquals(List.of("009#p1"), TraceabilityCheck.passagesByFinding(map).get("FUN-001"));
    }

    @Test
    void aServedFindingWithoutPassageFails() {
        List<String> problems = TraceabilityCheck.structure(map(GOOD),
                List.of(SERVED.get(0), new ServedFinding("FUN-002", SEED, List.of())));
        assertContains(problems, "finding FUN-002 cites no passage");
    }

    @Test
    void aPassageOutsideTheFindingsSourceSeedFails() {
        List<String> problems = TraceabilityCheck.structure(map(GOOD),
                List.of(new ServedFinding("FUN-001", "004_other.txt", List.of())));
        assertContains(problems, "finding FUN-001: none of its passages [009#p1] is in its @source seed 004_other.txt");
    }

    @Test
    void aCitedPassageThatDoesNotExistFails() {
        List<String> problems = TraceabilityCheck.structure(map(GOOD),
                List.of(new ServedFinding("FUN-001", SEED, List.of("009#p1", "009#p99"))));
        assertContains(problems, "rule metadata cites passage 009#p99, which is not in the traceability map");
        assertContains(problems, "rule metadata cites [009#p1, 009#p99] but the map's encodedBy gives [009#p1]");
    }

    @Test
    void ruleMetadataThatAgreesWithTheMapIsAccepted() {
        assertEquals(List.of(), TraceabilityCheck.structure(map(GOOD),
                List.of(new ServedFinding("FUN-001", SEED, List.of("009#p1")))));
    }

    @Test
    void aQuoteNotInTheSeedFails() {
        TraceabilityMap map = map(GOOD.replace("do better", "do much better"));
        assertContains(TraceabilityCheck.quotes(map.seeds().get(0), TEXT),
                "claim 009#p1: quote \"Partnerships with a backbone do much better\" does not occur in 009_test.txt");
    }

    @Test
    void aQuoteOnAnotherLineOrUnderAnUnknownHeadingFails() {
        TraceabilityMap map = map(GOOD.replace("\"line\": 3", "\"line\": 2").replace("A Heading", "Another"));
        List<String> problems = TraceabilityCheck.quotes(map.seeds().get(0), TEXT);
        assertContains(problems, "claim 009#p1: quote starts on line [3] of 009_test.txt, not on line 2");
        assertContains(problems, "claim 009#p1: section \"Another\" is not a line of 009_test.txt");
    }

    @Test
    void quotesMatchAcrossLineBreaksAndNoBreakSpaces() {
        assertEquals("a b c", TraceabilityCheck.normalise(" a\n\t b\u00a0c "));
        assertEquals(List.of(), TraceabilityCheck.quotes(map(GOOD).seeds().get(0), TEXT));
    }

    @Test
    void aClaimNeitherEncodedNorExplainedFails() {
        TraceabilityMap map = map(GOOD.replace("\"reason\": \"descriptive-only\"", "\"note\": \"forgot\""));
        assertContains(TraceabilityCheck.structure(map, SERVED),
                "claim 009#p2: is neither encoded (encodedBy) nor explained");
    }

    @Test
    void reasonsMustCarryWhatTheyNeed() {
        TraceabilityMap map = map(GOOD.replace(", \"neededFact\": \"partnership.dashboards\"", "")
                + ", {\"id\": \"009#p4\", \"line\": 4, \"kind\": \"FINDING\", \"quote\": \"Nobody\", "
                + "\"reason\": \"covered-by\", \"coveredBy\": \"009#p77\"}"
                + ", {\"id\": \"009#p5\", \"line\": 4, \"kind\": \"FINDING\", \"quote\": \"Nobody\", \"reason\": \"dunno\"}");
        List<String> problems = TraceabilityCheck.structure(map, SERVED);
        assertContains(problems, "claim 009#p3: reason needs-fact must name the request field");
        assertContains(problems, "claim 009#p4: coveredBy 009#p77 is not a claim of the map");
        assertContains(problems, "claim 009#p5: reason \"dunno\" is not one of");
    }

    @Test
    void anEncodedByIdThatIsNotServedFails() {
        TraceabilityMap map = map(GOOD.replace("[\"FUN-001\"]", "[\"FUN-001\", \"FUN-777\"]"));
        assertContains(TraceabilityCheck.structure(map, SERVED), "claim 009#p1: encodedBy FUN-777 is not a served finding");
    }

    @Test
    void aFindingNotYetServedIsAcceptedOnlyWhenDeclared() {
        String claims = GOOD.replace("[\"FUN-001\"]", "[\"FUN-001\", \"PHA-COMMON-004\"]");
        assertContains(TraceabilityCheck.structure(map(claims), SERVED), "encodedBy PHA-COMMON-004 is not a served finding");
        assertEquals(List.of(), TraceabilityCheck.structure(map(claims, ", \"notYetServed\": [\"PHA-COMMON-004\"]"), SERVED));
    }

    @Test
    void anAggregateCitesThePassagesOfWhatItRollsUp() {
        TraceabilityMap map = map(GOOD, ", \"aggregates\": [{\"id\": \"FUN-900\", \"title\": \"Roll-up\", \"rollUpOf\": [\"FUN-001\"]}]");
        assertEquals(List.of(), TraceabilityCheck.structure(map, SERVED));
        assertEquals(List.of("009#p1"), TraceabilityCheck.passagesByFinding(map).get("FUN-900"));
        TraceabilityMap broken = map(GOOD, ", \"aggregates\": [{\"id\": \"FUN-900\", \"title\": \"Roll-up\", \"rollUpOf\": [\"FUN-002\"]}]");
        List<String> problems = TraceabilityCheck.structure(broken, SERVED);
        assertContains(problems, "aggregate FUN-900: rollUpOf FUN-002 is not a served finding");
        assertContains(problems, "finding FUN-900 cites no passage");
    }

    @Test
    void proposalsMustBeCompleteAndNeverServed() {
        String proposal = ", \"proposal\": {\"id\": \"FUN-001\", \"title\": \"T\", \"category\": \"FUNDING\", "
                + "\"severity\": \"SEVERE\", \"severityWhy\": \"w\", \"condition\": \"c\", \"explanation\": \"e\", "
                + "\"recommendations\": [], \"why\": \"y\"}";
        TraceabilityMap map = map(GOOD.replace("\"reason\": \"descriptive-only\"", "\"reason\": \"proposed\"" + proposal));
        List<String> problems = TraceabilityCheck.structure(map, SERVED);
        assertContains(problems, "proposal FUN-001: a proposal's id starts with PROP-");
        assertContains(problems, "proposal FUN-001: is served; a proposal must not be");
        assertContains(problems, "proposal FUN-001: \"severity\" must be one of");
        assertContains(problems, "proposal FUN-001: \"recommendations\" (from the seed) must be a non-empty list");
    }

    @Test
    void idsAndFilesFollowTheSeed() {
        TraceabilityMap map = TraceabilityMap.parse(List.of(new RuleFile("traceability/other.map.json",
                "{\"seed\": \"" + SEED + "\", \"title\": \"t\", \"label\": \"l\", \"claims\": ["
                        + GOOD.replace("009#p2", "004#p2").replace("009#p3", "009#p1") + "]}")));
        List<String> problems = TraceabilityCheck.structure(map, SERVED);
        assertContains(problems, "traceability/other.map.json: maps 009_test.txt; name the file traceability/009_test.map.json");
        assertContains(problems, "claim 004#p2: id must be \"009#p<n>\"");
        assertContains(problems, "claim 009#p1: id is used twice");
    }

    @Test
    void unreadableMapFilesAreReportedWithTheirLine() {
        TraceabilityMap map = TraceabilityMap.parse(List.of(new RuleFile("traceability/009_test.map.json",
                "{\"seed\": \"x\",\n \"claimz\": []}")));
        assertTrue(map.errors().get(0).startsWith("traceability/009_test.map.json:2:"), map.errors().toString());
        assertTrue(map.errors().get(0).contains("claimz"), map.errors().toString());
    }

    @Test
    void aRulesFolderWithoutMapSaysSo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path folder) {
        TraceabilityMap map = TraceabilityMap.load(folder);
        assertEquals(List.of(), map.seeds());
        assertContains(map.errors(), "traceability/: no traceability map in this rules folder");
        assertEquals(map.errors(), TraceabilityCheck.structure(map, SERVED), "one problem, not one per finding");
    }

    static void assertContains(List<String> problems, String part) {
        assertTrue(problems.stream().anyMatch(p -> p.contains(part)), "expected a problem containing \"" + part
                + "\" in " + problems);
    }
}
