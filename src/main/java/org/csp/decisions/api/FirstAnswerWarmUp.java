package org.csp.decisions.api;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.csp.decisions.engine.RuleEngine;
import org.csp.decisions.model.Evaluation;
import org.jboss.logging.Logger;

/**
 * At start-up, answers the A.10 example once off the record (read, evaluate, write to nowhere; not counted in the
 * metrics or the access log), on a thread of its own while the HTTP server opens. The rules are warmed before they
 * are served (WarmUp), but the first real request also paid for building Jackson's deserialisers for the request
 * model and for the first runs of the reading and writing code: about 100-150 ms of a 2.5 s start. Readiness does
 * not wait for this; a request that comes first simply pays that cost itself, as before.
 */
@ApplicationScoped
class FirstAnswerWarmUp {
    private static final Logger LOG = Logger.getLogger(FirstAnswerWarmUp.class);

    @Inject
    RequestReader reader;
    @Inject
    AnswerJson json;
    @Inject
    RuleEngine engine;

    void onStart(@Observes StartupEvent event) {
        if (!engine.isServing()) {
            return; // bin/check-rules: nothing is served
        }
        Thread thread = new Thread(this::answerOnce, "first-answer-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    void answerOnce() {
        try {
            Evaluation evaluation = engine.evaluateUncounted(reader.read(OpenApiExamples.A10.getBytes(StandardCharsets.UTF_8)));
            json.write(evaluation, OutputStream.nullOutputStream());
        } catch (Exception e) {
            LOG.debugf("start-up warm-up of the first answer skipped: %s", e.toString()); // the first caller pays instead
        }
    }
}
