package org.csp.decisions.model;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One organisation or group taking part (FINDINGS.md A.4). Optional fields may be null (unknown). */
public record Partner(
        @NotNull(message = Messages.REQUIRED) @Pattern(regexp = Messages.ID_PATTERN, message = Messages.ID) String id,
        @NotNull(message = Messages.REQUIRED) @NotBlank(message = Messages.NAME) @Size(max = 200, message = Messages.NAME) String name,
        @NotNull(message = Messages.REQUIRED) Sector sector,
        Origin origin,
        Role role,
        ValuesAlignment valuesAlignment,
        EnvironmentalStrategy environmentalStrategy,
        CapabilityStrength capabilityStrength,
        Boolean controlsProject,
        @DecimalMin(value = "0.0", message = Messages.SHARE) @DecimalMax(value = "1.0", message = Messages.SHARE)
        Double resourceShare,
        Boolean priorCspExperience,
        @Schema(ref = "Attributes") Map<String, Object> attributes) {

    public Partner {
        attributes = Attributes.normalize(attributes);
    }

    /**
     * The open attribute {@code key} as a number (e.g. {@code number("countiesCovered") > 3} in a condition), or null
     * when it is absent or not a number, so any comparison with it is false.
     */
    public java.math.BigDecimal number(String key) {
        return Attributes.number(attributes, key);
    }

    /** The open attribute {@code key} as a text, or null when it is absent or not a text. */
    public String text(String key) {
        return Attributes.text(attributes, key);
    }

    /** True only when the open attribute {@code key} is the boolean true (false when absent or not a boolean). */
    public boolean yes(String key) {
        return Attributes.yes(attributes, key);
    }

    /** True only when the open attribute {@code key} is the boolean false (false when absent or not a boolean). */
    public boolean no(String key) {
        return Attributes.no(attributes, key);
    }
}
