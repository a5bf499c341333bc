package org.csp.decisions.model;

/** Development phase in ReThink Health's sense, as the caller classifies it. */
public enum Phase {
    EARLIER, MIDDLE, LATER
}
