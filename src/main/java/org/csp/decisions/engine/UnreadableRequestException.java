package org.csp.decisions.engine;

/**
 * A batch item whose request could not be read (its reader threw the cause, say the item's 400 problem): nothing was
 * evaluated, so it is neither a rule's failure nor counted as an evaluation.
 */
public final class UnreadableRequestException extends RuntimeException {
    public UnreadableRequestException(RuntimeException cause) {
        super(cause.getMessage(), cause, false, false);
    }

    @Override
    public synchronized RuntimeException getCause() {
        return (RuntimeException) super.getCause();
    }
}
