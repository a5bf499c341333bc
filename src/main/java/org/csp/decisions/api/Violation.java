package org.csp.decisions.api;

/** One invalid field: its JSON path (e.g. {@code partners[1].sector}) and what is wrong with it. */
public record Violation(String field, String message) {
}
