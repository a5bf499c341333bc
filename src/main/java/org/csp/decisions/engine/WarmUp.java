package org.csp.decisions.engine;

import java.util.List;
import java.util.Map;
import org.csp.decisions.model.*;

/**
 * Exercises a freshly built rule set before it is served, under the same firing cap and time limit as every
 * evaluation: a rule that runs away on these ordinary partnerships would run away for callers too, so the set is
 * refused (FAILED, the rule named) instead of served. Drools compiles constraints lazily (MVEL, then bytecode
 * after a number of evaluations), so without this the first requests after a start or reload pay for that work, and
 * on a busy machine could even hit the time limit.
 */
final class WarmUp {
    /**
     * Each synthetic request 10 times: past Drools' jitting threshold (20 evaluations) for the constraints they reach
     * (three partners each), while keeping the warm-up a small part of a reload (30 rounds were a third of it).
     */
    private static final int ROUNDS = 10;

    private WarmUp() {
    }

    /**
     * Evaluates a few synthetic partnerships that reach most conditions. A rule that throws on them is left to its own
     * callers' problems (rules may be odd on synthetic data); a rule that runs away is returned as the set's error.
     */
    static RuleError run(RuleSet ruleSet, Evaluator evaluator) {
        return run(ruleSet, evaluator, ROUNDS);
    }

    /**
     * The first round pays the one-off costs (class loading and initialisation of the compiled consequences, first
     * MVEL evaluations): a caller must never be the one paying them. Later rounds only hasten Drools' jitting.
     */
    static RuleError firstRound(RuleSet ruleSet, Evaluator evaluator) {
        return run(ruleSet, evaluator, 1);
    }

    static void remainingRounds(RuleSet ruleSet, Evaluator evaluator) {
        run(ruleSet, evaluator, ROUNDS - 1);
    }

    private static RuleError run(RuleSet ruleSet, Evaluator evaluator, int rounds) {
        List<EvaluationRequest> requests = List.of(request(Phase.EARLIER, Form.INTEGRATIVE, Focus.PRODUCT),
                request(Phase.MIDDLE, Form.TRANSACTIONAL, Focus.SYSTEM), request(Phase.LATER, Form.PHILANTHROPIC, null),
                request(null, null, Focus.PRODUCT));
        for (int i = 0; i < rounds; i++) {
            for (EvaluationRequest request : requests) {
                RunawayRuleException runaway = evaluate(ruleSet, evaluator, request);
                if (runaway != null && runaway.limit() == RunawayRuleException.Limit.TIMEOUT) {
                    // A cold rule set on a busy machine can be slow once; a rule that never stops is slow twice.
                    runaway = evaluate(ruleSet, evaluator, request);
                }
                if (runaway != null) {
                    RuleMetadata rule = runaway.ruleName() == null ? null : ruleSet.rule(runaway.ruleName());
                    return new RuleError(rule == null ? null : rule.file(), rule == null ? 0 : rule.line(), 0,
                            (runaway.ruleName() == null ? "a rule" : "rule \"" + runaway.ruleName() + "\"")
                                    + " ran away on the warm-up samples (ordinary partnerships): " + runaway.getMessage());
                }
            }
        }
        return null;
    }

    private static RunawayRuleException evaluate(RuleSet ruleSet, Evaluator evaluator, EvaluationRequest request) {
        try {
            evaluator.evaluate(ruleSet, request);
            return null;
        } catch (RunawayRuleException e) {
            return e;
        } catch (RuntimeException ignored) {
            // a rule that throws on synthetic data still gets served; its callers get a problem naming it
            return null;
        }
    }

    private static EvaluationRequest request(Phase phase, Form form, Focus focus) {
        boolean early = phase == Phase.EARLIER;
        Partnership partnership = new Partnership("warm-up", "Warm-up", early ? GeographicScope.LOCAL : GeographicScope.REGIONAL,
                phase, form, focus, early ? Embedding.DETACHED : Embedding.EMBEDDED, early ? DrivenBy.INTERNATIONAL : DrivenBy.LOCAL,
                !early, early, early ? 6 : 60,
                new Authority(!early, AuthoritySource.DELEGATED, Charge.THINKING_AND_DOING),
                new Leadership(early ? LeadershipModel.FEW_KEY_PLAYERS : LeadershipModel.LEADERSHIP_TABLE, early, false,
                        early ? ChangeAgent.NONE : ChangeAgent.PARTISAN),
                new Governance(false, early, false, GovernanceHome.GOVERNMENT_DEPARTMENT),
                new Infrastructure(early ? InfrastructureStatus.NONE : InfrastructureStatus.FRAGILE, Backbone.UNFUNDED),
                new Financing(early ? 0.7 : 0.3, early ? 2 : 12), DataSharing.AD_HOC,
                new Measurement(early ? Targets.WELL_DEFINED : Targets.VAGUE, ProgressTracking.AD_HOC, ValueMeasurement.SINGLE_LEVEL),
                !early, early ? PolicyEngagement.NONE : PolicyEngagement.ENGAGED, false,
                new Learning(false, early ? LessonsShared.NONE : LessonsShared.SUCCESSES_ONLY), Map.of("warmUp", true));
        List<Partner> partners = List.of(
                new Partner("w1", "Agency", Sector.PUBLIC, Origin.LOCAL, Role.CONVENER, ValuesAlignment.HIGH, null,
                        CapabilityStrength.WEAK, false, 0.2, !early, Map.of()),
                new Partner("w2", "Nonprofit", Sector.NONPROFIT, Origin.LOCAL, Role.BACKBONE, ValuesAlignment.MEDIUM, null,
                        CapabilityStrength.MODERATE, early, 0.1, false, Map.of()),
                new Partner("w3", "Company", Sector.BUSINESS, Origin.INTERNATIONAL, Role.MEMBER, ValuesAlignment.LOW,
                        early ? EnvironmentalStrategy.PROACTIVE : EnvironmentalStrategy.REACTIVE, CapabilityStrength.STRONG,
                        false, 0.6, false, Map.of()));
        return new EvaluationRequest(partnership, partners, new Agreements(true, ContractSpecificity.HIGH, true),
                new Coordination(early ? 0 : 2, List.of(), early, !early));
    }
}
