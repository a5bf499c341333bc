package org.csp.decisions.model;

/** How progress is measured. */
public enum ProgressTracking {
    NONE, AD_HOC, SYSTEMATIC
}
