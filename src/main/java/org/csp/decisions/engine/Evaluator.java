package org.csp.decisions.engine;

import java.time.Duration;
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
 */
public final class Evaluator {
    private final RuleSetHolder holder;
    private final int maxFirings;
    private final long timeoutNanos;
    private final FindingAssembler assembler = new FindingAssembler();

    public Evaluator(RuleSetHolder holder, int maxFirings, Duration timeout) {
        this.holder = holder;
        this.maxFirings = maxFirings;
        this.timeoutNanos = timeout.toNanos();
    }

    public Evaluation evaluate(EvaluationRequest request) {
        RuleSet ruleSet = holder.acquire();
        try {
            return evaluate(ruleSet, request);
        } finally {
            ruleSet.release();
        }
    }

    /** Evaluates against a given set (the case runner and the validate endpoint use sets that are not served). */
    public Evaluation evaluate(RuleSet ruleSet, EvaluationRequest request) {
        Profile profile = Profile.of(request.partners(), request.agreements());
        FindingCollector collector = new FindingCollector();
        FiringRecorder recorder = new FiringRecorder(System.nanoTime() + timeoutNanos);
        KieSession session = ruleSet.newSession();
        int fired;
        try {
            session.addEventListener(recorder);
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
            fired = session.fireAllRules(maxFirings);
        } finally {
            session.removeEventListener(recorder);
            session.dispose();
        }
        if (recorder.timedOut()) {
            throw new RunawayRuleException(RunawayRuleException.Limit.TIMEOUT, recorder.busiestRule(),
                    recorder.totalFirings(), "evaluation exceeded " + Duration.ofNanos(timeoutNanos).toMillis()
                            + " ms; rule \"" + recorder.busiestRule() + "\" fired most");
        }
        if (fired >= maxFirings) {
            throw new RunawayRuleException(RunawayRuleException.Limit.MAX_FIRINGS, recorder.busiestRule(), fired,
                    "evaluation stopped after " + maxFirings + " rule firings; rule \"" + recorder.busiestRule()
                            + "\" fired most and probably loops");
        }
        return assembler.assemble(ruleSet, request.partnership().id(), profile, collector.hits(),
                recorder.firedRules());
    }
}
