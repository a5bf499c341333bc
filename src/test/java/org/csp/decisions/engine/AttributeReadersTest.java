package org.csp.decisions.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import org.csp.decisions.model.EvaluationRequest;
import org.csp.decisions.model.Finding;
import org.junit.jupiter.api.Test;

/**
 * Open attributes read in DRL without casts: number(...), text(...), yes(...), no(...) on Partnership and Partner. An
 * absent or wrongly typed attribute makes the comparison false, never an exception. Profile's counts likewise.
 */
class AttributeReadersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static String rule(String id, String when, String then) {
        return "rule \"" + id + " Test\"\n    @id(\"" + id + "\") @category(\"GOVERNANCE\") @severity(\"LOW\")\n"
                + "    @source(\"seed.txt\") @citation(\"Someone 2020\") @paraphrase(\"A test study of many partnerships found that this holds here.\")\n"
                + "    @explanation(\"It applies.\") @recommendation1(\"Do it.\")\nwhen\n    " + when
                + "\n    $findings : FindingCollector()\nthen\n    " + then + "\nend\n";
    }

    static final String RULES = RuleSetBuilderTest.HEADER
            + rule("NUM-001", "Partnership( number(\"countiesCovered\") > 3 )", "$findings.emit(kcontext);")
            + rule("NUM-002", "Partnership( number(\"countiesCovered\") <= 3 )", "$findings.emit(kcontext);")
            + rule("TXT-001", "Partnership( text(\"region\") == \"north\" )", "$findings.emit(kcontext);")
            + rule("YES-001", "Partnership( yes(\"pilot\") )", "$findings.emit(kcontext);")
            + rule("NO-001", "Partnership( no(\"pilot\") )", "$findings.emit(kcontext);")
            + rule("PAR-001", "$p : Partner( number(\"staff\") >= 10 )", "$findings.emit(kcontext).subject($p);")
            + rule("CNT-001", "Profile( partnerCount >= 2, count(Sector.BUSINESS) >= 2, sectorCounts[Sector.PUBLIC] == 0 )",
                    "$findings.emit(kcontext);");

    List<String> fired(String partnershipAttributes, String partners) throws Exception {
        BuildResult build = new RuleSetBuilder(1).build(List.of(new RuleFile("area/x.drl", RULES)), "test");
        assertTrue(build.ok(), build.errors().toString());
        try {
            String request = "{\"partnership\": {\"id\": \"x\", \"name\": \"X\", \"attributes\": " + partnershipAttributes
                    + "}, \"partners\": " + partners + "}";
            return new Evaluator(new RuleSetHolder(), 10_000, Duration.ofSeconds(10), new RuleThreads(1, 16, 8, true))
                    .evaluate(build.ruleSet(), JSON.readValue(request, EvaluationRequest.class))
                    .findings().stream().map(Finding::id).toList();
        } finally {
            build.ruleSet().retire();
        }
    }

    static final String ONE = "[{\"id\": \"a\", \"name\": \"A\", \"sector\": \"PUBLIC\"}]";

    @Test
    void typedReadersMatchWhenTheValueHasTheType() throws Exception {
        assertEquals(List.of("NUM-001", "TXT-001", "YES-001"),
                fired("{\"countiesCovered\": 4, \"region\": \"north\", \"pilot\": true}", ONE));
        assertEquals(List.of("NO-001", "NUM-002"), fired("{\"countiesCovered\": 3, \"pilot\": false}", ONE));
        assertEquals(List.of("NUM-001"), fired("{\"countiesCovered\": 3.5}", ONE));
    }

    @Test
    void absentOrWronglyTypedValuesMakeEveryComparisonFalse() throws Exception {
        assertEquals(List.of(), fired("{}", ONE));
        assertEquals(List.of(), fired("{\"countiesCovered\": \"four\", \"region\": 7, \"pilot\": \"yes\"}", ONE));
    }

    @Test
    void partnerAttributesAndProfileCounts() throws Exception {
        String partners = "[{\"id\": \"a\", \"name\": \"A\", \"sector\": \"BUSINESS\", \"attributes\": {\"staff\": 12}},"
                + "{\"id\": \"b\", \"name\": \"B\", \"sector\": \"BUSINESS\", \"attributes\": {\"staff\": \"many\"}}]";
        assertEquals(List.of("CNT-001", "PAR-001"), fired("{}", partners));
    }
}
