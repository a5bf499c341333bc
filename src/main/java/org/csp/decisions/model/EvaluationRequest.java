package org.csp.decisions.model;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The request body of {@code POST /evaluate} (FINDINGS.md A.2). */
@ConsistentPartners
@Schema(description = "FINDINGS.md A. An optional field that is absent or null is unknown. Also rejected with 400, "
        + "beyond what this schema can state: duplicate keys in any object, duplicate partners[].id, resourceShare values "
        + "summing to more than 1.001, JSON nested deeper than 16 levels, and attribute names not matching "
        + "^[A-Za-z][A-Za-z0-9_]{0,63}$. An integer field takes a JSON integer written without fraction or exponent "
        + "(12, not 12.0); number bounds are compared on the exact decimal written.")
public record EvaluationRequest(
        @NotNull(message = Messages.REQUIRED) @Valid Partnership partnership,
        @NotNull(message = Messages.REQUIRED) @Size(min = 1, max = 50, message = "must have 1 to 50 items")
        List<@NotNull(message = "must not be null") @Valid Partner> partners,
        Agreements agreements,
        @Valid Coordination coordination) {
}
