package org.csp.decisions.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.csp.decisions.config.EvaluateConfig;
import org.jboss.logging.Logger;

/**
 * Bounds the evaluation work in flight so that load fits in memory (24 concurrent 4 MiB batches under -Xmx512m used
 * to end in OutOfMemoryErrors, 500s and unanswered requests): permits in bytes of request body, taken from the
 * declared Content-Length before the body is read or parsed, and permits in batch items, taken once a batch is parsed.
 * A request that finds no permits is answered at once with 503 problem+json and {@code Retry-After}; permits return
 * when the exchange ends, answered or abandoned. Batches and single requests have separate byte budgets, so a flood of
 * batches never refuses an ordinary {@code /evaluate}.
 *
 * <p>Also tells a running batch when its caller has gone, so that it stops instead of finishing work nobody reads.
 * Hand-written: Quarkus has connection limits but no per-endpoint admission by body size or work units.
 */
@ApplicationScoped
public class InFlightLimits {
    private static final Logger LOG = Logger.getLogger(InFlightLimits.class);
    private static final int ORDER = -150; // after the request id (-1000) and the 413 of BodyLimits (-200)
    private static final String ADMISSION = InFlightLimits.class.getName();
    /** Seconds advised in Retry-After of every 503 (set from config at start-up). */
    static volatile long retryAfterSeconds = 1;

    /** A budget of permits; a request never asks for more than the whole budget, so a lone request always fits. */
    static final class Budget {
        final String name;
        final String key;
        final int total;
        final Semaphore permits;
        final AtomicLong refused = new AtomicLong();
        final AtomicLong lastWarning = new AtomicLong();

        Budget(String name, String key, long total) {
            this.name = name;
            this.key = key;
            this.total = (int) Math.min(Integer.MAX_VALUE, Math.max(1, total));
            this.permits = new Semaphore(this.total);
        }

        int tryTake(long wanted) {
            int n = (int) Math.max(1, Math.min(wanted, total));
            if (permits.tryAcquire(n)) {
                return n;
            }
            refused.incrementAndGet();
            return 0;
        }

        int available() {
            return permits.availablePermits();
        }
    }

    /** What one exchange holds; released once, when it ends. */
    static final class Admission {
        private final Budget bytes;
        private final int byteCount;
        private Budget items;
        private int itemCount;
        private boolean ended;

        Admission(Budget bytes, int byteCount) {
            this.bytes = bytes;
            this.byteCount = byteCount;
        }

        synchronized boolean addItems(Budget budget, int count) {
            if (ended) {
                budget.permits.release(count); // the caller has gone already
                return false;
            }
            items = budget;
            itemCount = count;
            return true;
        }

        synchronized void end() {
            if (!ended) {
                ended = true;
                bytes.permits.release(byteCount);
                if (items != null) {
                    items.permits.release(itemCount);
                }
            }
        }
    }

    @Inject
    EvaluateConfig config;
    @Inject
    ObjectMapper json;
    @Inject
    CurrentVertxRequest current;
    @Inject
    io.micrometer.core.instrument.MeterRegistry metrics;

    private Budget batchBytes;
    private Budget batchItems;
    private Budget singleBytes;

    void install(@Observes Router router) {
        batchBytes = new Budget("batch bytes", "evaluate.batch.max-in-flight-bytes",
                config.batch().maxInFlightBytes().asLongValue());
        batchItems = new Budget("batch items", "evaluate.batch.max-in-flight-items", config.batch().maxInFlightItems());
        singleBytes = new Budget("single request bytes", "evaluate.single.max-in-flight-bytes",
                config.single().maxInFlightBytes().asLongValue());
        for (Budget budget : new Budget[] {batchBytes, batchItems, singleBytes}) {
            io.micrometer.core.instrument.FunctionCounter.builder("csp.requests.refused", budget, b -> b.refused.get())
                    .description("Requests answered 503 because the work in flight was at a limit")
                    .tag("limit", budget.key).register(metrics);
        }
        retryAfterSeconds = Math.max(1, config.retryAfter().toSeconds());
        router.post("/evaluate/batch").order(ORDER).handler(ctx -> admit(ctx, batchBytes, EvaluateResource.MAX_BATCH_BODY));
        router.post("/evaluate").order(ORDER).handler(ctx -> admit(ctx, singleBytes, EvaluateResource.MAX_BODY));
    }

    private void admit(RoutingContext ctx, Budget budget, long limit) {
        long wanted = declaredLength(ctx, limit);
        int taken = budget.tryTake(wanted);
        if (taken == 0) {
            busy(ctx, budget);
            return;
        }
        Admission admission = new Admission(budget, taken);
        ctx.put(ADMISSION, admission);
        ctx.addEndHandler(done -> admission.end()); // answered, failed or connection closed
        ctx.next();
    }

    private static long declaredLength(RoutingContext ctx, long limit) {
        String declared = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null) {
            try {
                return Math.min(limit, Math.max(0, Long.parseLong(declared.strip())));
            } catch (NumberFormatException e) {
                return limit;
            }
        }
        return limit; // chunked: the most it may be
    }

    /** Called by a parsed batch before it evaluates its items; throws the 503 problem when they do not fit now. */
    public void admitBatchItems(int count) {
        RoutingContext ctx = current.getCurrent();
        Admission admission = ctx == null ? null : ctx.get(ADMISSION);
        if (admission == null) {
            return; // not an HTTP exchange (or the route was not installed): nothing to bound
        }
        int taken = batchItems.tryTake(count);
        if (taken == 0) {
            throw new ProblemException(busyProblem(batchItems));
        }
        if (!admission.addItems(batchItems, taken)) {
            throw new ProblemException(callerGone());
        }
    }

    /**
     * For between batch items, on any thread: a check bound to this request's connection that throws (499 problem)
     * once its caller has closed it.
     */
    public Runnable callerPresentCheck() {
        RoutingContext ctx = current.getCurrent();
        return () -> {
            if (ctx != null && ctx.response().closed()) {
                throw new ProblemException(callerGone());
            }
        };
    }

    private static Problem callerGone() {
        return Problem.of("caller-gone", "Caller went away", 499, "the caller closed the connection; the work stopped");
    }

    private Problem busyProblem(Budget budget) {
        long now = System.nanoTime();
        long last = budget.lastWarning.get();
        if ((last == 0 || now - last > 10_000_000_000L) && budget.lastWarning.compareAndSet(last, now)) {
            LOG.warnf("answering 503: %s in flight are at the limit of %d (%s); %d refused so far", budget.name,
                    budget.total, budget.key, budget.refused.get());
        }
        return Problem.of("overloaded", "Too much work in flight", 503, "the service is at its limit of " + budget.name
                + " in flight (" + budget.total + "); retry after " + retryAfterSeconds + " s");
    }

    private void busy(RoutingContext ctx, Budget budget) {
        String body;
        try {
            body = json.writeValueAsString(busyProblem(budget));
        } catch (JsonProcessingException e) {
            body = "{\"status\":503}";
        }
        // The body is read and thrown away (it costs no memory), so that a client still sending it gets the answer
        // instead of a reset connection, and the connection can be reused.
        ctx.request().handler(ignored -> { });
        ctx.request().resume();
        ctx.response().setStatusCode(503)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds))
                .end(body);
    }
}
