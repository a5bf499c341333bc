package org.csp.decisions.engine;

/**
 * An evaluation was stopped because the rules, not the caller, misbehaved: too many rule firings (a rule that loops)
 * or too much time. Names the rule that fired most, which is almost always the one that ran away.
 */
public final class RunawayRuleException extends RuntimeException {
    public enum Limit { MAX_FIRINGS, TIMEOUT }

    private final Limit limit;
    private final String ruleName;
    private final long firings;

    public RunawayRuleException(Limit limit, String ruleName, long firings, String message) {
        super(message, null, false, false);
        this.limit = limit;
        this.ruleName = ruleName;
        this.firings = firings;
    }

    public Limit limit() {
        return limit;
    }

    public String ruleName() {
        return ruleName;
    }

    public long firings() {
        return firings;
    }
}
