package org.csp.decisions.model;

/** What the partnership is charged to do. */
public enum Charge {
    THINKING, DOING, THINKING_AND_DOING
}
