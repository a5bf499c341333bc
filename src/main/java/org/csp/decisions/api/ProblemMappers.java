package org.csp.decisions.api;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.csp.decisions.engine.OverloadedException;
import org.csp.decisions.engine.RuleFailureException;
import org.csp.decisions.engine.RuleConflictException;
import org.csp.decisions.engine.RunawayRuleException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves as application/problem+json; nothing a caller sends produces a 5xx or a stack trace. */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    /** A 503 tells the caller when to try again. */

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return respond(e.problem());
    }

    @ServerExceptionMapper
    public Response runaway(RunawayRuleException e) {
        return respond(runawayProblem(e));
    }

    /** The rules, not the caller, are at fault: a 5xx that names the rule, so an analyst can fix it. */
    static Problem runawayProblem(RunawayRuleException e) {
        LOG.errorf("evaluation aborted (%s): %s", e.limit(), e.getMessage());
        return new Problem(Problem.TYPE_BASE + "rule-limit-exceeded", "Evaluation stopped: a rule ran away", 500,
                e.getMessage(), null, e.ruleName());
    }

    @ServerExceptionMapper
    public Response ruleFailure(RuleFailureException e) {
        return respond(ruleFailureProblem(e));
    }

    @ServerExceptionMapper
    public Response overloaded(OverloadedException e) {
        return respond(overloadedProblem(e));
    }

    /** A rule threw: the rules, not the caller, are at fault; a 5xx that names the rule. */
    static Problem ruleFailureProblem(RuleFailureException e) {
        LOG.errorf("evaluation failed: %s", e.getMessage());
        return new Problem(Problem.TYPE_BASE + "rule-failed", "Evaluation failed: a rule threw an error", 500,
                e.getMessage(), null, e.ruleName());
    }

    /** No rule thread free: try again shortly (the answer carries Retry-After). */
    static Problem overloadedProblem(OverloadedException e) {
        LOG.warnf("evaluation refused: %s", e.getMessage());
        return Problem.of("overloaded", "Service overloaded", 503, e.getMessage() + "; try again shortly");
    }

    @ServerExceptionMapper
    public Response conflict(RuleConflictException e) {
        return respond(conflictProblem(e));
    }

    /** Two variant rules of one finding with different explanations fired together: a 5xx naming both. */
    static Problem conflictProblem(RuleConflictException e) {
        LOG.errorf("evaluation failed: %s", e.getMessage());
        return new Problem(Problem.TYPE_BASE + "rule-conflict", "Evaluation failed: two rules of one finding disagree",
                500, e.getMessage(), null, e.firstRule());
    }

    /** Failures of asynchronous evaluations arrive wrapped. */
    @ServerExceptionMapper
    public Response completion(java.util.concurrent.CompletionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RunawayRuleException runaway) {
            return runaway(runaway);
        }
        if (cause instanceof RuleConflictException conflict) {
            return conflict(conflict);
        }
        if (cause instanceof ProblemException problem) {
            return problem(problem);
        }
        if (cause instanceof RuleFailureException failure) {
            return ruleFailure(failure);
        }
        if (cause instanceof OverloadedException overloaded) {
            return overloaded(overloaded);
        }
        return unexpected(cause == null ? e : cause);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        Problem problem = switch (status) {
            case 404 -> Problem.of("not-found", "Not found", 404, "no resource at this path");
            case 405 -> Problem.of("method-not-allowed", "Method not allowed", 405,
                    "this method is not allowed here" + allowed(e));
            case 406 -> Problem.of("not-acceptable", "Not acceptable", 406, "answers are application/json");
            case 413 -> Problem.tooLarge(EvaluateResource.MAX_BATCH_BODY);
            case 415 -> Problem.unsupportedMediaType(null);
            default -> status >= 500
                    ? Problem.of("internal-error", "Internal error", status, "the service could not answer")
                    : Problem.of("bad-request", "Bad request", status, "the request cannot be processed");
        };
        return respond(problem);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof io.vertx.core.http.HttpClosedException) {
                // The caller closed the connection while its body was being read: nobody to answer, nothing wrong here.
                LOG.debugf("caller closed the connection: %s", cause.getMessage());
                return respond(Problem.of("caller-gone", "Caller went away", 499, "the caller closed the connection"));
            }
        }
        LOG.error("unexpected error", e);
        return respond(Problem.of("internal-error", "Internal error", 500, "the service could not answer"));
    }

    private static String allowed(WebApplicationException e) {
        if (e instanceof NotAllowedException && e.getResponse().getAllowedMethods() != null
                && !e.getResponse().getAllowedMethods().isEmpty()) {
            return "; allowed: " + String.join(", ", new java.util.TreeSet<>(e.getResponse().getAllowedMethods()));
        }
        return "";
    }

    static Response respond(Problem problem) {
        Response.ResponseBuilder response = Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
        if (problem.status() == 401) {
            response.header("WWW-Authenticate", "Bearer");
        }
        if (problem.status() == 503) {
            response.header("Retry-After", Long.toString(InFlightLimits.retryAfterSeconds));
        }
        return response.build();
    }
}
