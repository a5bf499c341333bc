package org.csp.decisions.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.drools.base.definitions.InternalKnowledgePackage;
import org.drools.io.DescrResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kie.api.definition.rule.Rule;

/**
 * The compiler fed parsed files. Compiled rules must not keep the parse tree: named by the tree's resource
 * (a DescrResource), every rule base kept the whole tree (26.6 instead of 19.8 MB per 1,000 rules in MemoryProbe) and
 * every cache entry carried it.
 */
class RuleCompilerTest {
    @TempDir
    Path dir;

    private static List<RuleFile> bundledDrl() throws Exception {
        return RulesFolder.of(Path.of("src/main/resources/rules")).ruleFiles().stream()
                .filter(f -> f.path().endsWith(".drl")).toList();
    }

    private static void assertNamedByText(List<InternalKnowledgePackage> packages) {
        int rules = 0;
        for (InternalKnowledgePackage pkg : packages) {
            for (Rule rule : pkg.getRules()) {
                var resource = ((org.drools.base.definitions.rule.impl.RuleImpl) rule).getResource();
                assertFalse(resource instanceof DescrResource, rule.getName() + " keeps its parse tree");
                assertTrue(resource.getSourcePath().endsWith(".drl"), rule.getName() + ": " + resource.getSourcePath());
                rules++;
            }
        }
        assertTrue(rules > 0);
    }

    @Test
    void compiledRulesKeepTheirFileNotTheParseTree() throws Exception {
        List<RuleFile> files = bundledDrl();
        RuleCompiler.Output out = new RuleCompiler(null).compile(files, ParsedDrl.parse(files),
                RuleCompilerTest.class.getClassLoader());
        assertEquals(List.of(), out.errors());
        assertNamedByText(out.packages());
    }

    @Test
    void soDoRulesCompiledFileByFileAndLoadedFromTheCache() throws Exception {
        CompiledRulesCache cache = CompiledRulesCache.open(dir.resolve("cache"), 200, 64L << 20);
        assertNotNull(cache);
        List<RuleFile> files = bundledDrl();
        ClassLoader classes = RuleCompilerTest.class.getClassLoader();
        RuleCompiler.Output compiled = new RuleCompiler(cache).compile(files, ParsedDrl.parse(files), classes);
        assertEquals(files.size(), compiled.compiledUnits(), "one unit per self-contained file");
        assertNamedByText(compiled.packages());
        cache.flush();
        RuleCompiler.Output loaded = new RuleCompiler(cache).compile(files, ParsedDrl.parse(files), classes);
        assertEquals(0, loaded.compiledUnits(), "every unit loaded from the cache");
        assertNamedByText(loaded.packages());
    }
}
