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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.csp.decisions.model.Evaluation;
import org.csp.decisions.model.EvaluationRequest;
import org.csp.decisions.model.Finding;
import org.junit.jupiter.api.Test;

/**
 * The house rules about words (issue 12): advice marked as research or practice, paraphrases that say what the
 * research found, full sentences, conditional advice; each refusal names file and line.
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
    void locatorParaphrasesAreRefusedWithTheirLine() {
        for (String locator : List.of("Second Later-phase recommendation.", "Fourth Later-phase recommendation.",
                "Aggregate of the legitimacy findings above.", "See the report.",
                "the study found that partnerships with more sectors fare better",
                "Partnerships with more sectors fare better in the surveyed regions")) {
            String drl = withMeta("A study of many partnerships found that something holds.", locator);
            BuildResult result = build(drl);
            assertError(result, "area/file0.drl", "@paraphrase", "not a full sentence saying what the research found");
            assertEquals(lineOf(drl, "@paraphrase"), result.errors().get(0).line(), locator);
        }
    }

    /** No false alarms: every good paraphrase shape we have met passes. */
    @Test
    void goodParaphrasesPass() throws Exception {
        List<String> good = new ArrayList<>(List.of(
                "Among partnership options, brand licensing is flagged as high-risk.",
                "Data-sharing is one of the challenges most partnerships surveyed faced, in every phase.",
                "The report recommends that Later-phase partnerships employ a learning practice that delivers evidence of results.",
                "\"Safer options\" are short-term, project-based partnerships that the NPO manages and controls.",
                "Support long-term planning over decades so strategies survive leadership transitions.",
                "Kim & Darnall claim proactive firms are more likely to be valuable partners (Public Administration Review).",
                "133 representatives of regional health partnerships answered the survey, and most reported challenges.",
                "Are integrative partnerships riskier for nonprofits than philanthropic ones? Herlin finds they are."));
        // and every paraphrase of the bundled rules
        Pattern paraphrase = Pattern.compile("@paraphrase\\(\"((?:[^\"\\\\]|\\\\.)*)\"\\)");
        for (RuleFile file : RulesFolder.bundled().ruleFiles()) {
            Matcher m = paraphrase.matcher(file.content());
            while (m.find()) {
                good.add(RuleMetadataReader.unquote("\"" + m.group(1) + "\""));
            }
        }
        assertTrue(good.size() > 40, "bundled paraphrases found: " + good.size());
        for (String text : good) {
            List<String> problems = new ArrayList<>();
            WordingRules.checkWords(Map.of("paraphrase", text, "explanation", "It applies."), (k, m) -> problems.add(m));
            assertTrue(problems.isEmpty(), text + " -> " + problems);
        }
    }

    @Test
    void theAggregatesParaphraseIsCheckedToo() {
        String json = """
                {
                  "id": "LEG-900",
                  "category": "LEGITIMACY_RISK",
                  "title": "Overall nonprofit legitimacy risk: {severity}",
                  "explanation": "Derived from {findings}.",
                  "source": {
                    "seed": "002_80e93118022a0e8d.txt",
                    "citation": "Herlin, Business and Society",
                    "paraphrase": "Aggregate of the legitimacy findings above."
                  }
                }
                """;
        List<RuleError> errors = new ArrayList<>();
        assertEquals(null, AggregateDefinition.read(new RuleFile("legitimacy/LEG-900.aggregate.json", json), errors));
        assertEquals(1, errors.size(), errors.toString());
        assertEquals(9, errors.get(0).line());
        assertTrue(errors.get(0).message().startsWith("source.paraphrase: the paraphrase(\"Aggregate of the"), errors.toString());
        assertTrue(AggregateDefinition.read(new RuleFile("legitimacy/LEG-900.aggregate.json", json.replace(
                "Aggregate of the legitimacy findings above.", "The service's own roll-up of the legitimacy findings "
                        + "above; not a measure from the study.")), errors) != null, errors.toString());
    }

    @Test
    void explanationAndAdviceAreSentencesWithWellFormedPlaceholders() {
        assertTrue(build(withMeta("@explanation(\"It applies.\")", "@explanation(\"{subjects} are affected.\")")).ok());
        String meta = meta("X-001", "GOVERNANCE", "LOW").replace("@explanation(\"It applies.\")",
                "@explanation(\"This table {lacks: a = lacks x | b = lacks {subjects} | a and b = lacks both}.\")");
        assertTrue(build(HEADER + rule("X-001 A title", meta, "Partnership()",
                "$findings.emit(kcontext).param(\"lacks\", \"a\");")).ok()); // the choice is filled by its parameter
        assertFalse(WordingRules.hasStrayBrace("{n} sector(s) are represented ({sectors})."));
        assertTrue(WordingRules.hasStrayBrace("It costs 5} units."));
        assertTrue(WordingRules.hasStrayBrace("It costs {5 units}."));
        assertError(build(withMeta("@explanation(\"It applies.\")", "@explanation(\"it applies\")")), "area/file0.drl",
                "@explanation", "full sentence");
        assertError(build(withMeta("@explanation(\"It applies.\")", "@explanation(\"It applies to {subjects.\")")),
                "area/file0.drl", "@explanation has a brace");
        assertError(build(withMeta("@recommendation1(\"Do it.\")", "@recommendation1(\"do it\")")), "area/file0.drl",
                "@recommendation1", "full sentence");
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
            Evaluator evaluator = new Evaluator(holder, 10_000, Duration.ofSeconds(30), new RuleThreads(1, 16, 8, true));
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
