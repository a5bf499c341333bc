package org.csp.decisions.model;

/** A partner's capability to contribute to and manage the partnership. */
public enum CapabilityStrength {
    WEAK, MODERATE, STRONG
}
