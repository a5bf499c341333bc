package org.csp.decisions.model;

/** Collaboration form compared by Herlin. */
public enum Form {
    PHILANTHROPIC, TRANSACTIONAL, INTEGRATIVE
}
