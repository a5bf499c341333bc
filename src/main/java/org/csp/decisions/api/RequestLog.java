package org.csp.decisions.api;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Gives every answer an {@code X-Request-Id} (the caller's, if it is a sane token, else a new UUID) and logs one
 * line per request: method, path, status, duration and id. Never the body.
 */
@ApplicationScoped
public class RequestLog {
    public static final String HEADER = "X-Request-Id";
    private static final Logger ACCESS = Logger.getLogger("csp.access");
    private static final Pattern SANE_ID = Pattern.compile("^[A-Za-z0-9._:-]{1,128}$");

    void install(@Observes Router router) {
        router.route().order(-1000).handler(ctx -> {
            long started = System.nanoTime();
            String given = ctx.request().getHeader(HEADER);
            String id = given != null && SANE_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
            ctx.put(HEADER, id);
            ctx.response().putHeader(HEADER, id);
            if (ACCESS.isInfoEnabled()) {
                ctx.addEndHandler(done -> ACCESS.infof("%s %s %d %.2fms id=%s", ctx.request().method(),
                        ctx.request().path(), ctx.response().getStatusCode(), (System.nanoTime() - started) / 1e6, id));
            }
            ctx.next();
        });
    }
}
