package org.csp.decisions.model;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** The request body of {@code POST /evaluate} (FINDINGS.md A.2). */
@ConsistentPartners
public record EvaluationRequest(
        @NotNull(message = Messages.REQUIRED) @Valid Partnership partnership,
        @NotNull(message = Messages.REQUIRED) @Size(min = 1, max = 50, message = "must have 1 to 50 items")
        List<@NotNull(message = "must not be null") @Valid Partner> partners,
        Agreements agreements,
        @Valid Coordination coordination) {
}
