package org.csp.decisions.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The analysts' command: {@code check <folder>} compiles a rules folder, runs its cases and exits 0 or 1. */
@QuarkusMainTest
class CheckRulesCommandTest {

    @Test
    void bundledRulesAndCasesPass(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("check", "src/main/resources/rules");
        assertEquals(0, result.exitCode(), result.getOutput());
        assertTrue(result.getOutput().contains("OK: "), result.getOutput());
    }

    @Test
    void compileErrorsAreReportedWithFileAndLine(QuarkusMainLauncher launcher) throws Exception {
        Path folder = Files.createTempDirectory("rules-broken");
        Files.createDirectories(folder.resolve("area"));
        Files.writeString(folder.resolve("area/bad.drl"), "package x;\nimport org.csp.decisions.model.*;\nrule \"X-001 t\"\nwhen\n  Partnership( nosuch == 1 )\nthen\nend\n");
        LaunchResult result = launcher.launch("check", folder.toString());
        assertEquals(1, result.exitCode());
        String out = result.getOutput() + result.getErrorOutput();
        assertTrue(out.contains("COMPILE FAILED: 1 error(s)"), out);
        // once, at the line and column of the mistake, with the fix; no raw Drools dump, no "null Package"
        assertTrue(out.contains("area/bad.drl:5:2: Partnership has no field 'nosuch'."), out);
        assertEquals(1, out.split("no field 'nosuch'", -1).length - 1, out);
        assertTrue(!out.contains("Unable to build KieBaseModel") && !out.contains("Parser returned a null Package")
                && !out.contains("strict-mode"), out);
    }

    @Test
    void anAnalystsIdWithoutCasesFailsTheCheck(QuarkusMainLauncher launcher) throws Exception {
        Path folder = Files.createTempDirectory("rules-uncovered");
        Files.createDirectories(folder.resolve("analyst"));
        Files.writeString(folder.resolve("analyst/ANA-001.drl"), """
                package org.csp.rules.analyst;
                import org.csp.decisions.model.*;

                rule "ANA-001 Partnership spans many counties"
                    @id("ANA-001") @category("COORDINATION_GAP") @severity("LOW") @source("004_9c6962675188af29.txt")
                    @citation("ReThink Health report") @paraphrase("A test study of many partnerships found that this holds here.")
                    @explanation("It covers many counties.") @recommendation1("Map the initiatives in each county.")
                when
                    Partnership( number("countiesCovered") > 3 )
                    $findings : FindingCollector()
                then
                    $findings.emit(kcontext);
                end
                """);
        LaunchResult result = launcher.launch("check", folder.toString());
        assertEquals(1, result.exitCode());
        String out = result.getOutput();
        assertTrue(out.contains("NOT COVERED ANA-001 (analyst/ANA-001.drl) has no case: add ANA-001.cases.json beside it"), out);
        assertTrue(out.contains("FAILED: 0 of 0 cases passed in 0 case file(s); 0 of 1 finding ids have a must-fire"), out);
    }

    @Test
    void failingCasesNameTheCaseAndTheMissingIds(QuarkusMainLauncher launcher) throws Exception {
        // The layout before one folder per area (rules at the top, cases under cases/) still loads.
        Path folder = Files.createTempDirectory("rules-cases");
        Files.copy(Path.of("src/main/resources/rules/governance/GOV-003.drl"), folder.resolve("GOV-003.drl"));
        Files.copy(Path.of("src/main/resources/rules/governance/GOV-008.drl"), folder.resolve("GOV-008.drl"));
        Files.createDirectories(folder.resolve("cases/governance"));
        Files.writeString(folder.resolve("cases/governance/wrong.json"), """
                {"cases": [{"name": "expects the wrong thing",
                  "request": {"partnership": {"id": "x", "name": "X", "governance": {"home": "GOVERNMENT_DEPARTMENT"}},
                              "partners": [{"id": "a", "name": "A", "sector": "PUBLIC"}]},
                  "expectPresent": ["GOV-003"], "expectAbsent": ["GOV-008"]}]}
                """);
        LaunchResult result = launcher.launch("check", folder.toString());
        assertEquals(1, result.exitCode());
        String out = result.getOutput();
        assertTrue(out.contains("FAIL cases/governance/wrong.json: expects the wrong thing"), out);
        assertTrue(out.contains("missing GOV-003"), out);
        assertTrue(out.contains("unexpected GOV-008"), out);
        assertTrue(out.contains("FAILED: 0 of 1 cases passed"), out);
    }

    @Test
    void spinningCaseIsBoundedAndNamed(QuarkusMainLauncher launcher) throws Exception {
        Path folder = Files.createTempDirectory("rules-spin");
        Files.writeString(folder.resolve("spin.drl"), """
                package test.spin;
                import org.csp.decisions.model.*;
                rule "SPIN-001 Spins when asked"
                    @id("SPIN-001") @category("GOVERNANCE") @severity("LOW") @source("test.txt") @citation("Test")
                    @paraphrase("A test study of many partnerships found that this holds here.") @explanation("Test.") @recommendation1("Fix the rule.")
                when
                    Partnership( attributes["spin"] == true )
                    $findings : FindingCollector()
                then
                    while (System.nanoTime() != 0) { }
                    $findings.emit(kcontext);
                end
                """);
        Files.createDirectories(folder.resolve("cases/spin"));
        Files.writeString(folder.resolve("cases/spin/SPIN-001.json"), """
                {"finding": "SPIN-001", "cases": [
                  {"name": "spins", "request": {"partnership": {"id": "s", "name": "S", "attributes": {"spin": true}},
                    "partners": [{"id": "a", "name": "A", "sector": "PUBLIC"}]}, "expectPresent": ["SPIN-001"]},
                  {"name": "quiet", "request": {"partnership": {"id": "q", "name": "Q"},
                    "partners": [{"id": "a", "name": "A", "sector": "PUBLIC"}]}, "expectAbsent": ["SPIN-001"]}]}
                """);
        LaunchResult result = launcher.launch("check", folder.toString());
        assertEquals(1, result.exitCode());
        String out = result.getOutput();
        assertTrue(out.contains("FAIL cases/spin/SPIN-001.json: spins"), out);
        assertTrue(out.contains("time limit") && out.contains("SPIN-001 Spins when asked"), out);
        assertTrue(out.contains("FAILED: 1 of 2 cases passed"), out);
    }

    @Test
    void missingFolderIsAClearError(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("check", "/no/such/folder");
        assertEquals(1, result.exitCode());
        assertTrue(result.getOutput().contains("/no/such/folder does not exist"), result.getOutput());
    }

    /** The README's worked example (its rule and its cases, as printed there) passes the check on its own. */
    @Test
    void theReadmesWorkedExamplePasses(QuarkusMainLauncher launcher) throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String section = readme.substring(readme.indexOf("### Worked example"), readme.indexOf("### Run the cases"));
        String drl = block(section, "```drl\n");
        String cases = block(section, "```json\n");
        assertTrue(!drl.contains("java.math") && !drl.contains("(("), "the worked example reads attributes without casts");
        Path folder = Files.createTempDirectory("readme-example");
        Files.createDirectories(folder.resolve("analyst"));
        Files.writeString(folder.resolve("analyst/ANA-001.drl"), drl);
        Files.writeString(folder.resolve("analyst/ANA-001.cases.json"), cases);
        LaunchResult result = launcher.launch("check", folder.toString());
        assertEquals(0, result.exitCode(), result.getOutput());
        assertTrue(result.getOutput().contains("OK: 4 of 4 cases passed in 1 case file(s)"), result.getOutput());
        assertTrue(cases.contains("\"silent when unknown\""), cases);
    }

    private static String block(String text, String fence) {
        int start = text.indexOf(fence) + fence.length();
        return text.substring(start, text.indexOf("```", start));
    }
}
