package org.csp.decisions.model;

/**
 * Null-safe tests of the yes/no fields of the request for a rule's consequence, where Java (not Drools) reads them:
 * an unknown (null) value is neither yes nor no. {@code Is.no($p.localCapacityBuilding())} is true only when the
 * request said {@code false}; a plain {@code $p.localCapacityBuilding() == false} would throw for an unknown value.
 */
public final class Is {
    private Is() {
    }

    /** True only when the value is known and true. */
    public static boolean yes(Boolean value) {
        return Boolean.TRUE.equals(value);
    }

    /** True only when the value is known and false. */
    public static boolean no(Boolean value) {
        return Boolean.FALSE.equals(value);
    }
}
