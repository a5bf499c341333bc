package org.csp.decisions.model;

/** Ordinal: NONE &lt; ENGAGED &lt; ALIGNED (ALIGNED implies ENGAGED). */
public enum PolicyEngagement {
    NONE, ENGAGED, ALIGNED
}
