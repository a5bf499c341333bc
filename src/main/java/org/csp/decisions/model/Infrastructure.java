package org.csp.decisions.model;

/** Collaborative infrastructure and backbone. Every field may be null (unknown). */
public record Infrastructure(InfrastructureStatus status, Backbone backbone) {
    public static final Infrastructure UNKNOWN = new Infrastructure(null, null);
}
