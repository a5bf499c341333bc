package org.csp.decisions.model;

/** Learning practice and what is shared. Every field may be null (unknown). */
public record Learning(Boolean practice, LessonsShared lessonsShared) {
    public static final Learning UNKNOWN = new Learning(null, null);
}
