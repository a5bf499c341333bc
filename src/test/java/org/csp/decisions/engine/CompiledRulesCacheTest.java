package org.csp.decisions.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.csp.decisions.model.Evaluation;
import org.csp.decisions.model.EvaluationRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compiled-rules cache: a hit answers exactly as a compile; a bad entry is never served; a change misses. */
class CompiledRulesCacheTest {
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final RuleThreads THREADS = new RuleThreads(2, 16, 8, true);
    private final Evaluator evaluator = new Evaluator(new RuleSetHolder(), 10_000, Duration.ofSeconds(10), THREADS);

    @TempDir
    Path dir;

    @AfterAll
    static void stopThreads() {
        THREADS.close();
    }

    private static List<RuleFile> bundled() throws Exception {
        return RulesFolder.of(Path.of("src/main/resources/rules")).ruleFiles();
    }

    private static EvaluationRequest a10() throws Exception {
        return JSON.readValue(Path.of("examples/a10-request.json").toFile(), EvaluationRequest.class);
    }

    /** The answer without the moment it was made. */
    private String answer(RuleSet ruleSet) throws Exception {
        Evaluation evaluation = evaluator.evaluate(ruleSet, a10());
        var tree = JSON.valueToTree(evaluation);
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree).remove(List.of("evaluatedAt", "durationMicros"));
        return tree.toString();
    }

    private static String severityOf(String answer, String id) throws Exception {
        for (var finding : JSON.readTree(answer).get("findings")) {
            if (finding.get("id").asText().equals(id)) {
                return finding.get("severity").asText();
            }
        }
        return null;
    }

    /** A build, then the cache's writes of it. */
    private static BuildResult build(CompiledRulesCache cache, List<RuleFile> files, String origin) {
        BuildResult result = new RuleSetBuilder(1, RuleSetLimits.DEFAULTS, cache).build(files, origin);
        cache.flush();
        return result;
    }

    /** The .drl files of a set: one cache entry (compile unit) each, when they share nothing but imports. */
    private static int drlCount(List<RuleFile> files) {
        return (int) files.stream().filter(f -> f.path().endsWith(".drl")).count();
    }

    private static List<Path> entries(Path dir) throws Exception {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.toString().endsWith(".rules")).toList();
        }
    }

    @Test
    void aHitAnswersExactlyAsACompile() throws Exception {
        CompiledRulesCache cache = CompiledRulesCache.open(dir.resolve("cache"), 200, 64L << 20);
        assertNotNull(cache);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache.directory())));
        int files = drlCount(bundled());
        BuildResult compiled = build(cache, bundled(), "test");
        assertTrue(compiled.ok(), compiled.errors().toString());
        assertEquals(0, cache.hits());
        assertEquals(files, entries(cache.directory()).size(), "one entry per rule file");

        BuildResult loaded = build(cache, bundled(), "test");
        assertTrue(loaded.ok(), loaded.errors().toString());
        assertEquals(files, cache.hits(), "every file loaded, none compiled");
        assertEquals(compiled.version(), loaded.version());
        assertEquals(compiled.ruleSet().rules().stream().map(RuleMetadata::ruleName).toList(),
                loaded.ruleSet().rules().stream().map(RuleMetadata::ruleName).toList());
        String fromCompile = answer(compiled.ruleSet());
        String fromCache = answer(loaded.ruleSet());
        assertTrue(fromCompile.contains("\"id\":\"LEG-"), fromCompile);
        assertEquals(fromCompile, fromCache);
        compiled.ruleSet().retire();
        loaded.ruleSet().retire();
    }

    @Test
    void aCorruptEntryIsIgnoredDeletedAndRebuilt() throws Exception {
        CompiledRulesCache cache = CompiledRulesCache.open(dir, 200, 64L << 20);
        int files = drlCount(bundled());
        BuildResult first = build(cache, bundled(), "test");
        String expected = answer(first.ruleSet());
        first.ruleSet().retire();
        Path entry = entries(dir).get(0);
        byte[] bytes = Files.readAllBytes(entry);
        for (int i = bytes.length / 2; i < bytes.length / 2 + 64; i++) {
            bytes[i] ^= 0x5a;
        }
        Files.write(entry, bytes);

        BuildResult rebuilt = build(cache, bundled(), "test");
        assertTrue(rebuilt.ok(), rebuilt.errors().toString());
        assertEquals(files - 1, cache.hits(), "the altered entry must not be loaded");
        assertEquals(expected, answer(rebuilt.ruleSet()));
        rebuilt.ruleSet().retire();
        // the compile stored a good entry again
        BuildResult again = build(cache, bundled(), "test");
        assertEquals(2 * files - 1, cache.hits());
        assertEquals(expected, answer(again.ruleSet()));
        again.ruleSet().retire();

        Files.write(entries(dir).get(0), new byte[] {1, 2, 3}); // truncated
        BuildResult afterTruncation = build(cache, bundled(), "test");
        assertTrue(afterTruncation.ok());
        assertEquals(3 * files - 2, cache.hits());
        assertEquals(expected, answer(afterTruncation.ruleSet()));
        afterTruncation.ruleSet().retire();
    }

    @Test
    void aChangedRuleMissesAndIsCompiledWithItsChange() throws Exception {
        CompiledRulesCache cache = CompiledRulesCache.open(dir, 200, 64L << 20);
        List<RuleFile> files = bundled();
        BuildResult before = build(cache, files, "test");
        assertEquals("HIGH", severityOf(answer(before.ruleSet()), "LEG-001"));
        before.ruleSet().retire();
        List<RuleFile> changed = new ArrayList<>();
        for (RuleFile file : files) {
            changed.add(file.content().contains("@id(\"LEG-001\")")
                    ? new RuleFile(file.path(), file.content().replace("@severity(\"HIGH\")", "@severity(\"LOW\")")
                            .replace("@severity(\"MEDIUM\")", "@severity(\"LOW\")"))
                    : file);
        }
        assertTrue(!CompiledRulesCache.key(changed).equals(CompiledRulesCache.key(files)));
        BuildResult build = build(cache, changed, "test");
        assertTrue(build.ok(), build.errors().toString());
        assertEquals(drlCount(files) - 1, cache.hits(), "only the changed file is compiled");
        assertEquals(drlCount(files) + 1, entries(dir).size());
        assertEquals("LOW", severityOf(answer(build.ruleSet()), "LEG-001"), "the changed file is served with its change");
        build.ruleSet().retire();
    }

    @Test
    void filesThatShareAFunctionCompileTogether() throws Exception {
        CompiledRulesCache cache = CompiledRulesCache.open(dir, 200, 64L << 20);
        String shared = RuleSetBuilderTest.HEADER + "function boolean small(int n) { return n < 3; }\n";
        String user = RuleSetBuilderTest.HEADER + FoldedRulesTest.rule("X-001 Uses the function", "Text.",
                "$p : Partnership( projectBased == false, small(2) )", "$findings.emit(kcontext);");
        List<RuleFile> files = List.of(new RuleFile("area/shared.drl", shared), new RuleFile("area/x.drl", user));
        BuildResult first = build(cache, files, "test");
        assertTrue(first.ok(), first.errors().toString());
        assertEquals(1, entries(dir).size(), "one unit for both files");
        first.ruleSet().retire();
        BuildResult second = build(cache, files, "test");
        assertTrue(second.ok(), second.errors().toString());
        assertEquals(1, cache.hits());
        second.ruleSet().retire();
    }

    @Test
    void boundedToTheMostRecentEntries() throws Exception {
        CompiledRulesCache cache = CompiledRulesCache.open(dir, 2, 64L << 20);
        for (int i = 0; i < 3; i++) {
            build(cache, List.of(new RuleFile("area/x.drl",
                    RuleSetBuilderTest.HEADER + FoldedRulesTest.rule("X-00" + i + " Something", "Text.",
                            "$p : Partnership( projectBased == false )", "$findings.emit(kcontext);"))), "test")
                    .ruleSet().retire();
            Thread.sleep(20);
        }
        assertEquals(2, entries(dir).size());
    }

    @Test
    void aFolderOpenToOthersIsRefused() throws Exception {
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertNull(CompiledRulesCache.open(open, 8, 64L << 20));
    }
}
