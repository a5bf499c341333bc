package org.csp.decisions.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.ArrayList;
import java.util.List;
import io.smallrye.common.annotation.Blocking;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import java.util.concurrent.CompletionStage;
import org.csp.decisions.engine.EvaluationMetrics;
import org.csp.decisions.engine.OverloadedException;
import org.csp.decisions.engine.RuleEngine;
import org.csp.decisions.engine.RuleFailureException;
import org.csp.decisions.engine.RunawayRuleException;
import org.csp.decisions.engine.UnreadableRequestException;
import org.csp.decisions.model.EvaluationRequest;
import org.csp.decisions.model.Evaluation;

/** {@code POST /evaluate} and {@code POST /evaluate/batch} (FINDINGS.md A, C). */
@Path("/evaluate")
@Tag(name = "Evaluate", description = "What the research says applies to a partnership")
public class EvaluateResource {
    /** A.9: 256 KiB for one request. */
    public static final int MAX_BODY = 256 * 1024;
    /** A.11: 4 MiB for a batch (also the HTTP server's global limit). */
    public static final int MAX_BATCH_BODY = 4 * 1024 * 1024;
    public static final int MAX_BATCH_ITEMS = 1000;

    @Inject
    RequestReader reader;
    @Inject
    RuleEngine engine;
    @Inject
    EvaluationMetrics metrics;
    @Inject
    InFlightLimits inFlight;
    @Inject
    AnswerJson answerJson;
    @Inject
    BatchAnswerThreads answerThreads;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Evaluate one partnership",
            description = "Returns every research finding that applies, with why (triggering facts), what to do and the source.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = EvaluationRequest.class),
            examples = @ExampleObject(name = "A.10", summary = "The complete example of FINDINGS.md A.10", value = OpenApiExamples.A10)))
    @APIResponse(responseCode = "200", description = "The findings (with ?view=compact: a CompactEvaluation)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(oneOf = {Evaluation.class,
                    CompactEvaluation.class})))
    @APIResponse(responseCode = "400", description = "Malformed JSON, or a request that breaks FINDINGS.md A (every offending field is listed)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class), examples = {
                    @ExampleObject(name = "validation-failed", value = OpenApiExamples.VALIDATION_FAILED),
                    @ExampleObject(name = "malformed-json", value = OpenApiExamples.MALFORMED)}))
    @APIResponse(responseCode = "413", description = "Body over 256 KiB",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "payload-too-large", value = OpenApiExamples.TOO_LARGE)))
    @APIResponse(responseCode = "415", description = "Content-Type is not application/json",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "unsupported-media-type", value = OpenApiExamples.UNSUPPORTED)))
    @APIResponse(responseCode = "500", description = "A rule ran away (firing cap or time limit) or threw (rule-failed); names the rule",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "rule-limit-exceeded", value = OpenApiExamples.RUNAWAY)))
    @APIResponse(responseCode = "503", description = "Every rule thread is busy and the queue is full (overloaded); Retry-After says when to try again",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public CompletionStage<Object> evaluate(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @Parameter(description = VIEW_DESCRIPTION, schema = @Schema(enumeration = {"full", "compact"}, defaultValue = "full"))
            @QueryParam("view") String view, byte[] body) {
        boolean compact = compact(view);
        // Reading is cheap CPU work on the I/O thread; the rules run on a rule thread, bounded by the time limit.
        return engine.evaluateAsync(read(contentType, body, MAX_BODY))
                .thenApply(evaluation -> compact ? CompactEvaluation.of(evaluation) : evaluation);
    }

    static final String VIEW_DESCRIPTION = "compact: ruleSetVersion, partnershipId, each finding's id, category, severity"
            + " and subjects, and the summary, without prose (schema CompactEvaluation); full (the default): the whole answer";

    /** True for {@code view=compact}; absent or {@code full} is the full answer; anything else is a 400 naming it. */
    private static boolean compact(String view) {
        if (view == null || view.isEmpty() || view.equals("full")) {
            return false;
        }
        if (view.equals("compact")) {
            return true;
        }
        throw new ProblemException(Problem.validation(List.of(new Violation("view",
                "must be full or compact (it is '" + (view.length() > 40 ? view.substring(0, 40) + "..." : view) + "')"))));
    }

    /**
     * Each item is answered alone: an invalid item, a rule that runs away or throws on it, get its own problem
     * document and never fail the others. Each item runs on a rule thread with its own firing cap and time limit.
     */
    @POST
    @Path("/batch")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(summary = "Evaluate 1 to 1,000 partnerships",
            description = "One answer per item, in order: the evaluation, or the problem document that POST /evaluate would give for that item alone.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = EvaluationRequest.class, minItems = 1, maxItems = MAX_BATCH_ITEMS,
                    description = "1 to 1,000 evaluation requests. An item that breaks FINDINGS.md A does not fail the batch: "
                            + "its answer is the problem document POST /evaluate would give for it alone.")))
    @APIResponse(responseCode = "200", description = "One evaluation or problem per item",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiContract.BATCH_ANSWERS)))
    @APIResponse(responseCode = "400", description = "Not JSON, not an array, or not 1 to 1,000 items",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "Body over 4 MiB",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "Content-Type is not application/json",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public StreamingOutput batch(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @Parameter(description = VIEW_DESCRIPTION, schema = @Schema(enumeration = {"full", "compact"}, defaultValue = "full"))
            @QueryParam("view") String view, byte[] body) {
        boolean compact = compact(view);
        checkBody(contentType, body, MAX_BATCH_BODY);
        RequestReader.BatchBody root;
        try {
            root = reader.batch(body);
        } catch (ProblemException e) {
            metrics.count(EvaluationMetrics.Outcome.INVALID);
            throw e;
        }
        if (!root.isArray()) {
            throw new ProblemException(Problem.validation(List.of(new Violation("$", "must be a JSON array of 1 to "
                    + MAX_BATCH_ITEMS + " evaluation requests"))));
        }
        if (root.size() == 0 || root.size() > MAX_BATCH_ITEMS) {
            throw new ProblemException(Problem.validation(List.of(new Violation("$", "must have 1 to "
                    + MAX_BATCH_ITEMS + " items (it has " + root.size() + ")"))));
        }
        inFlight.admitBatchItems(root.size()); // 503 when the items do not fit in memory now
        Runnable callerPresent = inFlight.callerPresentCheck();
        return out -> answerThreads.run(() -> answerItems(root, compact, out, callerPresent));
    }

    /**
     * Items run on the rule threads for batch items (lowest priority, so single calls go first; see
     * {@code RuleThreads}), as many at a time as there are such threads, each read there just before its rules run,
     * while this thread (a {@link BatchAnswerThreads} thread, lowest priority too) hands out the next ones. Each item
     * keeps its own firing cap and time limit (its future fails at the deadline even if a consequence never returns),
     * so a runaway item fails alone. Each answer is turned into JSON on the thread that evaluated it,
     * and written here in order, each as soon as the ones before it are written: at most {@link #BATCH_AHEAD_WINDOWS}
     * windows of answers wait in memory, never the whole batch (1,000 full answers are ~24 MB of JSON, and holding
     * them all until the end used to lengthen the garbage collections that single calls wait through).
     */
    private void answerItems(RequestReader.BatchBody root, boolean compact, java.io.OutputStream out,
            Runnable callerPresent) throws java.io.IOException {
        int count = root.size();
        int window = engine.threads().backgroundSize();
        java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(window);
        @SuppressWarnings("unchecked")
        java.util.concurrent.CompletableFuture<byte[]>[] answers = new java.util.concurrent.CompletableFuture[count];
        int written = 0;
        out.write('[');
        try {
            for (int i = 0; i < count; i++) {
                callerPresent.run(); // stop when nobody waits for the answer
                while (written < i && (answers[written].isDone() || i - written >= BATCH_AHEAD_WINDOWS * window)) {
                    writeItem(answers, written++, out);
                }
                slots.acquire();
                java.util.concurrent.CompletableFuture<byte[]> answer = new java.util.concurrent.CompletableFuture<>();
                answers[i] = answer;
                int item = i;
                // Bound on the item's own (low-priority) thread, just before its rules run, and garbage once bound.
                engine.evaluateBatchItem(() -> root.read(item)).whenComplete((evaluation, failure) -> {
                    slots.release();
                    try {
                        if ((failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure)
                                instanceof UnreadableRequestException unreadable) {
                            metrics.count(EvaluationMetrics.Outcome.INVALID);
                            failure = unreadable.getCause();
                        }
                        answer.complete(answerJson.bytes(failure != null ? itemProblem(failure)
                                : compact ? CompactEvaluation.of(evaluation) : evaluation));
                    } catch (java.io.IOException | RuntimeException e) {
                        answer.completeExceptionally(e);
                    }
                });
            }
            while (written < count) {
                writeItem(answers, written++, out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while answering a batch");
        }
        out.write(']');
    }

    /** Writes answer {@code i} of a batch (after a comma unless it is the first) and lets it go. */
    private static void writeItem(java.util.concurrent.CompletableFuture<byte[]>[] answers, int i,
            java.io.OutputStream out) throws java.io.IOException {
        byte[] json;
        try {
            json = answers[i].join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof java.io.IOException io) {
                throw io;
            }
            throw e;
        }
        if (i > 0) {
            out.write(',');
        }
        out.write(json);
        answers[i] = null;
    }

    /** Answers of a batch written ahead of the one being waited for, in windows of rule threads. */
    static final int BATCH_AHEAD_WINDOWS = 4;

    /** The problem document of one failed batch item (what POST /evaluate would answer for it alone). */
    private static Object itemProblem(Throwable failure) {
        Throwable e = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (e instanceof RunawayRuleException r) {
            return ProblemMappers.runawayProblem(r);
        } else if (e instanceof RuleFailureException r) {
            return ProblemMappers.ruleFailureProblem(r);
        } else if (e instanceof OverloadedException o) {
            return ProblemMappers.overloadedProblem(o);
        } else if (e instanceof org.csp.decisions.engine.RuleConflictException c) {
            return ProblemMappers.conflictProblem(c);
        } else if (e instanceof ProblemException p) {
            return p.problem();
        }
        throw e instanceof RuntimeException r ? r : new java.util.concurrent.CompletionException(e);
    }

    private EvaluationRequest read(String contentType, byte[] body, int limit) {
        try {
            checkBody(contentType, body, limit);
            return reader.read(body);
        } catch (ProblemException e) {
            metrics.count(EvaluationMetrics.Outcome.INVALID);
            throw e;
        }
    }

    private static void checkBody(String contentType, byte[] body, int limit) {
        if (!MediaTypes.isJson(contentType)) {
            throw new ProblemException(Problem.unsupportedMediaType(contentType));
        }
        if (body != null && body.length > limit) {
            throw new ProblemException(Problem.tooLarge(limit));
        }
    }
}
