package org.csp.decisions.model;

/** Finding severities, most serious first: the declaration order is the sort order. */
public enum Severity {
    HIGH, MEDIUM, LOW, INFO
}
