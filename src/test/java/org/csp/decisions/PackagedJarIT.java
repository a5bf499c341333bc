package org.csp.decisions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 items 7, 9 and the start-up part of 2, against the packaged jar run as a process
 * ({@code java -jar target/quarkus-app/quarkus-run.jar}), as an orchestrator runs it: SIGTERM with batches in flight
 * and with stuck rule threads, and start-up errors.
 */
class PackagedJarIT {
    static final Path JAR = Path.of(System.getProperty("csp.jar", "target/quarkus-app/quarkus-run.jar"));
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final String META = """
                @category("GOVERNANCE") @severity("LOW") @source("test.txt") @citation("Test")
                @paraphrase("A test study of many partnerships found that this holds here.") @explanation("Test.") @recommendation1("Fix the rule.")
            """;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void missingRulesFolderIsOneClearLineEveryTime() throws Exception {
        for (int run = 0; run < 5; run++) {
            Path log = Files.createTempFile("csp-start", ".log");
            Process p = start(log, List.of(), "RULES_DIRECTORY", "/nonexistent/csp-rules");
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "did not exit");
            String out = Files.readString(log);
            assertEquals(1, p.exitValue(), out);
            List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
            assertEquals(List.of("csp-decisions: cannot start: rules folder /nonexistent/csp-rules does not exist"),
                    lines, "run " + run);
        }
    }

    @Test
    void ruleThatRunsAwayOnTheWarmUpStopsTheStartNamingIt() throws Exception {
        Path folder = copyOfBundledRules();
        Files.writeString(folder.resolve("warm.drl"), """
                package test.warm;
                import org.csp.decisions.model.*;
                rule "WARM-001 Spins on every request"
                    @id("WARM-001")
                """ + META + """
                when
                    Partnership()
                    $findings : FindingCollector()
                then
                    while (System.nanoTime() != 0) { }
                    $findings.emit(kcontext);
                end
                """);
        Path log = Files.createTempFile("csp-start", ".log");
        long start = System.nanoTime();
        Process p = start(log, List.of("-Drules.evaluation-timeout=1s"), "RULES_DIRECTORY", folder.toString());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "did not exit");
        String out = Files.readString(log);
        assertEquals(1, p.exitValue(), out);
        String last = out.lines().filter(l -> l.startsWith("csp-decisions: cannot start:")).findFirst().orElse("");
        assertTrue(last.contains("warm.drl:") && last.contains("WARM-001 Spins on every request")
                && last.contains("ran away on the warm-up"), out);
        assertFalse(out.contains("\tat "), "a stack trace was printed:\n" + out);
        System.out.printf("start-up with a runaway warm-up rule exited in %d ms%n", (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    void sigtermLetsBatchesInFlightFinishWhileReadinessGoesDownFirst() throws Exception {
        Path folder = copyOfBundledRules();
        Files.writeString(folder.resolve("slow.drl"), """
                package test.slow;
                import org.csp.decisions.model.*;
                rule "SLOW-001 Takes 50 ms"
                    @id("SLOW-001")
                """ + META + """
                when
                    Partnership( attributes["slow"] == true )
                    $findings : FindingCollector()
                then
                    long end = System.nanoTime() + 50_000_000L;
                    while (System.nanoTime() < end) { }
                    $findings.emit(kcontext);
                end
                """);
        int port = freePort();
        Path log = Files.createTempFile("csp-run", ".log");
        Process p = start(log, List.of("-Dquarkus.http.port=" + port, "-Dquarkus.shutdown.delay=2s",
                "-Dquarkus.shutdown.timeout=20s"), "RULES_DIRECTORY", folder.toString());
        awaitReady(port, p, log);
        String item = "{\"partnership\":{\"id\":\"s\",\"name\":\"S\",\"attributes\":{\"slow\":true}},"
                + "\"partners\":[{\"id\":\"a\",\"name\":\"A\",\"sector\":\"PUBLIC\"}]}";
        String batch = "[" + IntStream.range(0, 10).mapToObj(i -> item).collect(Collectors.joining(",")) + "]";
        List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            inFlight.add(HTTP.sendAsync(post(port, "/evaluate/batch", batch), HttpResponse.BodyHandlers.ofString()));
        }
        Thread.sleep(300);
        long signalled = System.nanoTime();
        p.destroy(); // SIGTERM
        // Readiness goes DOWN at once; requests are still answered during the delay.
        boolean down = false;
        for (int i = 0; i < 20 && !down; i++) {
            down = get(port, "/q/health/ready").statusCode() == 503;
            if (!down) {
                Thread.sleep(50);
            }
        }
        assertTrue(down, "readiness still UP after SIGTERM");
        HttpResponse<String> during = HTTP.send(post(port, "/evaluate", item), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, during.statusCode(), during.body());
        for (CompletableFuture<HttpResponse<String>> f : inFlight) {
            HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(10, r.body().split("\"partnershipId\":\"s\"", -1).length - 1, r.body());
            assertFalse(r.body().contains("\"status\""), "an item failed: " + r.body());
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "did not exit");
        long millis = (System.nanoTime() - signalled) / 1_000_000;
        String out = Files.readString(log);
        assertFalse(out.contains("RejectedExecutionException"), out);
        // The analyst's folder (RULES_DIRECTORY) was built and warmed while Quarkus booted (RulePreload), and served.
        assertTrue(out.contains("(start-up, built and warmed while Quarkus booted"), out);
        System.out.printf("SIGTERM with 6 batches in flight: all answered, exit after %d ms%n", millis);
    }

    /**
     * With the service's JVM options (bin/jvm.options, as bin/run, the image and the manifest start it), batch items
     * run at the operating system's lowest priority (nice 19) and nothing else changes priority: single calls'
     * threads, the JIT, the garbage collector all stay at nice 0 whether the process runs as root or not.
     */
    @Test
    void batchItemsRunAtNice19WithTheServiceJvmOptions() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux only");
        int port = freePort();
        Path log = Files.createTempFile("csp-run", ".log");
        Process p = start(log, List.of("@" + Path.of("bin/jvm.options").toAbsolutePath(), "-Dquarkus.http.port=" + port));
        awaitReady(port, p, log);
        String a10 = Files.readString(Path.of("examples/a10-request.json"));
        HttpResponse<String> single = HTTP.send(post(port, "/evaluate", a10), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, single.statusCode(), single.body());
        String batch = "[" + IntStream.range(0, 20).mapToObj(i -> a10).collect(Collectors.joining(",")) + "]";
        HttpResponse<String> answers = HTTP.send(post(port, "/evaluate/batch", batch), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answers.statusCode(), answers.body());
        java.util.Map<String, Integer> nice = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(p.pid()), "task"))) {
            for (Path task : tasks.toList()) {
                String stat = Files.readString(task.resolve("stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                String thread = Files.readString(task.resolve("comm")).strip() + " (" + task.getFileName() + ")";
                nice.put(thread, Integer.parseInt(fields[16])); // field 19 of stat, the nice value
                // field 41, the scheduling policy: SCHED_IDLE (5) for batch work, SCHED_OTHER (0) for the rest
                assertEquals(thread.startsWith("rules-batch-") ? 5 : 0, Integer.parseInt(fields[38]), thread + ": " + stat);
            }
        }
        List<String> batchThreads = nice.keySet().stream().filter(t -> t.startsWith("rules-batch-")).toList();
        assertFalse(batchThreads.isEmpty(), nice.toString());
        nice.forEach((thread, value) -> assertEquals(thread.startsWith("rules-batch-") ? 19 : 0, value,
                thread + " in " + nice));
        assertTrue(nice.keySet().stream().anyMatch(t -> t.startsWith("rules-eval-")), nice.toString());
        // the batch was read and answered (its items handed out, its answers written in order) at nice 19 too
        assertTrue(nice.keySet().stream().anyMatch(t -> t.startsWith("rules-batch-ans")), nice.toString());
    }

    @Test
    void sigtermWithStuckRuleThreadsExitsPromptly() throws Exception {
        Path folder = copyOfBundledRules();
        // Swallows even ThreadDeath: a thread no one can reclaim.
        Files.writeString(folder.resolve("stuck.drl"), """
                package test.stuck;
                import org.csp.decisions.model.*;
                rule "HANG-002 Cannot be stopped"
                    @id("HANG-002")
                """ + META + """
                when
                    Partnership( attributes["hang"] == true )
                    $findings : FindingCollector()
                then
                    while (System.nanoTime() != 0) {
                        try { while (System.nanoTime() != 0) { } } catch (Throwable ignored) { }
                    }
                    $findings.emit(kcontext);
                end
                """);
        int port = freePort();
        Path log = Files.createTempFile("csp-run", ".log");
        Process p = start(log, List.of("-Dquarkus.http.port=" + port, "-Dquarkus.shutdown.delay=1s",
                "-Drules.evaluation-timeout=1s", "-Drules.quarantine-after=100", "-Drules.max-stuck-threads=100",
                "-Drules.evaluation-threads=6"),
                "RULES_DIRECTORY", folder.toString());
        awaitReady(port, p, log);
        String hang = "{\"partnership\":{\"id\":\"h\",\"name\":\"H\",\"attributes\":{\"hang\":true}},"
                + "\"partners\":[{\"id\":\"a\",\"name\":\"A\",\"sector\":\"PUBLIC\"}]}";
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(HTTP.sendAsync(post(port, "/evaluate", hang), HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> f : calls) {
            assertEquals(500, f.get(60, TimeUnit.SECONDS).statusCode());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!get(port, "/q/health/live").body().replaceAll("\\s", "").contains("\"stuckThreads\":6")) {
            if (System.nanoTime() > deadline) {
                fail("threads not stuck: " + get(port, "/q/health/live").body());
            }
            Thread.sleep(200);
        }
        long signalled = System.nanoTime();
        p.destroy();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "did not exit with stuck rule threads");
        long millis = (System.nanoTime() - signalled) / 1_000_000;
        assertTrue(millis < 15_000, "exit took " + millis + " ms");
        System.out.printf("SIGTERM with 6 stuck rule threads: exit after %d ms%n", millis);
    }

    // --- helpers

    private Process start(Path log, List<String> jvmArgs, String... env) throws IOException {
        assertTrue(Files.isRegularFile(JAR), "package the service first: " + JAR);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Dquarkus.http.host=127.0.0.1");
        if (jvmArgs.stream().noneMatch(a -> a.startsWith("-Dquarkus.http.port="))) {
            command.add("-Dquarkus.http.port=" + freePort());
        }
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(JAR.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().remove("RULES_DIRECTORY");
        builder.environment().remove("RULES_ADMIN_TOKEN");
        for (int i = 0; i + 1 < env.length; i += 2) {
            builder.environment().put(env[i], env[i + 1]);
        }
        Process p = builder.start();
        processes.add(p);
        return p;
    }

    private static void awaitReady(int port, Process p, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                fail("exited early:\n" + Files.readString(log));
            }
            try {
                if (get(port, "/q/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        fail("not ready:\n" + Files.readString(log));
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest post(int port, String path, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Path copyOfBundledRules() {
        return org.csp.decisions.engine.LiveRulesProfile.copyOfBundledRules();
    }
}
