package org.csp.decisions.model;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.hibernate.validator.constraints.Range;
import org.hibernate.validator.constraints.UniqueElements;

/**
 * How the partnership relates to its field (FINDINGS.md A.6). Inserted as a fact only when present.
 * {@code fieldMechanisms}: null means unknown, an empty list means "known: none".
 */
public record Coordination(
        @Range(min = 0, max = 10000, message = "must be an integer between 0 and 10000") Integer otherPartnershipsInField,
        @Schema(uniqueItems = true, description = "[] means known: none; null or absent means unknown") @Size(max = 8, message = "must have at most 8 items") @UniqueElements(message = "must not contain duplicate entries")
        List<@NotNull(message = "must not be null") FieldMechanism> fieldMechanisms,
        Boolean divertsLocalResources,
        Boolean addsLocalAdministrativeBurden) {

    public Coordination {
        fieldMechanisms = fieldMechanisms == null ? null : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(fieldMechanisms));
    }
}
