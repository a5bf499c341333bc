package org.csp.decisions.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules folders as deployments mount them are read as the analysts wrote them: each logical file once, hidden
 * entries skipped, links followed only inside the folder, paths relative to it.
 */
class FolderLayoutsTest {

    @TempDir
    Path tmp;

    /** Every relative path and every error message a load of this folder produces (compiling what could be read). */
    static List<String> loadOutcome(Path folder) {
        List<String> out = new ArrayList<>();
        try {
            List<RuleFile> files = RulesFolder.of(folder).ruleFiles();
            files.forEach(f -> out.add("file " + f.path()));
            BuildResult build = new RuleSetBuilder(1).build(files, "test");
            build.errors().forEach(e -> out.add("error " + e));
        } catch (RulesFolderException e) {
            e.errors().forEach(err -> out.add("error " + err));
        } catch (IOException e) {
            out.add("error " + e.getMessage());
        }
        return out;
    }

    @Test
    void configMapVolumeLoadsEachFileOnceIncludingSubFolders() throws IOException {
        Path mount = tmp.resolve("etc-rules");
        Map<String, String> payload = new TreeMap<>(MountedLayouts.bundledRules());
        payload.put("analyst/counties.drl", HotReloadTest.rule("ANA-001", 3)); // a sub-folder, through items[].path
        MountedLayouts.configMap(mount, payload);
        assertTrue(Files.isSymbolicLink(mount.resolve("analyst")), "kubelet links top-level names through ..data");

        List<String> outcome = loadOutcome(mount);
        // Rule files are the .drl files and the aggregate file (LEG-900's words).
        List<String> expected = payload.keySet().stream().filter(k -> k.endsWith(".drl") || k.endsWith(".aggregate.json"))
                .sorted().map(k -> "file " + k).toList();
        assertEquals(expected, outcome, "each logical file once, no hidden copies, no errors");

        List<String> cases = RulesFolder.of(mount).caseFiles().stream().map(RuleFile::path).toList();
        assertEquals(payload.keySet().stream().filter(k -> k.endsWith(RulesFolder.CASES_SUFFIX)
                || (k.startsWith("cases/") && k.endsWith(".json"))).sorted().toList(), cases);
    }

    @Test
    void hiddenEntriesAreNotRules() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("rules"));
        Files.writeString(folder.resolve("counties.drl"), HotReloadTest.rule("ANA-001", 3));
        Files.createDirectories(folder.resolve(".git/refs"));
        Files.writeString(folder.resolve(".git/refs/old.drl"), HotReloadTest.rule("ANA-001", 9)); // would duplicate
        Files.createDirectories(folder.resolve("..2026_11_29_14_00_00.123456789"));
        Files.writeString(folder.resolve("..2026_11_29_14_00_00.123456789/counties.drl"), HotReloadTest.rule("ANA-001", 4));
        Files.writeString(folder.resolve(".counties.drl.swp"), "editor swap file");
        Files.writeString(folder.resolve(".hidden.drl"), "not a rule file: hidden");
        Files.createSymbolicLink(folder.resolve(".#counties.drl"), Path.of("me@host.1234:1700000000")); // emacs lock

        assertEquals(List.of("file counties.drl"), loadOutcome(folder));
    }

    @Test
    void aLinkOutOfTheFolderIsAnErrorNamingTheRelativePathAndNothingOfItsContent() throws IOException {
        Path secret = tmp.resolve("secret.txt");
        Files.writeString(secret, "root:x:0:0:SECRET-LINE:/root:/bin/bash\n");
        Path outsideDir = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.writeString(outsideDir.resolve("other.drl"), HotReloadTest.rule("ANA-002", 3));
        Path folder = Files.createDirectories(tmp.resolve("rules"));
        Files.writeString(folder.resolve("counties.drl"), HotReloadTest.rule("ANA-001", 3));
        Files.createSymbolicLink(folder.resolve("passwd.drl"), secret);
        Files.createSymbolicLink(folder.resolve("more"), outsideDir);
        Files.createSymbolicLink(folder.resolve("etc-passwd.drl"), Path.of("/etc/passwd"));

        List<String> outcome = loadOutcome(folder);
        String all = String.join("\n", outcome);
        assertFalse(all.contains("SECRET-LINE") || all.contains("root:"), "content of a link's target leaked: " + all);
        assertFalse(all.contains(tmp.toString()), "an absolute path leaked: " + all);
        assertEquals(List.of("error etc-passwd.drl:0:0: " + FolderScan.OUTSIDE, "error more:0:0: " + FolderScan.OUTSIDE,
                "error passwd.drl:0:0: " + FolderScan.OUTSIDE), outcome.stream().sorted().toList());
    }

    @Test
    void linksInsideTheFolderAreFollowedAndAFileReachedTwiceLoadsOnce() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("rules"));
        Files.createDirectories(folder.resolve("store"));
        Files.writeString(folder.resolve("store/counties.drl"), HotReloadTest.rule("ANA-001", 3));
        Files.createSymbolicLink(folder.resolve("current.drl"), Path.of("store/counties.drl")); // same file again
        Files.createSymbolicLink(folder.resolve("loop"), Path.of(".")); // a link back up: not walked again
        assertEquals(List.of("file current.drl"), loadOutcome(folder));

        Files.createSymbolicLink(folder.resolve("gone.drl"), Path.of("store/missing.drl"));
        assertEquals(List.of("error gone.drl:0:0: is a link to nothing"), loadOutcome(folder));
    }

    @Test
    void aFolderIsShownRelativeNeverByItsAbsolutePath() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("rules"));
        Files.writeString(folder.resolve("broken.drl"), HotReloadTest.BROKEN);
        RulesFolder rules = RulesFolder.of(folder);
        assertEquals(RulesFolder.DIRECTORY_ORIGIN, rules.description());
        BuildResult build = new RuleSetBuilder(1).build(rules.ruleFiles(), rules.description());
        assertFalse(build.errors().toString().contains(tmp.toString()), build.errors().toString());
        assertEquals("broken.drl", build.errors().get(0).file());
        // an empty folder's error names it as the service does
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertEquals("no .drl files found in rules.directory", new RuleSetBuilder(1).build(RulesFolder.of(empty).ruleFiles(),
                RulesFolder.of(empty).description()).errors().get(0).message());
    }

    @Test
    void aGitSyncRootLinkIsReadThroughItsCurrentTarget() throws IOException {
        Path link = tmp.resolve("git/rules");
        Files.createDirectories(link.getParent());
        Map<String, String> payload = new LinkedHashMap<>();
        payload.put("counties.drl", HotReloadTest.rule("ANA-001", 3));
        payload.put("sub/other.drl", HotReloadTest.rule("ANA-002", 3));
        MountedLayouts.gitSync(link, payload);
        assertEquals(List.of("file counties.drl", "file sub/other.drl"), loadOutcome(link));
    }
}
