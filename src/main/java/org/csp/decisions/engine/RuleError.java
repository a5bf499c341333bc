package org.csp.decisions.engine;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A problem found while loading rules, located by file (relative to the rules folder), line and column. */
public record RuleError(@Schema(nullable = true, description = "null when the error is not in one file") String file, int line, int column, String message) {

    /** One line, as the logs and the analysts' case runner print it: {@code file:line:column: message}. */
    @Override
    public String toString() {
        return (file == null ? "<rules>" : file) + ":" + line + ":" + column + ": " + message;
    }
}
