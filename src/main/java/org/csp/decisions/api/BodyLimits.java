package org.csp.decisions.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Enforces the body limits of A.9 and A.11 in the HTTP server, before the REST layer reads or parses anything:
 * 256 KiB for /evaluate, 4 MiB for /evaluate/batch. A declared Content-Length over the limit is refused at once; a
 * chunked body is checked by the resource once read (bounded by the server-wide limit of 4 MiB). Either way the 413 is a problem document, not the server's bare 413.
 */
@ApplicationScoped
public class BodyLimits {
    private static final int ORDER = -200;

    @Inject
    ObjectMapper json;

    void install(@Observes Router router) {
        limit(router, "/evaluate", EvaluateResource.MAX_BODY);
        limit(router, "/evaluate/batch", EvaluateResource.MAX_BATCH_BODY);
        // A chunked body over the server-wide limit is cut off by the HTTP layer; answer that 413 as a problem too.
        router.route().order(ORDER).failureHandler(ctx -> {
            if (ctx.statusCode() == 413) {
                tooLarge(ctx, EvaluateResource.MAX_BATCH_BODY);
            } else {
                ctx.next();
            }
        });
    }

    /** Refuses a declared Content-Length over the limit (a wrong Content-Type is left to the 415 of the REST layer). */
    private void limit(Router router, String path, long limit) {
        router.post(path).order(ORDER).handler(ctx -> {
            String declared = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (declared != null && tooLarge(declared, limit)
                    && MediaTypes.isJson(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
                tooLarge(ctx, limit);
            } else {
                ctx.next();
            }
        });
    }

    private static boolean tooLarge(String declared, long limit) {
        try {
            return Long.parseLong(declared.strip()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    void tooLarge(RoutingContext ctx, long limit) {
        if (ctx.response().ended() || ctx.response().headWritten()) {
            return;
        }
        String body;
        try {
            body = json.writeValueAsString(Problem.tooLarge(limit));
        } catch (JsonProcessingException e) {
            body = "{\"status\":413}";
        }
        ctx.response().setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(body);
    }
}
