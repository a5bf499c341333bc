package org.csp.decisions.api;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import io.smallrye.common.annotation.Blocking;
import java.util.concurrent.CompletionStage;
import org.csp.decisions.engine.EvaluationMetrics;
import org.csp.decisions.engine.RuleEngine;
import org.csp.decisions.engine.RunawayRuleException;
import org.csp.decisions.model.EvaluationRequest;
import org.csp.decisions.model.Evaluation;

/** {@code POST /evaluate} and {@code POST /evaluate/batch} (FINDINGS.md A, C). */
@Path("/evaluate")
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

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public CompletionStage<Evaluation> evaluate(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body) {
        // Reading is cheap CPU work on the I/O thread; the rules run on a worker, bounded by the time limit.
        return engine.evaluateAsync(read(contentType, body, MAX_BODY));
    }

    /** Each item is answered alone: an invalid item gets its own problem document and never fails the others. */
    @POST
    @Path("/batch")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public List<Object> batch(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body) {
        checkBody(contentType, body, MAX_BATCH_BODY);
        JsonNode root;
        try {
            root = reader.parse(body);
        } catch (ProblemException e) {
            metrics.count(EvaluationMetrics.Outcome.INVALID);
            throw e;
        }
        if (!root.isArray()) {
            throw new ProblemException(Problem.validation(List.of(new Violation("$", "must be a JSON array of 1 to "
                    + MAX_BATCH_ITEMS + " evaluation requests"))));
        }
        if (root.isEmpty() || root.size() > MAX_BATCH_ITEMS) {
            throw new ProblemException(Problem.validation(List.of(new Violation("$", "must have 1 to "
                    + MAX_BATCH_ITEMS + " items (it has " + root.size() + ")"))));
        }
        List<Object> answers = new ArrayList<>(root.size());
        for (JsonNode item : root) {
            try {
                answers.add(engine.evaluate(reader.read(item)));
            } catch (ProblemException e) {
                metrics.count(EvaluationMetrics.Outcome.INVALID);
                answers.add(e.problem());
            } catch (RunawayRuleException e) {
                answers.add(ProblemMappers.runawayProblem(e));
            }
        }
        return answers;
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
