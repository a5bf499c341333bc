package org.csp.decisions.model;

/** Whether results and process insights are shared. */
public enum LessonsShared {
    NONE, SUCCESSES_ONLY, SUCCESSES_AND_FAILURES
}
