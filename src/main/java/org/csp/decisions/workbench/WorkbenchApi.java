package org.csp.decisions.workbench;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.csp.decisions.api.Problem;
import org.csp.decisions.api.ProblemException;
import org.csp.decisions.api.Violation;
import org.csp.decisions.engine.RuleEngine;
import io.smallrye.common.annotation.Blocking;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The JSON endpoints behind the workbench pages, usable without a browser: a rule's source, the history of reloads,
 * kept versions, validate-with-impact, publish, delete and roll back. All need the admin token (Bearer) or a
 * workbench session cookie, and do not exist without a configured token.
 */
@Path("/rules")
@Tag(name = "Workbench", description = "Read, validate with impact, publish and roll back rule files (admin token or workbench session)")
@SecurityRequirement(name = "admin")
@SecurityRequirement(name = WorkbenchApi.SESSION_SCHEME)
@SecurityScheme(securitySchemeName = WorkbenchApi.SESSION_SCHEME, type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.COOKIE,
        apiKeyName = WorkbenchAccess.COOKIE, description = "The workbench session cookie that POST /signin sets (instead of the admin bearer token)")
@Blocking
public class WorkbenchApi {
    static final String SESSION_SCHEME = "workbenchSession";

    /** The folder's files and whether publishing is possible. */
    public record FilesView(String origin,
            @Schema(description = "why publishing is not possible here; null when it is", nullable = true) String readOnly,
            List<RulesStore.FileInfo> files) {
    }

    /** Reload attempts (newest first, up to 50) and the kept good versions (up to 20). */
    public record HistoryView(String servedVersion, List<RulesStore.HistoryEntry> reloads, List<RulesStore.KeptVersion> versions) {
    }

    @Inject
    WorkbenchAccess access;
    @Inject
    RulesStore store;
    @Inject
    ChangeValidation validation;
    @Inject
    RuleEngine engine;

    @GET
    @Path("/files")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Every rule and case file of the rules folder, with the sha an edit starts from")
    @APIResponse(responseCode = "200", description = "The files", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FilesView.class)))
    @APIResponse(responseCode = "401", description = "No token or session", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No rules.admin-token: the workbench is off", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Wrong token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public FilesView files(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @CookieParam(WorkbenchAccess.COOKIE) String session) {
        access.check(authorization, session);
        return new FilesView(engine.folder().description(), store.readOnlyReason(), store.files());
    }

    @GET
    @Path("/files/source")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A rule or case file's text and sha")
    @APIResponse(responseCode = "200", description = "The file", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RulesStore.Source.class)))
    @APIResponse(responseCode = "400", description = "Not a safe relative path of a .drl or case file", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such file", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No token or session", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Wrong token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RulesStore.Source source(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @CookieParam(WorkbenchAccess.COOKIE) String session,
            @Parameter(description = "path relative to the rules folder", example = "legitimacy/LEG-001.drl") @QueryParam("file") String file) {
        access.check(authorization, session);
        return store.read(file).orElseThrow(() -> new ProblemException(Problem.of("not-found", "Not found", 404,
                "no file " + file + " in the rules folder")));
    }

    @DELETE
    @Path("/files")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Delete a rule or case file (published like any change: checked, then the folder reloads)")
    @APIResponse(responseCode = "202", description = "Deleted; the folder reloads", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RulesStore.PublishResult.class)))
    @APIResponse(responseCode = "409", description = "Changed since you read it, or the folder is read-only", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "The rules would not compile, or cases would fail with rules.require-passing-cases", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "400", description = "Not a safe relative path of a .drl or case file, or a malformed request", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No token or session", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Wrong token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response delete(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @CookieParam(WorkbenchAccess.COOKIE) String session,
            @QueryParam("file") String file,
            @Parameter(description = "sha of the text you are deleting (GET /rules/files)") @QueryParam("baseSha") String baseSha) {
        access.check(authorization, session);
        if (baseSha == null || baseSha.isBlank()) {
            throw new ProblemException(Problem.validation(List.of(new Violation("baseSha",
                    "is required: the sha of the file you are deleting, so a newer version is never deleted unseen"))));
        }
        return publish(authorization, session, new ChangeSet(List.of(new FileChange(file, null, baseSha))));
    }

    @POST
    @Path("/changes/validate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Validate a change with its impact, without deploying it",
            description = "Compiles the rules folder as it would be after the change beside the served set, checks the house rules, runs every case, "
                    + "and evaluates every case request and sample partnership under both sets to list the findings that would appear or disappear. "
                    + "One validation at a time (others wait up to 30 s, then 503); bounded in size and time.")
    @APIResponse(responseCode = "200", description = "valid with cases and impact, or every error with file:line", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ChangeValidation.Report.class)))
    @APIResponse(responseCode = "400", description = "Malformed change set", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Another validation is running, or it took too long", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No token or session", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Wrong token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ChangeValidation.Report validate(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @CookieParam(WorkbenchAccess.COOKIE) String session, ChangeSet changes) {
        access.check(authorization, session);
        return validation.validate(changes);
    }

    @POST
    @Path("/changes/publish")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Publish a change into the rules folder",
            description = "Serialised with other publishes. Refused with 409 when a file changed since its baseSha (someone else saved it) or when the "
                    + "folder is read-only (bundled rules, ConfigMap, git working tree: download the change with /rules/changes/zip instead), and with 422 "
                    + "when the rules would not compile or, with rules.require-passing-cases, cases would fail. Files are written atomically; the "
                    + "folder's hot reload then serves expectedVersion (follow GET /rules).")
    @APIResponse(responseCode = "202", description = "Written; the folder reloads", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RulesStore.PublishResult.class)))
    @APIResponse(responseCode = "409", description = "Conflict (violations name each file) or read-only folder", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "Compile errors or failing cases", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "400", description = "Not a safe relative path of a .drl or case file, or a malformed request", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No token or session", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Wrong token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response publish(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @CookieParam(WorkbenchAccess.COOKIE) String session, ChangeSet changes) {
        access.check(authorization, session);
        RulesStore.PublishResult result = store.publish(changes, validation::checkForPublish);
        store.afterPublish();
        return Response.accepted(result).type(MediaType.APPLICATION_JSON).build();
    }

    @POST
    @Path("/changes/zip")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces("application/zip")
    @Operation(summary = "A change as a zip of its files (and DELETED.txt), to apply where the rules are kept (git, ConfigMap)")
    @APIResponse(responseCode = "200", description = "The zip", content = @Content(mediaType = "application/zip", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "400", description = "Not a safe relative path of a .drl or case file, or a malformed request", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No token or session", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Wrong token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response zip(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @CookieParam(WorkbenchAccess.COOKIE) String session, ChangeSet changes) {
        access.check(authorization, session);
        return Response.ok(RulesStore.zip(changes), "application/zip")
                .header("Content-Disposition", "attachment; filename=\"rules-change.zip\"").build();
    }

    @GET
    @Path("/history")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The last 50 reload attempts and the last 20 good versions")
    @APIResponse(responseCode = "200", description = "History", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = HistoryView.class)))
    @APIResponse(responseCode = "401", description = "No token or session", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Wrong token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public HistoryView history(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @CookieParam(WorkbenchAccess.COOKIE) String session) {
        access.check(authorization, session);
        return new HistoryView(engine.current().version(), store.history(), store.versions());
    }

    @GET
    @Path("/versions/{version}/changes")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The change that restores a kept version (validate it, then publish it, or use /rollback)")
    @APIResponse(responseCode = "200", description = "The change", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RestoreChange.class)))
    @APIResponse(responseCode = "404", description = "Not a kept version", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No token or session", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Wrong token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RestoreChange restore(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @CookieParam(WorkbenchAccess.COOKIE) String session,
            @Parameter(example = "sha256:89156d4c6bb4") @PathParam("version") String version) {
        access.check(authorization, session);
        return RestoreChange.of(store.restore(version));
    }

    @POST
    @Path("/versions/{version}/rollback")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Roll back: restore a kept version's files through the same checks as publish")
    @APIResponse(responseCode = "202", description = "Written; the folder reloads", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RulesStore.PublishResult.class)))
    @APIResponse(responseCode = "404", description = "Not a kept version", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Already this version, or read-only folder", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No token or session", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Wrong token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "The rules would not compile, or cases would fail with rules.require-passing-cases", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response rollback(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @CookieParam(WorkbenchAccess.COOKIE) String session, @PathParam("version") String version) {
        access.check(authorization, session);
        ChangeSet changes = store.restore(version);
        if (changes.changes().isEmpty()) {
            throw new ProblemException(Problem.of("unchanged", "Nothing to roll back", 409,
                    "the rules folder already holds exactly the files of " + version));
        }
        return publish(authorization, session, changes);
    }

}
