package org.csp.decisions.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.csp.decisions.model.Evaluation;
import org.csp.decisions.model.EvaluationRequest;
import org.csp.decisions.model.Finding;
import org.junit.jupiter.api.Test;

/**
 * What a consequence can say so one rule encodes one finding (optional facts, list and choice parameters), and what
 * happens when one finding is still written as several rules: the same wording merges (D.5), different wordings
 * firing together are an error naming both rules.
 */
class FoldedRulesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Evaluator evaluator = new Evaluator(new RuleSetHolder(), 10_000, Duration.ofSeconds(10), new RuleThreads(1, 16, 8, true));

    static String rule(String name, String explanation, String when, String then) {
        String id = name.split("[ /]")[0];
        return "rule \"" + name + "\"\n    @id(\"" + id + "\") @category(\"GOVERNANCE\") @severity(\"LOW\")\n"
                + "    @source(\"seed.txt\") @citation(\"Someone 2020\") @paraphrase(\"A study of many partnerships found that something holds.\")\n"
                + "    @explanation(\"" + explanation + "\") @recommendation1(\"Do it.\")\nwhen\n    " + when
                + "\n    $findings : FindingCollector()\nthen\n    " + then + "\nend\n";
    }

    Evaluation evaluate(String drl, String request) throws Exception {
        BuildResult build = new RuleSetBuilder(1).build(List.of(new RuleFile("area/x.drl", RuleSetBuilderTest.HEADER + drl)), "test");
        assertTrue(build.ok(), build.errors().toString());
        try {
            return evaluator.evaluate(build.ruleSet(), JSON.readValue(request, EvaluationRequest.class));
        } finally {
            build.ruleSet().retire();
        }
    }

    static Finding finding(Evaluation evaluation, String id) {
        return evaluation.findings().stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow();
    }

    static final String TWO_PARTNERS = """
            {"partnership": {"id": "x", "name": "X", "projectBased": false, "localCapacityBuilding": true},
             "partners": [{"id": "a", "name": "A", "sector": "PUBLIC"}, {"id": "b", "name": "B", "sector": "BUSINESS"}]}
            """;

    @Test
    void optionalFactsListsAndChoicesInOneRule() throws Exception {
        String drl = rule("X-001 Something", "Lacks {lacks}; {how: projectBased = by project | projectBased and capacity = both}.",
                "$p : Partnership( projectBased == false || localCapacityBuilding == true )",
                """
                $findings.emit(kcontext)
                        .partnershipIf(Is.no($p.projectBased()), "projectBased", false)
                        .partnershipIf(Is.no($p.localCapacityBuilding()), "localCapacityBuilding", false)
                        .partnershipIfPresent("phase", $p.phase())
                        .paramIf(Is.no($p.projectBased()), "lacks", "projectBased")
                        .paramIf(Is.yes($p.localCapacityBuilding()), "lacks", "capacity")
                        .paramIf(Is.no($p.projectBased()), "how", "projectBased")
                        .paramIf(Is.yes($p.localCapacityBuilding()), "how", "capacity");""");
        Finding f = finding(evaluate(drl, TWO_PARTNERS), "X-001");
        assertEquals(Map.of("partnership.projectBased", false), f.triggeringFacts());
        assertEquals("Lacks projectBased and capacity; both.", f.explanation());
    }

    @Test
    void subjectsFromACollectedList() throws Exception {
        String drl = rule("X-002 Public partners", "Partners {subjects}.",
                "$public : java.util.List( size > 0 ) from collect( Partner( sector == Sector.PUBLIC || sector == Sector.BUSINESS ) )",
                "$findings.emit(kcontext).subjects($public, \"checked\", true);");
        Finding f = finding(evaluate(drl, TWO_PARTNERS), "X-002");
        assertEquals(List.of("a", "b"), f.subjects());
        assertEquals(Map.of("partners[a].checked", true, "partners[b].checked", true), f.triggeringFacts());
        assertEquals("Partners a, b.", f.explanation());
    }

    @Test
    void oneRuleMatchingSeveralPartnersIsOneFindingWithMergedSubjects() throws Exception {
        String drl = rule("X-003 Each partner", "Partners {subjects}.", "$partner : Partner()",
                "$findings.emit(kcontext).subject($partner).partner($partner, \"sector\", $partner.sector());");
        Evaluation evaluation = evaluate(drl, TWO_PARTNERS);
        assertEquals(1, evaluation.findings().stream().filter(f -> f.id().equals("X-003")).count());
        Finding f = finding(evaluation, "X-003");
        assertEquals(List.of("a", "b"), f.subjects());
        assertEquals(Map.of("partners[a].sector", "PUBLIC", "partners[b].sector", "BUSINESS"), f.triggeringFacts());
        assertEquals(List.of("X-003 Each partner"), evaluation.firedRules());
    }

    @Test
    void variantsWithTheSameWordingMerge() throws Exception {
        String drl = rule("X-004/a Same words", "It applies.", "Partnership()", "$findings.emit(kcontext).fact(\"a\", 1);")
                + rule("X-004/b Same words", "It applies.", "Partner( id == \"a\" )", "$findings.emit(kcontext).fact(\"b\", 2);");
        Finding f = finding(evaluate(drl, TWO_PARTNERS), "X-004");
        assertEquals(Map.of("a", 1, "b", 2), f.triggeringFacts());
    }

    @Test
    void variantsWithDifferentWordingsFiringTogetherAreAnErrorNamingBoth() {
        String drl = rule("X-005/one One wording", "One wording.", "Partnership()", "$findings.emit(kcontext);")
                + rule("X-005/two One wording", "Another wording.", "Partner( id == \"b\" )", "$findings.emit(kcontext);");
        RuleConflictException e = assertThrows(RuleConflictException.class, () -> evaluate(drl, TWO_PARTNERS));
        assertEquals("X-005/one One wording", e.firstRule());
        assertEquals("X-005/two One wording", e.secondRule());
        assertTrue(e.getMessage().contains("X-005/one One wording") && e.getMessage().contains("X-005/two One wording"),
                e.getMessage());
    }
}
