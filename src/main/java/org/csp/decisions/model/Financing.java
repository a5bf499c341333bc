package org.csp.decisions.model;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import org.hibernate.validator.constraints.Range;

/** Financing. Every field may be null (unknown). */
public record Financing(
        @DecimalMin(value = "0.0", message = Messages.SHARE) @DecimalMax(value = "1.0", message = Messages.SHARE)
        Double shortTermGrantShare,
        @Range(min = 0, max = 100, message = "must be an integer between 0 and 100")
        Integer planningHorizonYears) {
    public static final Financing UNKNOWN = new Financing(null, null);
}
