package org.csp.decisions.model;

/** Where the work is housed. */
public enum GovernanceHome {
    GOVERNMENT_DEPARTMENT, ARMS_LENGTH_ENTITY, NON_GOVERNMENT_HOST
}
