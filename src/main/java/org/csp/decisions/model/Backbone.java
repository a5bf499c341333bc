package org.csp.decisions.model;

/** Whether backbone functions exist and are funded. */
public enum Backbone {
    NONE, UNFUNDED, FUNDED
}
