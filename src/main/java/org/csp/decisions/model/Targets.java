package org.csp.decisions.model;

/** Whether the partnership has clear, measurable targets. */
public enum Targets {
    NONE, VAGUE, WELL_DEFINED
}
