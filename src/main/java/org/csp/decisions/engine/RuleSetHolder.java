package org.csp.decisions.engine;

import java.util.concurrent.atomic.AtomicReference;

/** Holds the rule set being served. A swap is atomic; the replaced set closes when its last evaluation ends. */
public final class RuleSetHolder {
    private final AtomicReference<RuleSet> current = new AtomicReference<>();

    public RuleSet current() {
        RuleSet set = current.get();
        if (set == null) {
            throw new IllegalStateException("no rule set is loaded");
        }
        return set;
    }

    public boolean isLoaded() {
        return current.get() != null;
    }

    /** Serves {@code next} from now on and retires the previous set. */
    public void swap(RuleSet next) {
        RuleSet previous = current.getAndSet(next);
        if (previous != null && previous != next) {
            previous.retire();
        }
    }

    /** Leases the current set; retries if a swap closed it between the read and the lease. */
    RuleSet acquire() {
        for (;;) {
            RuleSet set = current();
            if (set.tryAcquire()) {
                return set;
            }
        }
    }
}
