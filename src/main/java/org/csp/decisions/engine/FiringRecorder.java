package org.csp.decisions.engine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;

/**
 * Per-evaluation agenda listener: records which rules fired (for {@code firedRules} and to name a runaway rule) and
 * halts the session once the evaluation's deadline has passed.
 */
final class FiringRecorder extends DefaultAgendaEventListener {
    private final Map<String, Integer> firings = new HashMap<>();
    private final long deadlineNanos;
    private volatile boolean timedOut;
    private volatile String currentRule;
    /** Between a rule's before- and after-fired events: its consequence is running. */
    private volatile boolean inConsequence;

    FiringRecorder(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
    }

    @Override
    public void beforeMatchFired(BeforeMatchFiredEvent event) {
        currentRule = event.getMatch().getRule().getName();
        firings.merge(currentRule, 1, Integer::sum);
        if (System.nanoTime() - deadlineNanos > 0) {
            timedOut = true;
            ((KieSession) event.getKieRuntime()).halt();
        }
        inConsequence = true;
    }

    @Override
    public void afterMatchFired(AfterMatchFiredEvent event) {
        inConsequence = false;
    }

    boolean inConsequence() {
        return inConsequence;
    }

    long deadlineNanos() {
        return deadlineNanos;
    }

    /** The rule whose consequence started last: the one running when a time limit strikes mid-consequence. */
    String currentRule() {
        return currentRule;
    }

    void markTimedOut() {
        timedOut = true;
    }

    boolean timedOut() {
        return timedOut;
    }

    /** Distinct names of the rules that fired, sorted in code-point order. */
    List<String> firedRules() {
        String[] names = firings.keySet().toArray(new String[0]);
        java.util.Arrays.sort(names);
        return List.of(names);
    }

    /** The rule that fired most often, the usual culprit when a limit is hit. */
    String busiestRule() {
        return firings.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }

    long totalFirings() {
        return firings.values().stream().mapToLong(Integer::longValue).sum();
    }
}
