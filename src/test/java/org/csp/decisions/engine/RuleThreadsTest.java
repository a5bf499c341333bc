package org.csp.decisions.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.csp.decisions.model.Evaluation;
import org.csp.decisions.model.EvaluationRequest;
import org.csp.decisions.model.Partner;
import org.csp.decisions.model.Partnership;
import org.csp.decisions.model.Sector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The rule threads without HTTP: a stuck consequence is reported once, its thread reclaimed (and the pool keeps its
 * size meanwhile), a full queue is refused at once, a thread that cannot be reclaimed counts against liveness, and a
 * quarantined view of a set never fires the rule.
 */
class RuleThreadsTest {
    static final String HEADER = "package test.threads;\nimport org.csp.decisions.model.*;\n\n";
    static final String HANG = HEADER + RuleSetBuilderTest.rule("HANG-001 Never returns",
            RuleSetBuilderTest.meta("HANG-001", "GOVERNANCE", "LOW"), "Partnership( attributes[\"hang\"] == true )",
            "while (System.nanoTime() != 0) { }\n    " + RuleSetBuilderTest.EMIT)
            + RuleSetBuilderTest.rule("SWALLOW-001 Swallows ThreadDeath", RuleSetBuilderTest.meta("SWALLOW-001", "GOVERNANCE", "LOW"),
            "Partnership( attributes[\"swallow\"] == true )",
            // swallows ThreadDeath for 8 s, then returns (so it does not burn the test JVM's CPU for good)
            "long end = System.nanoTime() + 8_000_000_000L;\n    "
                    + "while (System.nanoTime() < end) { try { while (System.nanoTime() < end) { } } catch (Throwable t) { } }\n    "
                    + RuleSetBuilderTest.EMIT)
            + RuleSetBuilderTest.rule("OK-001 Always", RuleSetBuilderTest.meta("OK-001", "GOVERNANCE", "LOW"),
            "Partnership()", RuleSetBuilderTest.EMIT);

    private final List<RuleThreads> pools = new ArrayList<>();
    private final List<RuleSet> sets = new ArrayList<>();

    @AfterEach
    void close() {
        pools.forEach(RuleThreads::close);
        sets.forEach(RuleSet::retire);
    }

    RuleSet build() {
        BuildResult result = new RuleSetBuilder(1).build(List.of(new RuleFile("threads.drl", HANG)), "test");
        assertTrue(result.ok(), result.errors().toString());
        sets.add(result.ruleSet());
        return result.ruleSet();
    }

    /** An evaluator serving a view of the test rules (retired after the test) on {@code threads}. */
    Evaluator served(RuleThreads threads, Duration limit) {
        RuleSetHolder holder = new RuleSetHolder();
        RuleSet view = build().without(List.of());
        sets.add(view);
        holder.swap(view);
        return new Evaluator(holder, 10_000, limit, threads);
    }

    RuleThreads threads(int size, int queue, int maxStuck, boolean reclaim) {
        RuleThreads threads = new RuleThreads(size, queue, maxStuck, reclaim);
        pools.add(threads);
        return threads;
    }

    static EvaluationRequest request(String attribute) {
        Partnership partnership = new Partnership("t", "T", null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                attribute == null ? Map.of() : Map.of(attribute, true));
        return new EvaluationRequest(partnership, List.of(new Partner("a", "A", Sector.PUBLIC, null, null, null, null,
                null, null, null, null, Map.of())), null, null);
    }

    static long threadsIn(String packagePrefix) {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().startsWith(packagePrefix)))
                .count();
    }

    static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void stuckConsequenceIsReportedOnceAndItsThreadReclaimed() throws Exception {
        RuleThreads threads = threads(1, 4, 4, true);
        List<RuleThreads.Stuck> reported = new CopyOnWriteArrayList<>();
        threads.onStuck(reported::add);
        Evaluator evaluator = new Evaluator(new RuleSetHolder(), 10_000, Duration.ofMillis(300), threads);
        RuleSet set = build();
        RunawayRuleException e = assertThrows(RunawayRuleException.class, () -> evaluator.evaluate(set, request("hang")));
        assertEquals("HANG-001 Never returns", e.ruleName());
        await("the stuck report", () -> reported.size() == 1);
        assertEquals("HANG-001 Never returns", reported.get(0).ruleName());
        assertEquals(set, reported.get(0).ruleSet());
        await("the reclaim", () -> threads.stuckThreads() == 0 && threadsIn("test.threads.") == 0);
        assertEquals(1, threads.reclaimedTotal());
        assertEquals(1, threads.stuckTotal());
        // the one thread of the pool works again
        assertEquals(List.of("OK-001"), evaluator.evaluate(set, request(null)).findings().stream().map(f -> f.id()).toList());
        assertTrue(threads.healthy());
    }

    @Test
    void threadThatCannotBeReclaimedIsReplacedAndCountsAgainstLiveness() throws Exception {
        RuleThreads threads = threads(1, 4, 1, true);
        Evaluator evaluator = new Evaluator(new RuleSetHolder(), 10_000, Duration.ofMillis(300), threads);
        RuleSet set = build();
        assertThrows(RunawayRuleException.class, () -> evaluator.evaluate(set, request("swallow")));
        await("stuck", () -> threads.stuckThreads() == 1);
        assertTrue(threads.healthy());
        // the pool got a replacement: evaluations still run
        assertEquals(List.of("OK-001"), evaluator.evaluate(set, request(null)).findings().stream().map(f -> f.id()).toList());
        assertThrows(RunawayRuleException.class, () -> evaluator.evaluate(set, request("swallow")));
        await("two stuck", () -> threads.stuckThreads() == 2);
        assertFalse(threads.healthy(), "liveness must go DOWN past rules.max-stuck-threads");
    }

    @Test
    void batchItemsRunOnBackgroundThreadsAtTheLowestPrioritySinglesAtNormal() throws Exception {
        RuleThreads threads = threads(4, 16, 4, true);
        assertEquals(2, threads.backgroundSize(), "half the rule threads serve batch items");
        Evaluator served = served(threads, Duration.ofSeconds(2));
        served.evaluateAsync(request(null)).get(10, TimeUnit.SECONDS);
        served.evaluateInBackground(() -> request(null)).get(10, TimeUnit.SECONDS);
        java.util.Set<Thread> live = Thread.getAllStackTraces().keySet();
        List<Thread> singles = live.stream().filter(t -> t.getName().startsWith("rules-eval-")).toList();
        List<Thread> items = live.stream().filter(t -> t.getName().startsWith("rules-batch-")).toList();
        assertFalse(singles.isEmpty(), live.toString());
        assertFalse(items.isEmpty(), live.toString());
        singles.forEach(t -> assertEquals(Thread.NORM_PRIORITY, t.getPriority(), t.toString()));
        items.forEach(t -> assertEquals(Thread.MIN_PRIORITY, t.getPriority(), t.toString()));
        items.forEach(t -> assertTrue(t.isDaemon(), t + " must not keep the process from exiting"));
        // Linux: batch threads under SCHED_IDLE (policy 5), so a waking single call preempts them at once (IdleScheduling)
        java.nio.file.Path tasks = java.nio.file.Path.of("/proc/self/task");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(tasks), "Linux only");
        Map<String, Integer> policies = schedulingPolicies(tasks);
        assertTrue(policies.keySet().stream().anyMatch(t -> t.startsWith("rules-batch-")), policies.toString());
        policies.forEach((thread, policy) -> {
            if (thread.startsWith("rules-batch-")) {
                assertEquals(5, policy, thread + " must run under SCHED_IDLE: " + policies);
            } else if (thread.startsWith("rules-eval-")) {
                assertEquals(0, policy, thread + " must keep the normal policy: " + policies);
            }
        });
    }

    /** Each thread of this process ("name (tid)") and its scheduling policy (field 41 of its stat). */
    static Map<String, Integer> schedulingPolicies(java.nio.file.Path tasks) throws java.io.IOException {
        Map<String, Integer> policies = new java.util.TreeMap<>();
        try (var list = java.nio.file.Files.list(tasks)) {
            for (java.nio.file.Path task : list.toList()) {
                try {
                    String stat = java.nio.file.Files.readString(task.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    policies.put(java.nio.file.Files.readString(task.resolve("comm")).strip() + " ("
                            + task.getFileName() + ")", Integer.parseInt(fields[38]));
                } catch (java.nio.file.NoSuchFileException gone) {
                    // the thread ended meanwhile
                }
            }
        }
        return policies;
    }

    @Test
    void batchItemIsReadOnItsBackgroundThreadAndAnUnreadableOneFailsAsSuch() throws Exception {
        RuleThreads threads = threads(4, 16, 4, true);
        Evaluator served = served(threads, Duration.ofSeconds(2));
        List<String> readOn = new CopyOnWriteArrayList<>();
        Evaluation answer = served.evaluateInBackground(() -> {
            readOn.add(Thread.currentThread().getName());
            return request(null);
        }).get(10, TimeUnit.SECONDS);
        assertEquals(List.of("OK-001"), answer.findings().stream().map(f -> f.id()).toList());
        assertEquals(1, readOn.size());
        assertTrue(readOn.get(0).startsWith("rules-batch-"), "read on " + readOn + ", not on the caller's thread");
        IllegalArgumentException unreadable = new IllegalArgumentException("item 3 is not an object");
        Throwable e = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> served.evaluateInBackground(() -> { throw unreadable; }).get(10, TimeUnit.SECONDS)).getCause();
        assertTrue(e instanceof UnreadableRequestException u && u.getCause() == unreadable, e.toString());
    }

    @Test
    void runawayBatchItemIsStoppedAndItsBackgroundThreadReclaimed() throws Exception {
        RuleThreads threads = threads(2, 4, 4, true);
        Evaluator served = served(threads, Duration.ofMillis(300));
        Throwable e = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> served.evaluateInBackground(() -> request("hang")).get(10, TimeUnit.SECONDS)).getCause();
        assertTrue(e instanceof RunawayRuleException r && r.ruleName().equals("HANG-001 Never returns"), e.toString());
        await("the reclaim", () -> threads.stuckThreads() == 0 && threadsIn("test.threads.") == 0);
        assertEquals(1, threads.reclaimedTotal());
        // the one background thread works again
        assertEquals(List.of("OK-001"), served.evaluateInBackground(() -> request(null)).get(10, TimeUnit.SECONDS).findings()
                .stream().map(f -> f.id()).toList());
    }

    @Test
    void fullQueueIsRefusedAtOnce() throws Exception {
        RuleThreads threads = threads(1, 1, 0, true);
        RuleSet set = build();
        RuleSetHolder holder = new RuleSetHolder();
        holder.swap(set.without(List.of()));
        Evaluator served = new Evaluator(holder, 10_000, Duration.ofSeconds(2), threads);
        CompletableFuture<?> first = served.evaluateAsync(request("hang"));
        CompletableFuture<?> second = served.evaluateAsync(request(null));
        CompletableFuture<?> third = served.evaluateAsync(request(null));
        Throwable refused = assertThrows(java.util.concurrent.ExecutionException.class, () -> third.get(1, TimeUnit.SECONDS)).getCause();
        assertTrue(refused instanceof OverloadedException, refused.toString());
        assertTrue(assertThrows(java.util.concurrent.ExecutionException.class, () -> first.get(10, TimeUnit.SECONDS))
                .getCause() instanceof RunawayRuleException);
        // the queued one was not started within the limit: refused, never run for a caller who has gone
        assertTrue(assertThrows(java.util.concurrent.ExecutionException.class, () -> second.get(10, TimeUnit.SECONDS))
                .getCause() instanceof OverloadedException);
        holder.current().retire();
    }

    @Test
    void quarantinedViewNeverFiresTheRuleAndSaysSoInItsVersion() {
        RuleSet set = build();
        RuleThreads threads = threads(1, 4, 4, true);
        Evaluator evaluator = new Evaluator(new RuleSetHolder(), 10_000, Duration.ofSeconds(1), threads);
        QuarantinedRule q = new QuarantinedRule("HANG-001 Never returns", "HANG-001", "threads.drl",
                java.time.Instant.now(), "test", 3);
        RuleSet view = set.without(List.of(q));
        sets.add(view);
        assertEquals(set.version() + "+without:HANG-001", view.version());
        assertEquals(set.version(), view.baseVersion());
        assertFalse(view.rules().stream().anyMatch(r -> r.ruleName().equals(q.rule())));
        assertEquals(List.of("OK-001"), evaluator.evaluate(view, request("hang")).findings().stream().map(f -> f.id()).toList());
        // the original set still has it, and closing it does not close the view's compiled rules
        set.retire();
        assertEquals(List.of("OK-001"), evaluator.evaluate(view, request(null)).findings().stream().map(f -> f.id()).toList());
    }
}
