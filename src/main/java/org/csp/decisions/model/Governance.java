package org.csp.decisions.model;

/** Governance arrangements. Every field may be null (unknown). */
public record Governance(Boolean formalStructure, Boolean sharedDecisionMaking, Boolean interfacesActivelyManaged,
        GovernanceHome home) {
    public static final Governance UNKNOWN = new Governance(null, null, null, null);
}
