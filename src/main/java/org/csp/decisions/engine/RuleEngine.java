package org.csp.decisions.engine;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.csp.decisions.config.RulesConfig;
import org.csp.decisions.model.Evaluation;
import org.csp.decisions.model.EvaluationRequest;
import org.jboss.logging.Logger;

/**
 * The service's rule engine: loads the rules folder at start-up (bundled rules, or {@code rules.directory}),
 * reloads it on demand, and evaluates requests against the set currently served. A reload builds and checks a
 * complete new set off the request path and swaps it in only when it is good; a failed reload keeps the last good
 * set serving and records why. A broken set at start-up stops the service with file, line and message.
 */
@Startup
@ApplicationScoped
public class RuleEngine {
    private static final Logger LOG = Logger.getLogger(RuleEngine.class);

    private final RulesConfig config;
    private final Instance<RuleSetVerifier> verifiers;
    private final MeterRegistry metrics;
    private final EvaluationMetrics evaluationMetrics;
    private final java.util.concurrent.Executor workers;
    private final RuleSetHolder holder = new RuleSetHolder();
    private final RuleSetBuilder builder = new RuleSetBuilder();
    private Evaluator evaluator;
    private RulesFolder folder;
    private volatile ReloadResult lastReload;
    /** Tells observers (the workbench's history) about every reload attempt. */
    @Inject
    jakarta.enterprise.event.Event<RulesReloaded> reloaded;

    @Inject
    public RuleEngine(RulesConfig config, Instance<RuleSetVerifier> verifiers, MeterRegistry metrics,
            EvaluationMetrics evaluationMetrics, org.eclipse.microprofile.context.ManagedExecutor workers) {
        this.config = config;
        this.verifiers = verifiers;
        this.metrics = metrics;
        this.evaluationMetrics = evaluationMetrics;
        this.workers = workers;
    }

    @PostConstruct
    void start() {
        folder = config.directory().map(RulesFolder::of).orElseGet(RulesFolder::bundled);
        evaluator = new Evaluator(holder, config.maxFirings(), config.evaluationTimeout());
        metrics.gauge("csp.rules.loaded", holder, h -> h.isLoaded() ? h.current().rules().size() : 0);
        ReloadResult result = reload("start-up");
        if (result.outcome() != ReloadResult.Outcome.LOADED) {
            throw new IllegalStateException("cannot start: the rules in " + folder.description() + " have "
                    + result.errors().size() + " error(s); first: " + result.errors().get(0));
        }
    }

    @PreDestroy
    void stop() {
        if (holder.isLoaded()) {
            holder.current().retire();
        }
    }

    /**
     * Reads the folder and serves it if it differs from the current set and passes every check. Serialised: one
     * reload at a time, never on a request thread.
     */
    public synchronized ReloadResult reload(String trigger) {
        long started = System.nanoTime();
        List<RuleFile> files;
        try {
            files = folder.ruleFiles();
        } catch (IOException | UncheckedIOException e) {
            String message = e instanceof UncheckedIOException u ? u.getCause().getMessage() : e.getMessage();
            return record(trigger, started, ReloadResult.Outcome.FAILED, null,
                    List.of(new RuleError(null, 0, 0, message)));
        }
        String version = RuleSetBuilder.version(files);
        if (holder.isLoaded() && holder.current().version().equals(version)) {
            return record(trigger, started, ReloadResult.Outcome.UNCHANGED, version, List.of());
        }
        BuildResult build = builder.build(files, folder.description());
        if (!build.ok()) {
            return record(trigger, started, ReloadResult.Outcome.FAILED, version, build.errors());
        }
        List<RuleError> problems = new ArrayList<>();
        for (RuleSetVerifier verifier : verifiers) {
            problems.addAll(verifier.verify(build.ruleSet(), folder));
        }
        if (!problems.isEmpty()) {
            build.ruleSet().retire();
            return record(trigger, started, ReloadResult.Outcome.FAILED, version, problems);
        }
        if (holder.isLoaded()) {
            WarmUp.run(build.ruleSet(), evaluator); // callers keep the warm old set until the new one is warm too
            holder.swap(build.ruleSet());
        } else {
            // Start-up: nothing is served yet. Readiness waits for the first round only (the one-off costs); the
            // rest of the warm-up (~20% of a cold load) runs beside the first requests.
            RuleSet served = build.ruleSet();
            WarmUp.firstRound(served, evaluator);
            holder.swap(served);
            Thread warmUp = new Thread(() -> {
                if (served.tryAcquire()) { // a reload may already have replaced and closed it
                    try {
                        WarmUp.remainingRounds(served, evaluator);
                    } finally {
                        served.release();
                    }
                }
            }, "rules-warm-up");
            warmUp.setDaemon(true);
            warmUp.start();
        }
        LOG.infof("serving %d rules from %d files in %s, version %s (%s, %d ms)", build.ruleSet().rules().size(),
                build.fileCount(), folder.description(), version, trigger, (System.nanoTime() - started) / 1_000_000);
        return record(trigger, started, ReloadResult.Outcome.LOADED, version, List.of());
    }

    private ReloadResult record(String trigger, long started, ReloadResult.Outcome outcome, String version,
            List<RuleError> errors) {
        ReloadResult result = new ReloadResult(Instant.now(), outcome, trigger, version, List.copyOf(errors),
                (System.nanoTime() - started) / 1_000_000);
        if (outcome == ReloadResult.Outcome.FAILED) {
            LOG.errorf("rule reload (%s) FAILED with %d error(s); still serving %s", trigger, errors.size(),
                    holder.isLoaded() ? holder.current().version() : "nothing");
            errors.forEach(e -> LOG.errorf("rule error %s", e));
        }
        metrics.counter("csp.rules.reloads", "outcome", outcome.name()).increment();
        lastReload = result;
        if (reloaded != null) {
            try {
                reloaded.fire(new RulesReloaded(result, holder.isLoaded() ? holder.current() : null));
            } catch (RuntimeException e) {
                LOG.warn("a reload observer failed", e);
            }
        }
        return result;
    }

    /** Evaluates on the calling thread (batch items). */
    public Evaluation evaluate(EvaluationRequest request) {
        long started = System.nanoTime();
        try {
            Evaluation evaluation = evaluator.evaluate(request);
            evaluationMetrics.record(started, evaluation, null);
            return evaluation;
        } catch (RuntimeException e) {
            evaluationMetrics.record(started, null, e);
            throw e;
        }
    }

    /**
     * Evaluates on a worker thread; completes with {@link RunawayRuleException} by the time limit even if a rule's
     * consequence never returns, so the caller always gets an answer.
     */
    public java.util.concurrent.CompletionStage<Evaluation> evaluateAsync(EvaluationRequest request) {
        long started = System.nanoTime();
        return evaluator.evaluateAsync(request, workers)
                .whenComplete((evaluation, failure) -> evaluationMetrics.record(started, evaluation, failure));
    }

    public Evaluator evaluator() {
        return evaluator;
    }

    public RuleSetBuilder builder() {
        return builder;
    }

    /** The rule set being served now. */
    public RuleSet current() {
        return holder.current();
    }

    public boolean isServing() {
        return holder.isLoaded();
    }

    public ReloadResult lastReload() {
        return lastReload;
    }

    public RulesFolder folder() {
        return folder;
    }
}
