package org.csp.decisions.model;

/** Main role of a partner; not read by the v1.0.0 rules. */
public enum Role {
    CONVENER, BACKBONE, FUNDER, IMPLEMENTER, MEMBER, ADVISOR
}
