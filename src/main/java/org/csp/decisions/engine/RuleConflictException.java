package org.csp.decisions.engine;

/**
 * Two rules of one finding id whose explanations differ fired in the same evaluation. Such "variant" rules must have
 * mutually exclusive conditions, which nothing but their cases proves; when they both fire, the answer would have to
 * pick one wording silently, so the evaluation fails instead and names both rules (the rules, not the caller, are at
 * fault).
 */
public final class RuleConflictException extends RuntimeException {
    private final String findingId;
    private final String firstRule;
    private final String secondRule;

    public RuleConflictException(String findingId, String firstRule, String secondRule) {
        super("rules \"" + firstRule + "\" and \"" + secondRule + "\" both fired for " + findingId
                + " but have different explanations; make their conditions mutually exclusive, or write one rule",
                null, false, false);
        this.findingId = findingId;
        this.firstRule = firstRule;
        this.secondRule = secondRule;
    }

    public String findingId() {
        return findingId;
    }

    public String firstRule() {
        return firstRule;
    }

    public String secondRule() {
        return secondRule;
    }
}
