package org.csp.decisions.model;

/** Profile of the main sponsor, champion or change agent (Bradford). */
public enum ChangeAgent {
    NONE, BOUNDARY_CROSSING, PARTISAN, ORGANIZATION_LOYAL
}
