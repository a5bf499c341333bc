package org.csp.decisions.model;

/** Runs beside existing structures (DETACHED) or through them (EMBEDDED). */
public enum Embedding {
    DETACHED, EMBEDDED
}
