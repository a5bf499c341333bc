package org.csp.decisions.engine;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/** A rules folder that cannot be read as it is: one error per offending file, each named relative to the folder. */
public final class RulesFolderException extends IOException {
    private final transient List<RuleError> errors;

    public RulesFolderException(List<RuleError> errors) {
        super(errors.stream().map(RuleError::toString).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<RuleError> errors() {
        return errors;
    }
}
