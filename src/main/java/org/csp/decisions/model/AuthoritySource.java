package org.csp.decisions.model;

/** Where the partnership's authority comes from. */
public enum AuthoritySource {
    SELF, DELEGATED, MANDATED
}
