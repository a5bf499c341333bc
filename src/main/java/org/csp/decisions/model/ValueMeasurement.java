package org.csp.decisions.model;

/** Levels at which value is assessed (micro, meso, macro). */
public enum ValueMeasurement {
    NONE, SINGLE_LEVEL, MULTI_LEVEL
}
