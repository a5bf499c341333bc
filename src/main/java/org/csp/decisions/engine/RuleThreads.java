package org.csp.decisions.engine;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import org.kie.api.runtime.KieSession;

/**
 * The threads that run rules, and nothing else: a bounded pool of its own (so the HTTP worker threads that serve
 * health, {@code GET /rules} and the admin calls are never taken by a rule), a bounded queue (a full queue is refused
 * at once, never queued forever), and a watchdog that enforces every evaluation's deadline.
 *
 * <p>At the deadline the watchdog halts the session and interrupts the thread; a well-behaved consequence returns to
 * the agenda and the evaluation ends. A consequence still running {@link #STUCK_AFTER_MILLIS} later is <b>stuck</b>:
 * it is reported (the engine counts it towards quarantining its rule), the pool gets a replacement thread so it keeps
 * its full size, and the thread is reclaimed with {@link Thread#stop()}.
 *
 * <p><b>Why {@code Thread.stop}.</b> Java has no other way to end code that ignores interrupts, and a rule's
 * consequence is arbitrary code. The risk of {@code stop} is that the thread dies wherever it is and leaves shared
 * objects it was changing half-changed. Here it is used only for a thread that is inside a rule's consequence (between
 * the agenda's before- and after-fired events, so not inside Drools' own matching), past its deadline and already
 * halted and interrupted; consequences only read their facts and emit findings into a collector of their own call,
 * and the session of that call is destroyed, never returned to the session pool. Locks held are released as the
 * {@code ThreadDeath} unwinds. What can still go wrong: a consequence that was itself changing a shared object (which
 * the house rules forbid) or initialising a class when it is stopped (that class is then unusable). Java 20+ removed
 * {@code Thread.stop}; there, and for code that swallows {@code ThreadDeath}, the thread stays stuck, replaced; past
 * {@code rules.max-stuck-threads} no more replacements are made and liveness goes DOWN so the orchestrator restarts
 * the process. {@code rules.reclaim-stuck-threads=false} turns reclaiming off.
 *
 * <p><b>Batch items in the background.</b> Items of {@code POST /evaluate/batch} run on a second pool of half the size,
 * {@code rules-batch-N}, whose threads have {@link Thread#MIN_PRIORITY}. With the service's JVM options
 * ({@code bin/jvm.options}: {@code -XX:ThreadPriorityPolicy=1 -XX:JavaPriority1_To_OSPriority=19}) that is the
 * operating system's nice 19, so on a busy machine the scheduler runs single calls first and a batch takes the CPU
 * they leave (it still gets a small share: the kernel never starves a thread outright). Without those options Java
 * priorities are ignored on Linux and the two pools share the CPU equally, as before. The watchdog, deadlines and
 * stuck-thread reclaiming are the same for both pools.
 *
 * <p>A hand-written pool rather than Quarkus' worker pool or a {@code ManagedExecutor}: those are shared with the
 * HTTP endpoints (the very thing to protect), and neither can replace a thread lost to a stuck task.
 */
public final class RuleThreads implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RuleThreads.class);
    /** A consequence still running this long after it was halted and interrupted is stuck. */
    static final long STUCK_AFTER_MILLIS = 1000;
    /** How long a stopped thread waits for its {@code ThreadDeath} before it takes a new task. */
    private static final long ABSORB_MILLIS = 2000;

    /** One evaluation in progress, watched against its deadline. */
    final class Run {
        final FiringRecorder recorder;
        final KieSession session;
        final Thread thread;
        final RuleSet ruleSet;
        private volatile long haltedAt;
        private volatile boolean stuck;
        private volatile String stuckRule;
        volatile boolean stopRequested;
        volatile boolean deathSeen;
        private boolean finished; // guarded by this

        Run(FiringRecorder recorder, KieSession session, RuleSet ruleSet) {
            this.recorder = recorder;
            this.session = session;
            this.thread = Thread.currentThread();
            this.ruleSet = ruleSet;
        }

        boolean stuck() {
            return stuck;
        }
    }

    /** What the watchdog tells the engine about a stuck consequence: the set, the rule and the time limit. */
    public record Stuck(RuleSet ruleSet, String ruleName, long timeoutMillis) {
    }

    private final int size;
    private final int backgroundSize;
    private final int maxStuck;
    private final boolean reclaim;
    private final ThreadPoolExecutor pool;
    /** Batch items, at the lowest priority. */
    private final ThreadPoolExecutor background;
    private final ScheduledThreadPoolExecutor watchdog;
    private final Set<Run> running = ConcurrentHashMap.newKeySet();
    private final AtomicInteger stuckNow = new AtomicInteger();
    private final AtomicLong stuckTotal = new AtomicLong();
    private final AtomicLong reclaimed = new AtomicLong();
    private final ThreadLocal<Run> lastRun = new ThreadLocal<>();
    private volatile Consumer<Stuck> onStuck = s -> { };
    private volatile long timeoutMillis;

    /**
     * @param size     threads evaluating single calls at once; half as many (at least one) evaluate batch items
     * @param queue    evaluations waiting for a thread before new ones are refused
     * @param maxStuck stuck threads tolerated (each replaced) before liveness goes DOWN
     * @param reclaim  stop stuck consequences with {@link Thread#stop()}
     */
    public RuleThreads(int size, int queue, int maxStuck, boolean reclaim) {
        this.size = size;
        this.backgroundSize = Math.max(1, size / 2);
        this.maxStuck = maxStuck;
        this.reclaim = reclaim;
        this.pool = pool(size, queue, "rules-eval-", Thread.NORM_PRIORITY);
        IdleScheduling.prepareInBackground(); // from here, a thread of normal priority (see there)
        this.background = pool(backgroundSize, queue, "rules-batch-", Thread.MIN_PRIORITY);
        this.watchdog = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "rules-watchdog");
            t.setDaemon(true);
            return t;
        });
        watchdog.setRemoveOnCancelPolicy(true); // answered calls cancel their timers; none linger in the queue
        watchdog.scheduleWithFixedDelay(this::watch, 50, 50, TimeUnit.MILLISECONDS);
    }

    private static ThreadPoolExecutor pool(int size, int queue, String name, int priority) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        AtomicInteger count = new AtomicInteger();
        return new ThreadPoolExecutor(size, size, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(Math.max(1, queue)),
                r -> {
                    // Batch items (lowest priority) also run under SCHED_IDLE: see IdleScheduling.
                    Thread t = new Thread(priority == Thread.MIN_PRIORITY ? IdleScheduling.idle(r) : r,
                            name + count.incrementAndGet());
                    t.setDaemon(true); // a stuck rule never keeps the process from exiting
                    t.setPriority(priority);
                    t.setContextClassLoader(loader);
                    return t;
                });
    }

    /** Called for every stuck consequence, on the watchdog thread (must not block). */
    public void onStuck(Consumer<Stuck> listener) {
        this.onStuck = listener;
    }

    void timeoutMillis(long millis) {
        this.timeoutMillis = millis;
    }

    /** Runs {@code task} on the watchdog thread after {@code millis}; it must be short and never block. */
    java.util.concurrent.Future<?> schedule(Runnable task, long millis) {
        try {
            return watchdog.schedule(task, millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // shutting down: the caller is still answered in time
            return java.util.concurrent.CompletableFuture.runAsync(task,
                    java.util.concurrent.CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS));
        }
    }

    /**
     * Runs {@code task} on a rule thread, of the background pool for a batch item; {@link RejectedExecutionException}
     * when that pool's queue is full or closed.
     */
    void execute(Runnable task, boolean batchItem) {
        (batchItem ? background : pool).execute(() -> {
            lastRun.remove();
            try {
                task.run();
            } catch (ThreadDeath death) {
                Run run = lastRun.get();
                if (run != null) {
                    run.deathSeen = true;
                    leave(run); // in case it struck before the evaluation had left the rules
                }
            } finally {
                absorbPendingStop();
            }
        });
    }

    /** Registers the evaluation running on this thread with the watchdog. */
    Run enter(FiringRecorder recorder, KieSession session, RuleSet ruleSet) {
        Run run = new Run(recorder, session, ruleSet);
        lastRun.set(run);
        running.add(run);
        return run;
    }

    /** The evaluation has left the rules; from now on the watchdog leaves this thread alone. */
    void leave(Run run) {
        synchronized (run) {
            if (run.finished) {
                return;
            }
            run.finished = true;
        }
        running.remove(run);
        if (run.stuck) {
            stuckNow.decrementAndGet();
            resize();
            if (run.deathSeen) {
                reclaimed.incrementAndGet();
            }
            LOG.infof("a stuck evaluation of rule \"%s\" has ended (%s)", run.stuckRule,
                    run.deathSeen ? "reclaimed" : "it returned by itself");
        }
    }

    /**
     * A thread whose stop was requested while it was still in the rules may receive the {@code ThreadDeath} a little
     * later; it must land here, not in the next task.
     */
    private void absorbPendingStop() {
        Run run = lastRun.get();
        lastRun.remove();
        if (run == null || !run.stopRequested || run.deathSeen) {
            return;
        }
        try {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ABSORB_MILLIS);
            while (System.nanoTime() < end) {
                Thread.sleep(5);
            }
        } catch (ThreadDeath death) {
            run.deathSeen = true;
            reclaimed.incrementAndGet(); // arrived after the evaluation had left the rules
        } catch (InterruptedException e) {
            Thread.interrupted();
        }
    }

    private void watch() {
        long now = System.nanoTime();
        for (Run run : running) {
            try {
                watch(run, now);
            } catch (RuntimeException e) {
                LOG.error("rules watchdog failed", e);
            }
        }
    }

    private void watch(Run run, long now) {
        FiringRecorder recorder = run.recorder;
        if (run.haltedAt == 0) {
            if (now - recorder.deadlineNanos() > 0) {
                run.haltedAt = now;
                recorder.markTimedOut();
                run.session.halt();
                run.thread.interrupt();
            }
            return;
        }
        if (run.stuck || now - run.haltedAt < TimeUnit.MILLISECONDS.toNanos(STUCK_AFTER_MILLIS)) {
            return;
        }
        run.stuck = true;
        stuckNow.incrementAndGet();
        stuckTotal.incrementAndGet();
        resize();
        if (!recorder.inConsequence()) {
            // In a condition or in Drools' own matching: counted and replaced, but neither stopped (that could leave the
            // shared rule base half-changed) nor blamed on a rule.
            LOG.warnf("an evaluation is stuck outside any consequence, %d ms after its time limit; its thread is replaced",
                    STUCK_AFTER_MILLIS);
            onStuck.accept(new Stuck(run.ruleSet, null, timeoutMillis));
            return;
        }
        String rule = recorder.currentRule();
        run.stuckRule = rule;
        LOG.warnf("rule \"%s\" is stuck: still running %d ms after its time limit and the halt and interrupt%s", rule,
                STUCK_AFTER_MILLIS, reclaim ? "; reclaiming its thread" : "");
        onStuck.accept(new Stuck(run.ruleSet, rule, timeoutMillis));
        if (reclaim) {
            stop(run);
        }
    }

    @SuppressWarnings({"deprecation", "removal"})
    private void stop(Run run) {
        synchronized (run) {
            if (run.finished || !run.recorder.inConsequence()) {
                return;
            }
            run.stopRequested = true;
            try {
                run.thread.stop();
            } catch (UnsupportedOperationException e) {
                run.stopRequested = false;
                LOG.errorf("cannot reclaim the thread stuck in rule \"%s\": this JVM does not support Thread.stop",
                        run.recorder.currentRule());
            }
        }
    }

    /**
     * One replacement thread per stuck thread, up to {@code maxStuck}, in each pool (a stuck thread is in one of them;
     * the other gets a spare thread it does not need, which is cheaper than tracking where each stuck thread is).
     */
    private synchronized void resize() {
        int extra = Math.min(Math.max(0, stuckNow.get()), maxStuck);
        resize(pool, size + extra);
        resize(background, backgroundSize + extra);
    }

    private static void resize(ThreadPoolExecutor pool, int target) {
        if (target > pool.getMaximumPoolSize()) {
            pool.setMaximumPoolSize(target);
            pool.setCorePoolSize(target);
        } else if (target < pool.getMaximumPoolSize()) {
            pool.setCorePoolSize(target);
            pool.setMaximumPoolSize(target);
        }
    }

    /** Threads stuck in a rule right now (not yet reclaimed). */
    public int stuckThreads() {
        return stuckNow.get();
    }

    /** Consequences found stuck since start. */
    public long stuckTotal() {
        return stuckTotal.get();
    }

    public long reclaimedTotal() {
        return reclaimed.get();
    }

    public int maxStuck() {
        return maxStuck;
    }

    /** True while the stuck threads are within {@code rules.max-stuck-threads}: the liveness check. */
    public boolean healthy() {
        return stuckNow.get() <= maxStuck;
    }

    /** Threads for single calls. */
    public int size() {
        return size;
    }

    /** Threads for batch items. */
    public int backgroundSize() {
        return backgroundSize;
    }

    public int queued() {
        return pool.getQueue().size() + background.getQueue().size();
    }

    public int busy() {
        return pool.getActiveCount() + background.getActiveCount();
    }

    /**
     * Refuses new work; evaluations in flight are abandoned to their daemon threads, and a consequence already past its
     * deadline is reclaimed now (the watchdog stops with the pool; in the analysts' check the JVM may live on).
     */
    @Override
    public void close() {
        pool.shutdownNow();
        background.shutdownNow();
        watchdog.shutdownNow();
        if (reclaim) {
            for (Run run : running) {
                if (run.haltedAt != 0) {
                    stop(run);
                }
            }
        }
    }
}
