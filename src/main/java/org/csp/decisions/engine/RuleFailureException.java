package org.csp.decisions.engine;

/**
 * A rule threw while it was evaluated (its consequence, or a condition): the rules, not the caller, are at fault.
 * Names the rule when Drools says which one it was.
 */
public final class RuleFailureException extends RuntimeException {
    private final String ruleName;

    public RuleFailureException(String ruleName, String message) {
        super(message, null, false, false);
        this.ruleName = ruleName;
    }

    public String ruleName() {
        return ruleName;
    }
}
