package org.csp.decisions.model;

/** Whether partners have established ways to share data. */
public enum DataSharing {
    NONE, AD_HOC, ESTABLISHED
}
