package org.csp.decisions.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The bundled rules: one folder per area, one .drl per finding named by its id with its cases beside it, a README
 * per area, and the words of LEG-900 as data. Older folders (cases under cases/, no aggregate file) still load.
 */
class RulesLayoutTest {
    static final Path BUNDLED = Path.of("src/main/resources/rules");
    static final Map<String, String> AREAS = new TreeMap<>(Map.of(
            "legitimacy", "LEGITIMACY_RISK", "phase", "PHASE_CHALLENGE", "coordination", "COORDINATION_GAP",
            "governance", "GOVERNANCE", "partner-fit", "PARTNER_FIT", "funding", "FUNDING", "learning", "LEARNING",
            "definition", "DEFINITION"));

    @Test
    void oneFolderPerAreaOneFilePerFindingCasesBesideIt() throws Exception {
        BuildResult build = new RuleSetBuilder(1).build(RulesFolder.of(BUNDLED).ruleFiles(), "test");
        assertTrue(build.ok(), build.errors().toString());
        try {
            List<String> problems = new ArrayList<>();
            for (RuleMetadata rule : build.ruleSet().rules()) {
                String area = rule.file().substring(0, rule.file().indexOf('/'));
                if (!rule.category().name().equals(AREAS.get(area))) {
                    problems.add(rule.ruleName() + " (" + rule.category() + ") is in " + rule.file());
                }
                if (!rule.file().equals(area + "/" + rule.findingId() + ".drl")) {
                    problems.add(rule.ruleName() + " is in " + rule.file() + ", not " + area + "/" + rule.findingId() + ".drl");
                }
                if (!Files.exists(BUNDLED.resolve(area + "/" + rule.findingId() + ".cases.json"))) {
                    problems.add(rule.findingId() + " has no " + area + "/" + rule.findingId() + ".cases.json");
                }
            }
            assertEquals(build.ruleSet().rules().size(), build.ruleSet().rules().stream().map(RuleMetadata::findingId).distinct().count(),
                    "one rule per finding");
            for (String area : AREAS.keySet()) {
                if (!Files.isRegularFile(BUNDLED.resolve(area + "/README.md"))) {
                    problems.add("no " + area + "/README.md");
                }
            }
            assertFalse(Files.exists(BUNDLED.resolve("cases")), "cases live beside their rules");
            assertTrue(problems.isEmpty(), String.join("\n", problems));
            assertEquals("legitimacy/LEG-900.aggregate.json", build.ruleSet().aggregate().file());
        } finally {
            build.ruleSet().retire();
        }
    }

    @Test
    void theOlderLayoutStillLoadsWithItsCasesAndTheBundledAggregate() throws Exception {
        Path folder = Files.createTempDirectory("old-layout");
        Files.copy(BUNDLED.resolve("legitimacy/LEG-001.drl"), folder.resolve("legitimacy.drl"));
        Files.createDirectories(folder.resolve("cases/legitimacy"));
        Files.copy(BUNDLED.resolve("legitimacy/LEG-001.cases.json"), folder.resolve("cases/legitimacy/LEG-001.json"));
        RulesFolder rules = RulesFolder.of(folder);
        assertEquals(List.of("legitimacy.drl"), rules.ruleFiles().stream().map(RuleFile::path).toList());
        assertEquals(List.of("cases/legitimacy/LEG-001.json"), rules.caseFiles().stream().map(RuleFile::path).toList());
        BuildResult build = new RuleSetBuilder(1).build(rules.ruleFiles(), "test");
        assertTrue(build.ok(), build.errors().toString());
        try {
            assertEquals(AggregateDefinition.BUNDLED, build.ruleSet().aggregate().file());
            assertEquals("Overall nonprofit legitimacy risk: {severity}", build.ruleSet().aggregate().title());
        } finally {
            build.ruleSet().retire();
        }
    }

    @Test
    void aBrokenAggregateFileIsALoadErrorNamingFileAndKey() throws Exception {
        String good = Files.readString(BUNDLED.resolve("legitimacy/LEG-900.aggregate.json"));
        String drl = Files.readString(BUNDLED.resolve("legitimacy/LEG-001.drl"));
        BuildResult unknownKey = new RuleSetBuilder(1).build(List.of(new RuleFile("legitimacy/LEG-001.drl", drl),
                new RuleFile("legitimacy/LEG-900.aggregate.json", good.replace("\"title\"", "\"titel\""))), "test");
        assertFalse(unknownKey.ok());
        assertEquals("legitimacy/LEG-900.aggregate.json", unknownKey.errors().get(0).file());
        assertTrue(unknownKey.errors().get(0).message().contains("unknown key \"titel\""), unknownKey.errors().toString());
        assertTrue(unknownKey.errors().get(0).line() > 1);

        BuildResult badPlaceholder = new RuleSetBuilder(1).build(List.of(new RuleFile("legitimacy/LEG-001.drl", drl),
                new RuleFile("legitimacy/LEG-900.aggregate.json", good.replace("{findings}", "{findigns}"))), "test");
        assertFalse(badPlaceholder.ok());
        assertTrue(badPlaceholder.errors().get(0).message().contains("{findigns} cannot be filled"),
                badPlaceholder.errors().toString());
    }

    @Test
    void everyAreaReadmeNamesItsFindings() throws Exception {
        try (Stream<Path> drls = Files.walk(BUNDLED).filter(p -> p.toString().endsWith(".drl"))) {
            for (Path drl : (Iterable<Path>) drls::iterator) {
                String id = drl.getFileName().toString().replace(".drl", "");
                String readme = Files.readString(drl.getParent().resolve("README.md"));
                assertTrue(readme.contains(id), drl.getParent() + "/README.md does not mention " + id);
            }
        }
    }
}
