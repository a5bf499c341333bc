package org.csp.decisions.engine;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.csp.decisions.model.EvaluationRequest;
import org.csp.decisions.model.Evaluation;
import org.csp.decisions.model.FindingCollector;
import org.csp.decisions.model.Partner;
import org.csp.decisions.model.Profile;
import org.drools.kiesession.session.StatefulKnowledgeSessionImpl;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.ConsequenceException;

/**
 * Evaluates one request against a rule set: inserts the facts of FINDINGS.md D.1 and a fresh {@link FindingCollector}
 * into a pooled session, fires at most {@code maxFirings} rules within the time limit, and assembles the findings.
 * Nothing is shared between calls except the immutable rule set.
 *
 * <p>Every evaluation - requests, batch items, warm-up, cases, validation, the analysts' check - runs on the
 * {@link RuleThreads} and is answered by its deadline (plus a short grace) even if a consequence never returns: the
 * caller's thread only waits. Runaway rules are stopped three ways: the firing cap; the agenda listener, which halts
 * the session at the first firing after the deadline; and the watchdog of {@link RuleThreads}, which halts and
 * interrupts a consequence still running at the deadline and reclaims one that is stuck.
 */
public final class Evaluator {
    /** Grace after the deadline before a caller is answered without waiting for the rules. */
    private static final long ASYNC_GRACE_MILLIS = 250;
    /** Internal callers (warm-up, cases) wait this many time limits for a free thread before giving up. */
    private static final int INTERNAL_START_WAIT_LIMITS = 15;
    private static final int QUEUED = 0;
    private static final int STARTED = 1;
    private static final int ABANDONED = 2;

    private final RuleSetHolder holder;
    private final int maxFirings;
    private final long timeoutNanos;
    private final RuleThreads threads;
    private final FindingAssembler assembler = new FindingAssembler();

    public Evaluator(RuleSetHolder holder, int maxFirings, Duration timeout, RuleThreads threads) {
        this.holder = holder;
        this.maxFirings = maxFirings;
        this.timeoutNanos = timeout.toNanos();
        this.threads = threads;
        threads.timeoutMillis(timeout.toMillis());
    }

    public long timeoutMillis() {
        return TimeUnit.NANOSECONDS.toMillis(timeoutNanos);
    }

    /**
     * Evaluates against the rule set being served; the future fails with {@link RunawayRuleException} at the deadline
     * (plus a short grace) even if a consequence never returns, with {@link RuleFailureException} when a rule throws,
     * and with {@link OverloadedException} when no rule thread is free (queue full, or none free within the limit).
     */
    public CompletableFuture<Evaluation> evaluateAsync(EvaluationRequest request) {
        return submit(null, request, null, timeoutNanos, false);
    }

    /**
     * As {@link #evaluateAsync}, on the background threads that serve batch items (lowest priority, see
     * {@link RuleThreads}), so a batch does not take the CPU from single calls; the request is read there first, so a
     * batch item's binding is done by as many threads as evaluate items, not by the one thread that hands the items
     * out. The time limit counts from when the rules start, after the read.
     * When {@code read} throws, the future fails with {@link UnreadableRequestException} around what it threw.
     */
    public CompletableFuture<Evaluation> evaluateInBackground(java.util.function.Supplier<EvaluationRequest> read) {
        return submit(null, null, read, timeoutNanos, true);
    }

    /** As {@link #evaluateAsync}, waiting for the answer. */
    public Evaluation evaluate(EvaluationRequest request) {
        return join(submit(null, request, null, timeoutNanos, false));
    }

    /**
     * Evaluates against a given set (warm-up, the case runner and the validate endpoint use sets that are not served),
     * bounded like every evaluation. A full pool is waited for, up to {@value #INTERNAL_START_WAIT_LIMITS} time limits.
     */
    public Evaluation evaluate(RuleSet ruleSet, EvaluationRequest request) {
        long giveUp = System.nanoTime() + INTERNAL_START_WAIT_LIMITS * timeoutNanos;
        while (true) {
            try {
                return join(submit(ruleSet, request, null, giveUp - System.nanoTime(), false));
            } catch (OverloadedException e) {
                if (System.nanoTime() - giveUp > 0) {
                    throw e;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /**
     * @param startWaitNanos how long the task may wait for a thread; the time limit counts from when the rules start,
     *                       not from when the task was queued behind others
     * @param read           when {@code request} is null: reads it on the rule thread, before the rules start
     * @param batchItem      on the background threads
     */
    private CompletableFuture<Evaluation> submit(RuleSet ruleSet, EvaluationRequest request,
            java.util.function.Supplier<EvaluationRequest> read, long startWaitNanos, boolean batchItem) {
        AtomicInteger state = new AtomicInteger(QUEUED);
        CompletableFuture<Evaluation> result = new CompletableFuture<>();
        try {
            threads.execute(() -> {
                if (!state.compareAndSet(QUEUED, STARTED)) {
                    return; // the caller was already told no thread was free; nothing is evaluated for nobody
                }
                EvaluationRequest facts = request;
                if (facts == null) {
                    try {
                        facts = read.get();
                    } catch (RuntimeException e) {
                        result.completeExceptionally(new UnreadableRequestException(e));
                        return;
                    } catch (Error e) {
                        result.completeExceptionally(e); // no deadline is set yet: the caller must hear of it now
                        throw e;
                    }
                }
                FiringRecorder recorder = new FiringRecorder(System.nanoTime() + timeoutNanos);
                // The caller is answered by the deadline (plus a grace) whatever the rules do.
                Future<?> deadline = threads.schedule(() -> result.completeExceptionally(timeout(recorder, false)),
                        timeoutMillis() + ASYNC_GRACE_MILLIS);
                result.whenComplete((answer, failure) -> deadline.cancel(false));
                try {
                    result.complete(ruleSet == null ? evaluateServed(facts, recorder) : evaluate(ruleSet, facts, recorder));
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            }, batchItem);
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new OverloadedException("all " + (batchItem
                    ? threads.backgroundSize() + " rule threads for batch items" : threads.size() + " rule threads")
                    + " are busy and the queue of waiting evaluations is full"));
            return result;
        }
        long waitMillis = TimeUnit.NANOSECONDS.toMillis(Math.max(startWaitNanos, 0));
        Future<?> startBy = threads.schedule(() -> {
            if (state.compareAndSet(QUEUED, ABANDONED)) {
                result.completeExceptionally(new OverloadedException("no rule thread was free within " + waitMillis + " ms"));
            }
        }, waitMillis);
        result.whenComplete((answer, failure) -> startBy.cancel(false));
        return result;
    }

    private static Evaluation join(CompletableFuture<Evaluation> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException r ? r : new CompletionException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OverloadedException("interrupted while waiting for the rules");
        }
    }

    private Evaluation evaluateServed(EvaluationRequest request, FiringRecorder recorder) {
        RuleSet ruleSet = holder.acquire();
        try {
            return evaluate(ruleSet, request, recorder);
        } finally {
            ruleSet.release();
        }
    }

    private Evaluation evaluate(RuleSet ruleSet, EvaluationRequest request, FiringRecorder recorder) {
        Profile profile = Profile.of(request.partners(), request.agreements());
        FindingCollector collector = new FindingCollector();
        KieSession session = ruleSet.newSession();
        int fired = 0;
        RuntimeException failure = null;
        RuleThreads.Run run = threads.enter(recorder, session, ruleSet);
        try {
            session.addEventListener(recorder);
            insertFacts(session, request, profile, collector);
            fired = ruleSet.fire(session, maxFirings);
        } catch (ThreadDeath death) {
            run.deathSeen = true; // reclaimed by the watchdog: answered as a time-out below
        } catch (RuntimeException e) {
            if (causedByThreadDeath(e)) {
                run.deathSeen = true;
            } else {
                failure = e;
            }
        } finally {
            if (recorder.timedOut()) {
                // The watchdog may have interrupted us: clear it before anything else (an interrupted thread's log
                // records are dropped by the asynchronous console) and never leak it to the next task.
                Thread.interrupted();
            }
            threads.leave(run);
            if (run.stopRequested || run.stuck()) {
                destroy(session); // it died mid-consequence: never hand it to the next caller
            } else {
                session.removeEventListener(recorder);
                session.dispose();
            }
        }
        if (recorder.timedOut()) {
            throw timeout(recorder, true);
        }
        if (failure != null) {
            throw failed(failure, recorder);
        }
        if (fired >= maxFirings) {
            throw new RunawayRuleException(RunawayRuleException.Limit.MAX_FIRINGS, recorder.busiestRule(), fired,
                    "evaluation stopped after " + maxFirings + " rule firings; rule \"" + recorder.busiestRule()
                            + "\" fired most and probably loops");
        }
        return assembler.assemble(ruleSet, request.partnership().id(), profile, collector.hits(),
                recorder.firedRules());
    }

    private static void destroy(KieSession session) {
        try {
            if (session instanceof StatefulKnowledgeSessionImpl impl) {
                impl.destroy();
            }
        } catch (RuntimeException ignored) {
            // a session abandoned mid-consequence may not tear down cleanly; it is unreachable either way
        }
    }

    private static boolean causedByThreadDeath(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ThreadDeath) {
                return true;
            }
        }
        return false;
    }

    /** A rule threw: name it (Drools says which consequence; a condition's error usually names its rule too). */
    private static RuleFailureException failed(RuntimeException e, FiringRecorder recorder) {
        String rule = null;
        Throwable cause = e;
        if (e instanceof ConsequenceException c) {
            rule = c.getMatch() != null ? c.getMatch().getRule().getName() : recorder.currentRule();
            cause = c.getCause() != null ? c.getCause() : c;
        }
        String what = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        if (what.length() > 300) {
            what = what.substring(0, 300) + "...";
        }
        return new RuleFailureException(rule, rule == null ? "a rule failed while it was evaluated: " + what
                : "rule \"" + rule + "\" failed: " + what);
    }

    /** The facts of FINDINGS.md D.1 plus the per-call collector; agreements and coordination only when present. */
    static void insertFacts(KieSession session, EvaluationRequest request, Profile profile, FindingCollector collector) {
        session.insert(request.partnership());
        for (Partner partner : request.partners()) {
            session.insert(partner);
        }
        if (request.agreements() != null) {
            session.insert(request.agreements());
        }
        if (request.coordination() != null) {
            session.insert(request.coordination());
        }
        session.insert(profile);
        session.insert(collector);
    }

    /** {@code onEvaluatingThread}: the firing counts may only be read by the thread that evaluated. */
    private RunawayRuleException timeout(FiringRecorder recorder, boolean onEvaluatingThread) {
        String rule = recorder.currentRule();
        return new RunawayRuleException(RunawayRuleException.Limit.TIMEOUT, rule,
                onEvaluatingThread ? recorder.totalFirings() : -1,
                "evaluation exceeded the time limit of " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms"
                        + (rule == null ? "" : " while rule \"" + rule + "\" was running"));
    }
}
