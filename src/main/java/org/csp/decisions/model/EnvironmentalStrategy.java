package org.csp.decisions.model;

/** Kim and Darnall's four business responses to proposed regulation. */
public enum EnvironmentalStrategy {
    DEFENSIVE, REACTIVE, PROACTIVE, ANTICIPATORY
}
