package org.csp.decisions.model;

/** Validation messages shared by several constraints, worded as FINDINGS.md A.9 shows them. */
public final class Messages {
    public static final String ID = "must match ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$";
    public static final String ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$";
    public static final String NAME = "must be 1 to 200 characters and not blank";
    public static final String SHARE = "must be a number between 0.0 and 1.0";
    public static final String REQUIRED = "is required";

    private Messages() {
    }
}
