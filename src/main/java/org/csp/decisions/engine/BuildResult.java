package org.csp.decisions.engine;

import java.util.List;

/** The outcome of compiling a rules folder: a rule set, or the errors that prevented one. */
public record BuildResult(RuleSet ruleSet, String version, List<RuleError> errors, int fileCount) {

    public boolean ok() {
        return ruleSet != null;
    }
}
