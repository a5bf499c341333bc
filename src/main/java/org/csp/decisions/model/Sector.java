package org.csp.decisions.model;

/** Sector of a partner (FINDINGS.md A.4). */
public enum Sector {
    PUBLIC, BUSINESS, NONPROFIT, PHILANTHROPY, RESIDENT
}
