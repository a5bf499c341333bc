package org.csp.decisions.model;

/** Area the partnership serves (FINDINGS.md A.3). */
public enum GeographicScope {
    LOCAL, REGIONAL, NATIONAL, GLOBAL
}
