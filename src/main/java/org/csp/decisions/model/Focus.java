package org.csp.decisions.model;

/** Product-focused or system-focused (Stadtler and Karakulak). */
public enum Focus {
    PRODUCT, SYSTEM
}
