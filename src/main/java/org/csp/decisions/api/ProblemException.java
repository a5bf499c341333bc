package org.csp.decisions.api;

/** Carries a problem document to the HTTP layer; cheap (no stack trace), because bad input is routine. */
public final class ProblemException extends RuntimeException {
    private final Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
