package org.csp.decisions.model;

/** State of the collaborative infrastructure. */
public enum InfrastructureStatus {
    NONE, FRAGILE, STABLE
}
