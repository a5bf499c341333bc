package org.csp.decisions.api;

import io.vertx.ext.web.Router;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every answer an {@code X-Request-Id} (the caller's, if it is a sane token, else a new UUID) and logs one
 * line per request: method, path, status, duration and id. Never the body.
 */
@ApplicationScoped
public class RequestLog {
    public static final String HEADER = "X-Request-Id";
    /** One daemon thread publishes the lines in batches (see {@link AccessLines} for why). */
    private final AccessLines access = new AccessLines("csp.access");
    static final Pattern SANE_ID = Pattern.compile("^[A-Za-z0-9._:-]{1,128}$");

    void install(@Observes Router router) {
        router.route().order(-1000).handler(ctx -> {
            long started = System.nanoTime();
            String given = ctx.request().getHeader(HEADER);
            String id = given != null && SANE_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
            ctx.put(HEADER, id);
            ctx.response().putHeader(HEADER, id);
            if (access.enabled()) {
                // Built by hand: a java.util.Formatter per request cost more than the rest of this handler.
                // 499 (as nginx logs it): the caller closed the connection before the answer was sent.
                ctx.addEndHandler(done -> access.add(line(ctx.request().method().name(), ctx.request().path(),
                        ctx.response().ended() ? ctx.response().getStatusCode() : 499, System.nanoTime() - started, id)));
            }
            ctx.next();
        });
    }

    /** The lines still queued are written at shutdown. */
    @PreDestroy
    void flush() {
        access.close();
    }

    /** {@code POST /evaluate 200 1.27ms id=...}: the duration in milliseconds with two decimals. */
    static String line(String method, String path, int status, long nanos, String id) {
        long hundredths = Math.max(0, (nanos + 5_000) / 10_000);
        long fraction = hundredths % 100;
        return method + ' ' + path + ' ' + status + ' ' + hundredths / 100 + (fraction < 10 ? ".0" : ".") + fraction
                + "ms id=" + id;
    }
}
