package org.csp.decisions.model;

/** Where a partner is based and accountable. */
public enum Origin {
    LOCAL, INTERNATIONAL
}
