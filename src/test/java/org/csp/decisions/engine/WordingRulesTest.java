package org.csp.decisions.engine;

import static org.csp.decisions.engine.RuleSetBuilderTest.EMIT;
import static org.csp.decisions.engine.RuleSetBuilderTest.HEADER;
import static org.csp.decisions.engine.RuleSetBuilderTest.assertError;
import static org.csp.decisions.engine.RuleSetBuilderTest.meta;
import static org.csp.decisions.engine.RuleSetBuilderTest.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * The house rules about advice (issue 12): advice marked as research or practice, conditional advice that follows the
 * facts; each refusal names file and line.
 */
class WordingRulesTest {
    private final RuleSetBuilder builder = new RuleSetBuilder(1);

    BuildResult build(String content) {
        BuildResult result = builder.build(List.of(new RuleFile("area/file0.drl", content)), "test");
        if (result.ok()) {
            result.ruleSet().retire();
        }
        return result;
    }

    static String withMeta(String replace, String by) {
        String meta = meta("X-001", "GOVERNANCE", "LOW");
        assertTrue(meta.contains(replace), replace);
        return HEADER + rule("X-001 A title", meta.replace(replace, by), "Partnership()", EMIT);
    }

    /** Line (1-based) of the first occurrence of {@code text} in {@code drl}. */
    static int lineOf(String drl, String text) {
        return drl.substring(0, drl.indexOf(text)).split("\n", -1).length;
    }

    @Test
    void adviceUnderAnUnknownKeyIsRefusedWithItsLine() {
        String drl = withMeta("@recommendation1(\"Do it.\")", "@recommendation1(\"Do it.\")\n    @recommendation(\"Also this.\")");
        BuildResult result = build(drl);
        assertError(result, "area/file0.drl", "unknown metadata @recommendation;", "research", "practice");
        assertEquals(lineOf(drl, "@recommendation(\""), result.errors().get(0).line());

        assertError(build(withMeta("@recommendation1(\"Do it.\")", "@recommendation1(\"Do it.\") @advice(\"Call us.\")")),
                "area/file0.drl", "unknown metadata @advice");
        assertError(build(withMeta("@recommendation1(\"Do it.\")", "@recommendation1(\"Do it.\") @practice(\"Call us.\")")),
                "area/file0.drl", "unknown metadata @practice;");
    }

    @Test
    void practiceNotesAreNumberedWithoutGapsAndNotAlsoResearch() {
        assertTrue(build(withMeta("@recommendation1(\"Do it.\")", "@recommendation1(\"Do it.\") @practice1(\"Write it down.\")")).ok());
        assertTrue(build(withMeta("@recommendation1(\"Do it.\")", "@practice1(\"Write it down.\")")).ok(),
                "a finding may have practice notes only (PHA-COMMON-003, COO-005)");
        assertError(build(withMeta("@recommendation1(\"Do it.\")", "@recommendation1(\"Do it.\") @practice2(\"Write it down.\")")),
                "area/file0.drl", "@practice1, @practice2, ... without gaps");
        assertError(build(withMeta("@recommendation1(\"Do it.\")", "@recommendation1(\"Do it.\") @practice1(\"Do it.\")")),
                "area/file0.drl", "@practice1 repeats a @recommendation");
        assertError(build(withMeta("@recommendation1(\"Do it.\")", "")), "area/file0.drl", "@recommendation1",
                "@practice1", "says what to do");
    }

    @Test
    void conditionsParseAndBelongToAdvice() {
        assertTrue(build(withMeta("@recommendation1(\"Do it.\")",
                "@recommendation1(\"Do it.\") @recommendation1If(\"partnership.measurement.targets == VAGUE\")")).ok());
        assertError(build(withMeta("@recommendation1(\"Do it.\")",
                "@recommendation1(\"Do it.\") @recommendation1If(\"targets is vague\")")), "area/file0.drl",
                "@recommendation1If", "cannot read the condition");
        assertError(build(withMeta("@recommendation1(\"Do it.\")",
                "@recommendation1(\"Do it.\") @recommendation2If(\"profile.hasResident == false\")")), "area/file0.drl",
                "@recommendation2If makes @recommendation2 conditional");
        assertError(build(withMeta("@recommendation1(\"Do it.\")",
                "@recommendation1(\"Do it.\") @recommendation1If(\"profile.distinctSectorCount <= TWO\")")),
                "area/file0.drl", "is not a number");
    }

    @Test
    void conditionsReadTheTriggeringFacts() {
        Advice vague = Advice.of("Check imposed targets.", "partnership.measurement.targets == VAGUE");
        assertTrue(vague.holds(Map.of("partnership.measurement.targets", "VAGUE")));
        assertFalse(vague.holds(Map.of("partnership.measurement.targets", "NONE")));
        assertFalse(vague.holds(Map.of()), "a fact the finding did not record is unknown, so the condition is false");
        Advice weak = Advice.of("Strengthen capabilities.", "partners[*].capabilityStrength == WEAK");
        assertTrue(weak.holds(Map.of("partners[p2].capabilityStrength", "WEAK", "profile.distinctSectorCount", 2)));
        assertFalse(weak.holds(Map.of("profile.distinctSectorCount", 2)));
        Advice low = Advice.of("Broaden diversity.", "profile.distinctSectorCount <= 2");
        assertTrue(low.holds(Map.of("profile.distinctSectorCount", 2)));
        assertFalse(low.holds(Map.of("profile.distinctSectorCount", 3)));
        Advice noResidents = Advice.of("Engage area residents.", "profile.hasResident == false");
        assertTrue(noResidents.holds(Map.of("profile.hasResident", false)));
        assertFalse(noResidents.holds(Map.of("profile.hasPhilanthropy", false)));
        assertThrows(IllegalArgumentException.class, () -> Advice.of("X.", "partnership.phase = MIDDLE"));
    }

    /** End to end: advice follows the facts, placeholders in advice are filled, practice notes kept apart. */
    @Test
    void answersShowOnlyTheAdviceThatFitsTheFacts() throws Exception {
        String drl = HEADER + """
                rule "X-001 Targets missing or vague"
                    @id("X-001") @category("PARTNER_FIT") @severity("LOW") @source("seed.txt") @citation("Someone 2020")
                    @paraphrase("A study of many partnerships found that well-defined targets help.")
                    @explanation("The partnership has {extent} targets.")
                    @recommendation1("Set clear targets.")
                    @recommendation2("Check that the {extent} targets set from outside motivate collaboration.")
                    @recommendation2If("partnership.measurement.targets == VAGUE")
                    @practice1("Review the targets every quarter.")
                when
                    $p : Partnership( measurement.targets == Targets.NONE || measurement.targets == Targets.VAGUE )
                    $findings : FindingCollector()
                then
                    $findings.emit(kcontext)
                        .partnership("measurement.targets", $p.measurement().targets())
                        .param("extent", $p.measurement().targets() == Targets.NONE ? "no" : "only vague");
                end
                """;
        BuildResult result = builder.build(List.of(new RuleFile("area/x.drl", drl)), "test");
        assertTrue(result.ok(), result.errors().toString());
        try {
            RuleSetHolder holder = new RuleSetHolder();
            holder.swap(result.ruleSet());
            Evaluator evaluator = new Evaluator(holder, 10_000, Duration.ofSeconds(30));
            Finding vague = only(evaluator.evaluate(request("VAGUE")));
            assertEquals(List.of("Set clear targets.", "Check that the only vague targets set from outside motivate collaboration."),
                    vague.recommendations());
            assertEquals(List.of("Review the targets every quarter."), vague.practiceNotes());
            Finding none = only(evaluator.evaluate(request("NONE")));
            assertEquals(List.of("Set clear targets."), none.recommendations());
            assertEquals(List.of("Review the targets every quarter."), none.practiceNotes());
        } finally {
            result.ruleSet().retire();
        }
    }

    private static Finding only(Evaluation evaluation) {
        assertEquals(1, evaluation.findings().size(), evaluation.findings().toString());
        return evaluation.findings().get(0);
    }

    private static EvaluationRequest request(String targets) throws Exception {
        return new ObjectMapper().readValue("""
                {"partnership": {"id": "x", "name": "X", "measurement": {"targets": "%s"}},
                 "partners": [{"id": "p1", "name": "P1", "sector": "PUBLIC"}]}
                """.formatted(targets), EvaluationRequest.class);
    }
}
