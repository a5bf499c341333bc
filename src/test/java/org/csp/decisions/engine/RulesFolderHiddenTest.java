package org.csp.decisions.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hidden files and folders (the workbench's .workbench/, .git/, editors' swap files) are never loaded. */
class RulesFolderHiddenTest {

    @Test
    void hiddenPathsAreNeitherRulesNorCases(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.drl"), "rule a");
        Files.createDirectories(dir.resolve(".workbench/versions"));
        Files.writeString(dir.resolve(".workbench/versions/old.drl"), "not loaded");
        Files.createDirectories(dir.resolve("area"));
        Files.writeString(dir.resolve("area/b.drl"), "rule b");
        Files.writeString(dir.resolve("area/.b.drl.swp.drl"), "not loaded");
        Files.createDirectories(dir.resolve("cases/area/.tmp"));
        Files.writeString(dir.resolve("cases/area/B-001.json"), "{}");
        Files.writeString(dir.resolve("cases/area/.tmp/B-001.json"), "{}");
        RulesFolder folder = RulesFolder.of(dir);
        assertEquals(List.of("a.drl", "area/b.drl"), folder.ruleFiles().stream().map(RuleFile::path).toList());
        assertEquals(List.of("cases/area/B-001.json"), folder.caseFiles().stream().map(RuleFile::path).toList());
        assertTrue(RulesFolder.isHidden(".workbench/history.jsonl"));
        assertTrue(RulesFolder.isHidden("area/.x.drl"));
        assertFalse(RulesFolder.isHidden("area/x.drl"));
    }
}
