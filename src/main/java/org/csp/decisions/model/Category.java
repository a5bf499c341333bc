package org.csp.decisions.model;

/** Finding categories, in the order the summary lists them. */
public enum Category {
    LEGITIMACY_RISK, PHASE_CHALLENGE, COORDINATION_GAP, GOVERNANCE, PARTNER_FIT, FUNDING, LEARNING, DEFINITION
}
