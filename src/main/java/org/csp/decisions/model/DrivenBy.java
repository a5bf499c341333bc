package org.csp.decisions.model;

/** Which actors initiated the agenda and still steer it. */
public enum DrivenBy {
    INTERNATIONAL, LOCAL, MIXED
}
