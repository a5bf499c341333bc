package org.csp.decisions.engine;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.csp.decisions.model.EvaluationRequest;
import org.csp.decisions.model.Evaluation;
import org.csp.decisions.model.FindingCollector;
import org.csp.decisions.model.Partner;
import org.csp.decisions.model.Profile;
import org.kie.api.runtime.KieSession;

/**
 * Evaluates one request against the current rule set: inserts the facts of FINDINGS.md D.1 and a fresh
 * {@link FindingCollector} into a pooled session, fires at most {@code maxFirings} rules within the time limit,
 * and assembles the findings. Nothing is shared between calls except the immutable rule set.
 *
 * <p>Runaway rules are stopped three ways: the firing cap; the agenda listener, which halts the session at the first
 * firing after the deadline; and a watchdog that halts and interrupts a consequence still running at the deadline.
 * {@link #evaluateAsync} also answers the caller at the deadline even if a consequence ignores both.
 */
public final class Evaluator {
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rules-watchdog");
        t.setDaemon(true);
        return t;
    });
    /** Grace after the deadline before an async caller is answered without waiting for the rules. */
    private static final long ASYNC_GRACE_MILLIS = 250;

    private record Running(KieSession session, Thread thread) {
    }

    private final RuleSetHolder holder;
    private final int maxFirings;
    private final long timeoutNanos;
    private final FindingAssembler assembler = new FindingAssembler();
    /** Evaluations in progress, across all evaluators; the watchdog stops those past their deadline. */
    private static final Map<FiringRecorder, Running> RUNNING = new ConcurrentHashMap<>();

    static {
        WATCHDOG.scheduleAtFixedRate(Evaluator::stopOverdue, 50, 50, TimeUnit.MILLISECONDS);
    }

    public Evaluator(RuleSetHolder holder, int maxFirings, Duration timeout) {
        this.holder = holder;
        this.maxFirings = maxFirings;
        this.timeoutNanos = timeout.toNanos();
    }

    /** Evaluates against the rule set being served, on the calling thread. */
    public Evaluation evaluate(EvaluationRequest request) {
        return evaluate(request, newRecorder());
    }

    /**
     * Evaluates on {@code executor}; the future fails with {@link RunawayRuleException} at the deadline (plus a short
     * grace) even if a consequence never returns.
     */
    public CompletableFuture<Evaluation> evaluateAsync(EvaluationRequest request, Executor executor) {
        // The limit counts from when the rules start, not from when the task was queued behind others.
        java.util.concurrent.atomic.AtomicReference<FiringRecorder> started = new java.util.concurrent.atomic.AtomicReference<>();
        return CompletableFuture.supplyAsync(() -> {
                    FiringRecorder recorder = newRecorder();
                    started.set(recorder);
                    return evaluate(request, recorder);
                }, executor)
                .orTimeout(TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + ASYNC_GRACE_MILLIS, TimeUnit.MILLISECONDS)
                .exceptionally(e -> {
                    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    if (cause instanceof TimeoutException) {
                        FiringRecorder recorder = started.get();
                        throw recorder != null ? timeout(recorder, false) : new RunawayRuleException(
                                RunawayRuleException.Limit.TIMEOUT, null, -1, "evaluation did not start within the time limit");
                    }
                    throw cause instanceof RuntimeException r ? r : new CompletionException(cause);
                });
    }

    /** Evaluates against a given set (the case runner and the validate endpoint use sets that are not served). */
    public Evaluation evaluate(RuleSet ruleSet, EvaluationRequest request) {
        return evaluate(ruleSet, request, newRecorder());
    }

    private FiringRecorder newRecorder() {
        return new FiringRecorder(System.nanoTime() + timeoutNanos);
    }

    private Evaluation evaluate(EvaluationRequest request, FiringRecorder recorder) {
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
        int fired;
        RUNNING.put(recorder, new Running(session, Thread.currentThread()));
        try {
            session.addEventListener(recorder);
            insertFacts(session, request, profile, collector);
            fired = session.fireAllRules(maxFirings);
        } finally {
            RUNNING.remove(recorder);
            if (recorder.timedOut()) {
                Thread.interrupted(); // the watchdog may have interrupted us; do not leak that to the next task
            }
            session.removeEventListener(recorder);
            session.dispose();
        }
        if (recorder.timedOut()) {
            throw timeout(recorder, true);
        }
        if (fired >= maxFirings) {
            throw new RunawayRuleException(RunawayRuleException.Limit.MAX_FIRINGS, recorder.busiestRule(), fired,
                    "evaluation stopped after " + maxFirings + " rule firings; rule \"" + recorder.busiestRule()
                            + "\" fired most and probably loops");
        }
        return assembler.assemble(ruleSet, request.partnership().id(), profile, collector.hits(),
                recorder.firedRules());
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

    /** Halts (and interrupts) evaluations past their deadline whose consequence has not come back to the agenda. */
    private static void stopOverdue() {
        long now = System.nanoTime();
        RUNNING.forEach((recorder, run) -> {
            if (now - recorder.deadlineNanos() > 0 && !recorder.timedOut()) {
                recorder.markTimedOut();
                run.session().halt();
                run.thread().interrupt();
            }
        });
    }
}
