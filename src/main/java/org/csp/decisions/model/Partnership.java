package org.csp.decisions.model;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.hibernate.validator.constraints.Range;

/**
 * The partnership being evaluated (FINDINGS.md A.3). A null field means "unknown"; rules compare it with
 * {@code ==}, which is false for null. Absent nested objects become their {@code UNKNOWN} value, so a rule can
 * write {@code authority.established == false} without a null guard: an absent object is all-unknown.
 */
public record Partnership(
        @NotNull(message = Messages.REQUIRED) @Pattern(regexp = Messages.ID_PATTERN, message = Messages.ID) String id,
        @NotNull(message = Messages.REQUIRED) @NotBlank(message = Messages.NAME) @Size(max = 200, message = Messages.NAME) String name,
        GeographicScope geographicScope,
        Phase phase,
        Form form,
        Focus focus,
        Embedding embedding,
        DrivenBy drivenBy,
        Boolean localCapacityBuilding,
        Boolean projectBased,
        @Range(min = 1, max = 1200, message = "must be an integer between 1 and 1200") Integer durationMonths,
        Authority authority,
        Leadership leadership,
        Governance governance,
        Infrastructure infrastructure,
        @Valid Financing financing,
        DataSharing dataSharing,
        Measurement measurement,
        Boolean sharedVision,
        PolicyEngagement policyEngagement,
        Boolean vestedInterestsNegotiated,
        Learning learning,
        @Schema(ref = "Attributes") Map<String, Object> attributes) {

    public Partnership {
        authority = authority == null ? Authority.UNKNOWN : authority;
        leadership = leadership == null ? Leadership.UNKNOWN : leadership;
        governance = governance == null ? Governance.UNKNOWN : governance;
        infrastructure = infrastructure == null ? Infrastructure.UNKNOWN : infrastructure;
        financing = financing == null ? Financing.UNKNOWN : financing;
        measurement = measurement == null ? Measurement.UNKNOWN : measurement;
        learning = learning == null ? Learning.UNKNOWN : learning;
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
