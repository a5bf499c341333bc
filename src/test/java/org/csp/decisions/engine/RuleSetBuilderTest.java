package org.csp.decisions.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Load-time checks: compile errors and house-rule violations are reported with file, line and rule name. */
class RuleSetBuilderTest {
    private final RuleSetBuilder builder = new RuleSetBuilder(1);

    static final String HEADER = "package test.rules;\nimport org.csp.decisions.model.*;\n\n";

    static String rule(String name, String metadata, String when, String then) {
        return "rule \"" + name + "\"\n" + metadata + "\nwhen\n    " + when + "\n    $findings : FindingCollector()\nthen\n    "
                + then + "\nend\n";
    }

    static String meta(String id, String category, String severity) {
        return "    @id(\"" + id + "\") @category(\"" + category + "\") @severity(\"" + severity + "\")\n"
                + "    @source(\"seed.txt\") @citation(\"Someone 2020\") @paraphrase(\"A study of many partnerships found that something holds.\")\n"
                + "    @explanation(\"It applies.\") @recommendation1(\"Do it.\")";
    }

    static final String EMIT = "$findings.emit(kcontext);";

    BuildResult build(String... contents) {
        List<RuleFile> files = new java.util.ArrayList<>();
        for (int i = 0; i < contents.length; i++) {
            files.add(new RuleFile("area/file" + i + ".drl", contents[i]));
        }
        BuildResult result = builder.build(files, "test");
        if (result.ok()) {
            result.ruleSet().retire();
        }
        return result;
    }

    static void assertError(BuildResult result, String file, String... fragments) {
        assertFalse(result.ok(), "expected the build to fail");
        assertTrue(result.errors().stream().anyMatch(e -> file.equals(e.file())
                && List.of(fragments).stream().allMatch(f -> e.message().contains(f))),
                "no error in " + file + " containing " + List.of(fragments) + ": " + result.errors());
    }

    @Test
    void validRulesBuild() {
        BuildResult result = build(HEADER + rule("X-001 A title", meta("X-001", "GOVERNANCE", "LOW"), "Partnership()", EMIT));
        assertTrue(result.ok(), result.errors().toString());
        assertEquals(1, result.fileCount());
    }

    @Test
    void syntaxErrorNamesFileAndLine() {
        BuildResult result = build(HEADER + "rule \"X-001 t\"\nwhen\n  Partnership( form == )\nthen\nend\n");
        assertFalse(result.ok());
        RuleError error = result.errors().get(0);
        assertEquals("area/file0.drl", error.file());
        assertTrue(error.line() >= 4 && error.line() <= 6, "line " + error.line());
    }

    @Test
    void unknownFieldNamesFileAndLine() {
        BuildResult result = build(HEADER + rule("X-001 A title", meta("X-001", "GOVERNANCE", "LOW"), "Partnership( phse == Phase.MIDDLE )", EMIT));
        assertError(result, "area/file0.drl", "phse");
        assertTrue(result.errors().get(0).line() > 0);
    }

    @Test
    void missingMetadataIsAnErrorNamingTheRule() {
        String noSeverity = meta("X-001", "GOVERNANCE", "LOW").replace("@severity(\"LOW\")", "");
        assertError(build(HEADER + rule("X-001 A title", noSeverity, "Partnership()", EMIT)), "area/file0.drl",
                "X-001 A title", "missing metadata @severity");
        String noRecommendation = meta("X-001", "GOVERNANCE", "LOW").replace("@recommendation1(\"Do it.\")", "");
        assertError(build(HEADER + rule("X-001 A title", noRecommendation, "Partnership()", EMIT)), "area/file0.drl",
                "@recommendation1");
    }

    @Test
    void unknownCategoryOrSeverityIsAnError() {
        assertError(build(HEADER + rule("X-001 A title", meta("X-001", "MISC", "LOW"), "Partnership()", EMIT)),
                "area/file0.drl", "unknown @category(\"MISC\")");
        assertError(build(HEADER + rule("X-001 A title", meta("X-001", "GOVERNANCE", "CRITICAL"), "Partnership()", EMIT)),
                "area/file0.drl", "unknown @severity(\"CRITICAL\")");
    }

    @Test
    void unquotedMetadataIsAnError() {
        String unquoted = meta("X-001", "GOVERNANCE", "LOW").replace("@severity(\"LOW\")", "@severity(LOW)");
        assertError(build(HEADER + rule("X-001 A title", unquoted, "Partnership()", EMIT)), "area/file0.drl",
                "@severity must be a quoted string");
    }

    @Test
    void nameMustStartWithTheId() {
        assertError(build(HEADER + rule("X-002 A title", meta("X-001", "GOVERNANCE", "LOW"), "Partnership()", EMIT)),
                "area/file0.drl", "@id is \"X-001\"");
        assertError(build(HEADER + rule("a title only", meta("X-001", "GOVERNANCE", "LOW"), "Partnership()", EMIT)),
                "area/file0.drl", "rule name must be");
    }

    @Test
    void repeatedIdIsAnErrorUnlessSuffixed() {
        String a = rule("X-001 A title", meta("X-001", "GOVERNANCE", "LOW"), "Partnership()", EMIT);
        String b = rule("X-001/other A title", meta("X-001", "GOVERNANCE", "LOW"), "Partner()", EMIT);
        assertError(build(HEADER + a + b), "area/file0.drl", "repeats id X-001");
        // across files too
        assertError(build(HEADER + a, HEADER.replace("test.rules", "test.other") + a), "area/file1.drl", "rule name is used twice");

        String c = rule("X-001/one A title", meta("X-001", "GOVERNANCE", "LOW"), "Partnership()", EMIT);
        String d = rule("X-001/two A title", meta("X-001", "GOVERNANCE", "LOW"), "Partner()", EMIT);
        assertTrue(build(HEADER + c + d).ok());
        String e = rule("X-001/two A title", meta("X-001", "GOVERNANCE", "HIGH"), "Partner()", EMIT);
        assertError(build(HEADER + c + e), "area/file0.drl", "differ in @severity");
    }

    @Test
    void consequencesThatChangeFactsAreRefused() {
        assertError(build(HEADER + rule("X-001 A title", meta("X-001", "GOVERNANCE", "LOW"), "$p : Partnership()",
                "insert(new Object());")), "area/file0.drl", "calls insert", "read-only");
        assertError(build(HEADER + rule("X-001 A title", meta("X-001", "GOVERNANCE", "LOW"), "$p : Partnership()",
                "delete($p);")), "area/file0.drl", "calls delete");
        assertError(build(HEADER + rule("X-001 A title", meta("X-001", "GOVERNANCE", "LOW"), "$p : Partnership()",
                "System.out.println(\"x\");")), "area/file0.drl", "System.out");
    }

    @Test
    void salienceAndGlobalsAreRefused() {
        String salience = "rule \"X-001 A title\"\n" + meta("X-001", "GOVERNANCE", "LOW") + "\n    salience 10\nwhen\n    Partnership()\n    $findings : FindingCollector()\nthen\n    " + EMIT + "\nend\n";
        assertError(build(HEADER + salience), "area/file0.drl", "salience");
        assertError(build(HEADER + "global java.util.List hits;\n" + rule("X-001 A title", meta("X-001", "GOVERNANCE", "LOW"), "Partnership()", EMIT)),
                "area/file0.drl", "global 'hits'");
    }

    @Test
    void emptyFolderIsAnError() {
        BuildResult result = builder.build(List.of(), "an empty folder");
        assertFalse(result.ok());
        assertTrue(result.errors().get(0).message().contains("no .drl files"));
    }

    @Test
    void versionIsAContentHash() {
        List<RuleFile> a = List.of(new RuleFile("a.drl", "x"), new RuleFile("b.drl", "y"));
        List<RuleFile> reordered = List.of(new RuleFile("b.drl", "y"), new RuleFile("a.drl", "x"));
        assertEquals(RuleSetBuilder.version(a), RuleSetBuilder.version(reordered));
        assertNotEquals(RuleSetBuilder.version(a), RuleSetBuilder.version(List.of(new RuleFile("a.drl", "x "), new RuleFile("b.drl", "y"))));
        assertNotEquals(RuleSetBuilder.version(a), RuleSetBuilder.version(List.of(new RuleFile("c.drl", "x"), new RuleFile("b.drl", "y"))));
        assertTrue(RuleSetBuilder.version(a).matches("sha256:[0-9a-f]{12}"));
    }

    // ---- Mistakes reported where they are, once, with the fix -------------------------------------------------

    static String ruleAt(String metadata, String when, String then) {
        // line 1 package, 2 import, 3 blank, 4 rule, 5-7 metadata, 8 when, 9 first pattern
        return HEADER + "rule \"X-001 A title\"\n" + metadata + "\nwhen\n    " + when
                + "\n    $findings : FindingCollector()\nthen\n    " + then + "\nend\n";
    }

    @Test
    void unknownFieldNamesTheFieldSuggestsTheNearestAndListsTheValidOnes() {
        BuildResult result = build(ruleAt(meta("X-001", "GOVERNANCE", "LOW"), "Partnership( phse == Phase.MIDDLE )", EMIT));
        assertEquals(1, result.errors().size(), result.errors().toString());
        RuleError error = result.errors().get(0);
        assertEquals(9, error.line());
        assertEquals(4, error.column());
        assertTrue(error.message().startsWith("Partnership has no field 'phse'; did you mean 'phase'? Fields of "
                + "Partnership: id, name, geographicScope, phase,"), error.message());
    }

    @Test
    void unknownNestedFieldIsOneError() {
        BuildResult result = build(ruleAt(meta("X-001", "GOVERNANCE", "LOW"), "Partnership( leadership.modle == null )", EMIT));
        assertEquals(1, result.errors().size(), result.errors().toString());
        assertTrue(result.errors().get(0).message().startsWith("Leadership has no field 'modle'; did you mean 'model'?"),
                result.errors().toString());
    }

    @Test
    void syntaxErrorIsReportedOnceAtTheLineAndColumnOfItsMessage() {
        BuildResult result = build(ruleAt(meta("X-001", "GOVERNANCE", "LOW"), "Partnership( phase == Phase.MIDDLE ", EMIT));
        assertEquals(1, result.errors().size(), result.errors().toString());
        RuleError error = result.errors().get(0);
        assertEquals(10, error.line());
        assertEquals(4, error.column());
        assertTrue(error.message().contains("Line 10:4 mismatched input '$findings'")
                && error.message().contains("missing just before it"), error.message());
    }

    @Test
    void unquotedMetadataIsOneErrorAtTheAnnotationsLine() {
        String metadata = meta("X-001", "GOVERNANCE", "LOW").replace("@severity(\"LOW\")", "@severity(LOW)");
        BuildResult result = build(ruleAt(metadata, "Partnership()", EMIT));
        assertEquals(1, result.errors().size(), result.errors().toString());
        RuleError error = result.errors().get(0);
        assertEquals(5, error.line());
        assertTrue(error.message().contains("@severity must be a quoted string: write @severity(\"LOW\")"), error.message());
    }

    @Test
    void aWrongMetadataValueIsReportedAtTheAnnotationsLine() {
        BuildResult result = build(ruleAt(meta("X-001", "GOVERNANSE", "LOW"), "Partnership()", EMIT));
        assertEquals(1, result.errors().size(), result.errors().toString());
        assertEquals(5, result.errors().get(0).line());
        assertTrue(result.errors().get(0).message().contains("unknown @category(\"GOVERNANSE\")"));
    }

    @Test
    void aPlaceholderNoConsequenceFillsIsALoadErrorNamingRuleAndPlaceholder() {
        String metadata = meta("X-001", "GOVERNANCE", "LOW").replace("It applies.", "It applies to {count} partners.");
        BuildResult result = build(ruleAt(metadata, "Partnership()", "$findings.emit(kcontext).param(\"cnt\", 2);"));
        assertEquals(1, result.errors().size(), result.errors().toString());
        RuleError error = result.errors().get(0);
        assertEquals(7, error.line());
        assertTrue(error.message().contains("rule \"X-001 A title\"") && error.message().contains("{count}")
                && error.message().contains("it fills cnt"), error.message());
        // filled by param, paramIf, a choice's name, or {subjects}: fine
        String choice = meta("X-001", "GOVERNANCE", "LOW").replace("It applies.", "{how: a = A {subjects} | b = B}, {n}.");
        assertTrue(build(ruleAt(choice, "$p : Partnership()",
                "$findings.emit(kcontext).paramIf(Is.no($p.projectBased()), \"how\", \"a\").param(\"n\", 1);")).ok());
    }

    @Test
    void aRepeatedIdSuggestsAFreeIdAsWellAsTheSuffixForm() {
        String a = rule("X-001 A title", meta("X-001", "GOVERNANCE", "LOW"), "Partnership()", EMIT);
        String b = rule("X-001 Another title", meta("X-001", "GOVERNANCE", "LOW"), "Partner()", EMIT);
        String c = rule("X-002 Third", meta("X-002", "GOVERNANCE", "LOW"), "Partner()", EMIT);
        BuildResult result = build(HEADER + a + b + c);
        assertEquals(1, result.errors().size(), result.errors().toString());
        String message = result.errors().get(0).message();
        assertTrue(message.contains("\"X-001 Another title\" repeats id X-001") && message.contains("free id such as X-003")
                && message.contains("\"X-001/<suffix> <title>\""), message);
        assertEquals("PHA-COMMON-004", RuleMetadataReader.freeId("PHA-COMMON-001",
                java.util.Set.of("PHA-COMMON-001", "PHA-COMMON-003", "PHA-MID-009")));
    }

    @Test
    void anUnknownMethodIsOneErrorWithTheNearestMethod() {
        BuildResult result = build(ruleAt(meta("X-001", "GOVERNANCE", "LOW"), "Partnership( numbr(\"countiesCovered\") > 3 )", EMIT));
        assertEquals(1, result.errors().size(), result.errors().toString());
        assertTrue(result.errors().get(0).message().startsWith("Partnership has no method numbr(String); did you mean "
                + "number(String)?"), result.errors().toString());
    }

    @Test
    void anUnknownFieldThatIsNoTypoPointsToTheAttributeReaders() {
        BuildResult result = build(ruleAt(meta("X-001", "GOVERNANCE", "LOW"), "Partnership( countiesCovered > 3 )", EMIT));
        assertEquals(1, result.errors().size(), result.errors().toString());
        assertTrue(result.errors().get(0).message().endsWith("An open attribute is read with number(\"countiesCovered\"), "
                + "text(\"countiesCovered\"), yes(\"countiesCovered\") or no(\"countiesCovered\")"), result.errors().toString());
    }
}
