package org.csp.decisions.model;

/** How the partnership is led. */
public enum LeadershipModel {
    SINGLE_ORGANIZATION, FEW_KEY_PLAYERS, LEADERSHIP_TABLE, DISTRIBUTED
}
