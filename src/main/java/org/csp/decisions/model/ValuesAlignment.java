package org.csp.decisions.model;

/** Closeness of fit between a partner's mission and values and the shared purpose. */
public enum ValuesAlignment {
    HIGH, MEDIUM, LOW
}
