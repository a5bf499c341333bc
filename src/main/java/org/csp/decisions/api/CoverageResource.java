package org.csp.decisions.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.csp.decisions.cases.Coverage;
import org.csp.decisions.cases.CoverageService;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /rules/coverage}: from research to rules and back. The traceability map of the served rules folder
 * ({@code traceability/*.map.json}) with, per served finding, the passages it rests on, its cases and whether they
 * pass on the served rules; plus the proposed findings (never served) and any problem with the map.
 */
@Path("/rules/coverage")
@Tag(name = "Rules")
public class CoverageResource {

    @Inject
    CoverageService coverage;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Traceability of the served rules to the seed texts",
            description = "Each seed's claims (short quote, line, section) with the findings that encode them or the "
                    + "reason none does (NEEDS_FACT with the field it would need, DESCRIPTIVE_ONLY, COVERED_BY another "
                    + "claim); each served finding with its passages, its cases and whether they pass on the served "
                    + "rules; the proposed findings (for review, not served). Computed once per rule set, map and "
                    + "case files, then cached.")
    @APIResponse(responseCode = "200", description = "The coverage of the served rule set",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Coverage.class)))
    public Coverage coverage() {
        return coverage.current();
    }
}
