package org.csp.decisions.engine;

import static org.csp.decisions.engine.RuleSetBuilderTest.EMIT;
import static org.csp.decisions.engine.RuleSetBuilderTest.HEADER;
import static org.csp.decisions.engine.RuleSetBuilderTest.meta;
import static org.csp.decisions.engine.RuleSetBuilderTest.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiling a rule runs none of its code: DRL that could reach outside its evaluation (process exit, processes,
 * files, network, reflection, threads, System properties) is refused with file and line before the compiler sees it.
 */
class DrlSafetyCheckTest {
    private final RuleSetBuilder builder = new RuleSetBuilder(1);

    @TempDir
    Path tmp;

    BuildResult build(String content) {
        BuildResult result = builder.build(List.of(new RuleFile("area/evil.drl", content)), "test");
        if (result.ok()) {
            result.ruleSet().retire();
        }
        return result;
    }

    static String ok(String when, String then) {
        return HEADER + rule("X-001 A title", meta("X-001", "GOVERNANCE", "LOW"), when, then);
    }

    /** Asserts a refusal in area/evil.drl at {@code line} whose message contains every fragment. */
    static void refused(BuildResult result, int line, String... fragments) {
        assertFalse(result.ok(), "expected a refusal");
        assertTrue(result.errors().stream().anyMatch(e -> "area/evil.drl".equals(e.file()) && e.line() == line
                && List.of(fragments).stream().allMatch(f -> e.message().contains(f))),
                "no error at area/evil.drl:" + line + " containing " + List.of(fragments) + ": " + result.errors());
    }

    @Test
    void unquotedMetadataIsRefusedBeforeItIsEvaluated() {
        Path marker = tmp.resolve("p");
        String evil = meta("X-001", "GOVERNANCE", "LOW") + "\n    @x(new java.io.File(\"" + marker + "\").createNewFile())";
        BuildResult result = build(HEADER + rule("X-001 A title", evil, "Partnership()", EMIT));
        assertFalse(Files.exists(marker), "the metadata expression ran during the build");
        refused(result, 8, "@x", "quoted");
    }

    @Test
    void haltInMetadataDoesNotKillTheJvm() {
        String evil = meta("X-001", "GOVERNANCE", "LOW") + "\n    @x(java.lang.Runtime.getRuntime().halt(3))";
        BuildResult result = build(HEADER + rule("X-001 A title", evil, "Partnership()", EMIT));
        refused(result, 8, "@x");
        // still alive
    }

    @Test
    void runtimeExitInAConsequenceIsRefused() {
        refused(build(ok("Partnership()", EMIT + "\n    Runtime.getRuntime().exit(1);")), 13, "Runtime", "process");
        refused(build(ok("Partnership()", "java.lang.Runtime r = java.lang.Runtime.getRuntime(); r.halt(1);")), 12, "Runtime");
        refused(build(ok("Partnership()", "var r = Runtime.getRuntime();\n    r.exit(0);")), 12, "Runtime");
        refused(build(ok("Partnership()", "System.exit(1);")), 12, "System");
    }

    @Test
    void processFilesNetworkReflectionThreadsAndSystemAreRefused() {
        refused(build(ok("Partnership()", "new ProcessBuilder(\"sh\").start();")), 12, "ProcessBuilder");
        refused(build(ok("Partnership()", "java.nio.file.Files.writeString(java.nio.file.Path.of(\"/tmp/x\"), \"x\");")), 12, "java.nio");
        refused(build(ok("Partnership()", "new java.net.Socket(\"localhost\", 80);")), 12, "java.net");
        refused(build(ok("Partnership()", "Class.forName(\"java.lang.Run\" + \"time\").getMethod(\"getRuntime\").invoke(null);")), 12, "Class");
        refused(build(ok("$p : Partnership()", "$p.getClass().getClassLoader();")), 12, "getClass");
        refused(build(ok("Partnership()", "new Thread(() -> {}).start();")), 12, "Thread");
        refused(build(ok("Partnership()", "String home = System.getenv(\"HOME\");")), 12, "System");
        refused(build(ok("Partnership()", "Object o = java.util.concurrent.Executors.newSingleThreadExecutor();")), 12, "java.util.concurrent");
    }

    @Test
    void conditionsFunctionsAndImportsAreCheckedToo() {
        refused(build(ok("Partnership()\n    eval(new java.io.File(\"/tmp/y\").delete())", EMIT)), 10, "java.io");
        refused(build(ok("$p : Partnership( name == System.getProperty(\"user.name\") )", EMIT)), 9, "System");
        refused(build(HEADER + "function boolean f() { return new java.io.File(\"/tmp/z\").exists(); }\n"
                + rule("X-001 A title", meta("X-001", "GOVERNANCE", "LOW"), "Partnership()", EMIT)), 4, "java.io");
        refused(build(HEADER.replace("import org.csp.decisions.model.*;", "import org.csp.decisions.model.*;\nimport static java.lang.Runtime.getRuntime;")
                + rule("X-001 A title", meta("X-001", "GOVERNANCE", "LOW"), "Partnership()", "getRuntime().halt(1);")), 3, "Runtime");
        refused(build(HEADER.replace("import org.csp.decisions.model.*;", "import org.csp.decisions.model.*;\nimport java.io.File;")
                + rule("X-001 A title", meta("X-001", "GOVERNANCE", "LOW"), "Partnership()", "new File(\"/tmp/q\").delete();")), 3, "java.io");
        refused(build(HEADER.replace("package test.rules;", "package io.quarkus.runtime;")
                + rule("X-001 A title", meta("X-001", "GOVERNANCE", "LOW"), "Partnership()", "Quarkus.asyncExit();")), 1, "package");
        refused(build(ok("$p : Partnership()", "Object c = $p.class;")), 12, ".class");
    }

    @Test
    void evasionsAreRefused() {
        // A Unicode escape is decoded by the Java compiler before it reads the code (even inside a comment).
        refused(build(ok("Partnership()", EMIT + "\n    // \\u000a Runtime.getRuntime().halt(2);")), 13, "Unicode escape");
        refused(build(ok("Partnership()", "\\u0052untime.getRuntime().halt(2);")), 12, "Unicode escape");
        // A comment between the parts of a name does not hide it.
        refused(build(ok("Partnership()", "java/**/.io.File f = null;")), 12, "java.io");
        // A text block cannot end where a naive reader thinks it does.
        refused(build(ok("Partnership()", "String s = \"\"\"\n  \" \"\"\"; Runtime.getRuntime().halt(2); String t = \"x\";")), 13, "Runtime");
        // A single-quoted (MVEL) string that contains a double quote cannot hide the code after it.
        refused(build(ok("$p : Partnership( name == 'a\"b' )\n    eval( Runtime.getRuntime() != null )\n    Partnership( name == \"\" )", EMIT)), 10, "Runtime");
    }

    @Test
    void harmlessWordsInStringsAndCommentsAreFine() {
        String text = ok("$p : Partnership( name != \"Runtime.getRuntime() System.exit java.io.File\" )",
                "// Thread, System, java.io in a comment\n    " + EMIT);
        BuildResult result = build(text);
        assertTrue(result.ok(), result.errors().toString());
    }

    @Test
    void theClockAndSleepingOnTheOwnThreadAreAllowed() {
        BuildResult result = build(ok("Partnership()", "long end = System.nanoTime() + 1; Thread.sleep(0); " + EMIT)
                .replace("then\n", "then\n    try {\n").replace("\nend\n", "\n    } catch (InterruptedException e) { }\nend\n"));
        assertTrue(result.ok(), result.errors().toString());
        refused(build(ok("Partnership()", "System.nanoTime(); System.exit(0);")), 12, "System");
        refused(build(ok("Partnership()", "Thread.currentThread().getThreadGroup();")), 12, "Thread");
    }

    @Test
    void theBundledRulesPass() throws Exception {
        List<RuleFile> files = RulesFolder.bundled().ruleFiles();
        List<RuleError> errors = new java.util.ArrayList<>();
        new DrlSafetyCheck().check(files, errors);
        assertEquals(List.of(), errors);
    }
}
