package org.csp.decisions.engine;

import static org.csp.decisions.engine.RuleSetBuilderTest.EMIT;
import static org.csp.decisions.engine.RuleSetBuilderTest.HEADER;
import static org.csp.decisions.engine.RuleSetBuilderTest.meta;
import static org.csp.decisions.engine.RuleSetBuilderTest.rule;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Never serve an empty or impossible rule set: too few rules, too many, too large - FAILED before memory is spent. */
class RuleSetLimitsTest {
    @TempDir
    Path tmp;

    static String rules(int n) {
        StringBuilder out = new StringBuilder(HEADER);
        for (int i = 1; i <= n; i++) {
            String id = String.format("X-%04d", i);
            out.append(rule(id + " Rule " + i, meta(id, "GOVERNANCE", "LOW"), "Partnership()", EMIT));
        }
        return out.toString();
    }

    @Test
    void aFolderWithOneEmptyFileIsFailed() {
        BuildResult result = new RuleSetBuilder(1).build(List.of(new RuleFile("empty.drl", "")), "test");
        assertFalse(result.ok(), "an empty rule set was built");
        assertTrue(result.errors().get(0).message().contains("fewer than rules.min-rules (1)"), result.errors().toString());
        BuildResult onlyComments = new RuleSetBuilder(1).build(List.of(new RuleFile("a.drl", "package x;\n// nothing\n")), "test");
        assertFalse(onlyComments.ok());
    }

    @Test
    void tooManyRulesAreFailedBeforeCompiling() {
        RuleSetLimits limits = new RuleSetLimits(1, 20, 100, RuleSetLimits.MIB, RuleSetLimits.MIB);
        long started = System.nanoTime();
        BuildResult result = new RuleSetBuilder(1, limits).build(List.of(new RuleFile("many.drl", rules(21))), "test");
        assertFalse(result.ok());
        assertTrue(result.errors().get(0).message().contains("21 rules, more than rules.max-rules (20)"), result.errors().toString());
        BuildResult ok = new RuleSetBuilder(1, limits).build(List.of(new RuleFile("many.drl", rules(20))), "test");
        assertTrue(ok.ok(), ok.errors().toString());
        ok.ruleSet().retire();
    }

    @Test
    void filesTooLargeOrTooManyAreFailedBeforeReading() throws IOException {
        RuleSetLimits limits = new RuleSetLimits(1, 2000, 3, 1000, 1500);
        Files.writeString(tmp.resolve("a.drl"), "x".repeat(900));
        RulesFolder folder = RulesFolder.of(tmp);
        assertTrue(folder.ruleFiles(limits).size() == 1);
        Files.writeString(tmp.resolve("big.drl"), "x".repeat(1001));
        IOException tooBig = assertThrows(IOException.class, () -> folder.ruleFiles(limits));
        assertTrue(tooBig.getMessage().contains("big.drl is 1001 bytes, more than rules.max-file-size (1000)"), tooBig.getMessage());
        Files.writeString(tmp.resolve("big.drl"), "x".repeat(700));
        IOException total = assertThrows(IOException.class, () -> folder.ruleFiles(limits));
        assertTrue(total.getMessage().contains("more than rules.max-folder-size (1500)"), total.getMessage());
        Files.delete(tmp.resolve("big.drl"));
        for (int i = 0; i < 3; i++) {
            Files.writeString(tmp.resolve("f" + i + ".drl"), "x");
        }
        IOException count = assertThrows(IOException.class, () -> folder.ruleFiles(limits));
        assertTrue(count.getMessage().contains("4 .drl files, more than rules.max-files (3)"), count.getMessage());
    }

    @Test
    void theSameLimitsApplyToFilesInMemory() {
        RuleSetLimits limits = new RuleSetLimits(1, 2000, 10, 100, 1000);
        BuildResult result = new RuleSetBuilder(1, limits).build(List.of(new RuleFile("big.drl", "x".repeat(101))), "test");
        assertFalse(result.ok());
        assertTrue(result.errors().get(0).message().contains("more than rules.max-file-size (100)"), result.errors().toString());
    }
}
