package org.csp.decisions.engine;

/**
 * No rule thread was free: the queue of evaluations is full, or none started within the time limit. The caller should
 * try again shortly (503 with Retry-After); nothing was evaluated.
 */
public final class OverloadedException extends RuntimeException {
    public OverloadedException(String message) {
        super(message, null, false, false);
    }
}
