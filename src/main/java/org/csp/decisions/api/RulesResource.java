package org.csp.decisions.api;

import jakarta.inject.Inject;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.csp.decisions.engine.QuarantinedRule;
import org.csp.decisions.engine.ReloadResult;
import org.csp.decisions.engine.RuleEngine;
import org.csp.decisions.engine.RuleError;
import org.csp.decisions.engine.RuleSet;
import org.csp.decisions.model.Category;
import org.csp.decisions.model.FindingSource;
import org.csp.decisions.model.Severity;

/**
 * {@code GET /rules}: the rule set being served and the outcome of the last reload. The admin endpoints
 * {@code POST /rules/reload} and {@code POST /rules/validate} are off unless an admin token is configured.
 */
@Path("/rules")
@Tag(name = "Rules", description = "The loaded rule set; reload and validation for analysts (admin token)")
public class RulesResource {

    /** One loaded rule as GET /rules lists it. */
    public record RuleView(String name, String id, String title, Category category, Severity severity,
            FindingSource source, String file, int line) {
    }

    /** The last (re)load: when, what came of it, and every error as {file, line, column, message}. */
    public record ReloadView(Instant time, ReloadResult.Outcome outcome, String trigger,
            @Schema(description = "version of the files tried; null when the folder could not be read", nullable = true) String attemptedVersion,
            long durationMillis, List<RuleError> errors) {
        static ReloadView of(ReloadResult r) {
            return r == null ? null : new ReloadView(r.at(), r.outcome(), r.trigger(), r.version(), r.durationMillis(),
                    r.errors());
        }
    }

    /** A rule taken out of service because its consequence would not stop; back when its file changes. */
    public record QuarantineView(String rule, String id, String file, Instant time, String reason, int calls) {
        static QuarantineView of(QuarantinedRule q) {
            return new QuarantineView(q.rule(), q.id(), q.file(), q.time(), q.reason(), q.calls());
        }
    }

    /**
     * The served rule set. {@code ruleSetVersion} is always the last good set, even after a failed reload, with
     * {@code +without:<ids>} while rules are quarantined; {@code rules} lists the rules served (not the quarantined).
     */
    public record RuleSetView(String ruleSetVersion, Instant loadedAt, String origin, int ruleCount,
            @Schema(description = "The last (re)load; the start-up load is recorded before the service answers") ReloadView lastReload,
            List<QuarantineView> quarantined, List<RuleView> rules) {
    }

    @Inject
    RuleEngine engine;
    @Inject
    AdminAccess admin;
    @Inject
    RuleValidation validation;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The rule set being served", description = "Version, load time, every rule and the outcome of the last reload.")
    @APIResponse(responseCode = "200", description = "The served rule set",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RuleSetView.class)))
    public RuleSetView rules() {
        RuleSet set = engine.current();
        List<RuleView> rules = set.rules().stream()
                .map(r -> new RuleView(r.ruleName(), r.findingId(), r.title(), r.category(), r.severity(),
                        r.source(), r.file(), r.line()))
                .toList();
        return new RuleSetView(set.version(), set.loadedAt(), set.origin(), rules.size(),
                ReloadView.of(engine.lastReload()),
                set.quarantined().values().stream().map(QuarantineView::of).toList(), rules);
    }

    /** Reloads the rules folder now; answers with the outcome and, on failure, every error. */
    @POST
    @Path("/reload")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Reload the rules folder now (admin)")
    @SecurityRequirement(name = "admin")
    @APIResponse(responseCode = "200", description = "LOADED, UNCHANGED or FAILED with every error",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReloadView.class)))
    @APIResponse(responseCode = "401", description = "No bearer token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Wrong token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Admin endpoints disabled (no rules.admin-token)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ReloadView reload(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        admin.check(authorization);
        return ReloadView.of(engine.reload("POST /rules/reload"));
    }

    /**
     * Compiles one .drl file (text, named by {@code file}) together with the rest of the served set, or a zip of a
     * whole rules folder (Content-Type application/zip; its cases are run too), and reports every error with
     * file:line:column. Deploys nothing.
     */
    @POST
    @Path("/validate")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Compile a .drl file or a zipped rules folder without deploying it (admin)")
    @SecurityRequirement(name = "admin")
    @RequestBody(content = {@Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type = SchemaType.STRING)),
            @Content(mediaType = "application/zip", schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "200", description = "valid, or every error as file:line:column",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RuleValidation.Report.class)))
    @APIResponse(responseCode = "400", description = "file is not a relative .drl path, the body is not UTF-8, or the zip cannot be read",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "Body over 4 MiB", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No bearer token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Wrong token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Admin endpoints disabled", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RuleValidation.Report validate(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, @QueryParam("file") String file, byte[] body) {
        admin.check(authorization);
        if (contentType != null && contentType.toLowerCase().startsWith("application/zip")) {
            return validation.validateZip(body);
        }
        return validation.validateFile(file, body);
    }
}
