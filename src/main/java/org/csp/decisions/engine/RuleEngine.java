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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.csp.decisions.config.RulesConfig;
import org.csp.decisions.model.Evaluation;
import org.csp.decisions.model.EvaluationRequest;
import org.jboss.logging.Logger;

/**
 * The service's rule engine: loads the rules folder at start-up (bundled rules, or {@code rules.directory}),
 * reloads it on demand, and evaluates requests against the set currently served. A reload builds and checks a
 * complete new set off the request path and swaps it in only when it is good; a failed reload keeps the last good
 * set serving and records why. A broken set at start-up stops the service with file, line and message.
 *
 * <p>A rule whose consequence gets stuck (still running after the time limit and the halt and interrupt) on
 * {@code rules.quarantine-after} calls is quarantined: the served set is swapped, atomically like a reload, for the
 * same rules without it ({@link RuleSet#without}); it stays out until its file changes.
 */
@Startup
@ApplicationScoped
public class RuleEngine {
    private static final Logger LOG = Logger.getLogger(RuleEngine.class);

    private final RulesConfig config;
    private final Instance<RuleSetVerifier> verifiers;
    private final MeterRegistry metrics;
    private final EvaluationMetrics evaluationMetrics;
    private final RuleThreads threads;
    private final RuleSetHolder holder = new RuleSetHolder();
    private RuleSetBuilder builder; // set in start(): made here, or the preload's (RulePreload)
    private Evaluator evaluator;
    private RulesFolder folder;
    private volatile ReloadResult lastReload;
    /** Stuck calls per rule of the served set since it was loaded; guarded by this. */
    private final Map<String, Integer> strikes = new HashMap<>();
    /** Quarantines are decided off the watchdog thread, which must never wait for a reload. */
    private final ExecutorService quarantiner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "rules-quarantine");
        t.setDaemon(true);
        return t;
    });
    private io.micrometer.core.instrument.Counter stuckCounter;
    /** Tells observers (the workbench's history) about every reload attempt. */
    @Inject
    jakarta.enterprise.event.Event<RulesReloaded> reloaded;

    @Inject
    public RuleEngine(RulesConfig config, Instance<RuleSetVerifier> verifiers, MeterRegistry metrics,
            EvaluationMetrics evaluationMetrics, RuleThreads threads) {
        this.config = config;
        this.verifiers = verifiers;
        this.metrics = metrics;
        this.evaluationMetrics = evaluationMetrics;
        this.threads = threads;
    }

    /** The folder a service with this configuration serves: {@code rules.directory}, else the bundled rules. */
    static RulesFolder servedFolder(RulesConfig config) {
        return config.directory().map(RulesFolder::of).orElseGet(RulesFolder::bundled);
    }

    /** The builder a service with this configuration builds its rule sets with. */
    static RuleSetBuilder newBuilder(RulesConfig config) {
        return new RuleSetBuilder(Math.max(2, Runtime.getRuntime().availableProcessors() * 2),
                RuleSetLimits.of(config), CompiledRulesCache.open(config));
    }

    @PostConstruct
    void start() {
        RulePreload.Preloaded preloaded = config.serve() ? RulePreload.take(config) : null;
        builder = preloaded != null ? preloaded.builder() : newBuilder(config);
        // Not serving (bin/check-rules): the configured folder is not even opened.
        folder = config.serve() ? servedFolder(config) : RulesFolder.bundled();
        evaluator = new Evaluator(holder, config.maxFirings(), config.evaluationTimeout(), threads);
        metrics.gauge("csp.rules.loaded", holder, h -> h.isLoaded() ? h.current().rules().size() : 0);
        metrics.gauge("csp.rules.quarantined", holder, h -> h.isLoaded() ? h.current().quarantined().size() : 0);
        metrics.gauge("csp.rules.stuck.threads", threads, RuleThreads::stuckThreads);
        metrics.gauge("csp.rules.evaluation.queue", threads, RuleThreads::queued);
        io.micrometer.core.instrument.FunctionCounter.builder("csp.rules.reclaimed.threads", threads,
                RuleThreads::reclaimedTotal).description("Stuck rule threads stopped and reclaimed").register(metrics);
        stuckCounter = io.micrometer.core.instrument.Counter.builder("csp.rules.stuck.evaluations")
                .description("Evaluations whose consequence was still running after the time limit, halt and interrupt")
                .register(metrics);
        threads.onStuck(this::stuck);
        if (!config.serve()) {
            return; // bin/check-rules: nothing is served (readiness stays DOWN); the check builds its folder itself
        }
        ReloadResult result = load("start-up", preloaded);
        if (result.outcome() != ReloadResult.Outcome.LOADED) {
            throw new IllegalStateException("cannot start: the rules in " + folder.description() + " have "
                    + result.errors().size() + " error(s); first: " + result.errors().get(0));
        }
    }

    @PreDestroy
    void stop() {
        quarantiner.shutdownNow();
        if (holder.isLoaded()) {
            holder.current().retire();
        }
    }

    /** On the watchdog thread: count it and decide about a quarantine elsewhere. */
    private void stuck(RuleThreads.Stuck stuck) {
        stuckCounter.increment();
        if (stuck.ruleName() != null) {
            quarantiner.execute(() -> strike(stuck));
        }
    }

    /** One more stuck call of a served rule; quarantines it at {@code rules.quarantine-after}. */
    private synchronized void strike(RuleThreads.Stuck stuck) {
        if (!holder.isLoaded()) {
            return;
        }
        RuleSet served = holder.current();
        String name = stuck.ruleName();
        if (!served.baseVersion().equals(stuck.ruleSet().baseVersion()) || served.rule(name) == null
                || served.quarantined().containsKey(name)) {
            return; // a candidate being warmed up or checked, a replaced set, or already out of service
        }
        int calls = strikes.merge(name, 1, Integer::sum);
        if (calls < config.quarantineAfter()) {
            return;
        }
        strikes.remove(name);
        String reason = "its consequence was still running " + RuleThreads.STUCK_AFTER_MILLIS
                + " ms after the time limit of " + stuck.timeoutMillis() + " ms and the halt and interrupt, on "
                + calls + " calls";
        QuarantinedRule quarantined = new QuarantinedRule(name, QuarantinedRule.idOf(name), served.rule(name).file(),
                Instant.now(), reason, calls);
        RuleSet next = served.without(List.of(quarantined));
        holder.swap(next);
        LOG.errorf("rule \"%s\" (%s) QUARANTINED: %s; serving %s until its file changes", name,
                quarantined.file(), reason, next.version());
    }

    /**
     * Reads the folder and serves it if it differs from the current set and passes every check. Serialised: one
     * reload at a time, never on a request thread.
     */
    public ReloadResult reload(String trigger) {
        return load(trigger, null);
    }

    /** {@link #reload}, using a preload made from the same configuration if it has the folder's version. */
    private synchronized ReloadResult load(String trigger, RulePreload.Preloaded preloaded) {
        long started = System.nanoTime();
        List<RuleFile> files;
        try {
            files = folder.ruleFiles(builder.limits());
        } catch (IOException | UncheckedIOException e) {
            String message = e instanceof UncheckedIOException u ? u.getCause().getMessage() : e.getMessage();
            return record(trigger, started, ReloadResult.Outcome.FAILED, null, e instanceof RulesFolderException f
                    ? f.errors() : List.of(new RuleError(null, 0, 0, message)));
        }
        String version = RuleSetBuilder.version(files);
        if (holder.isLoaded() && holder.current().baseVersion().equals(version)) {
            if (lastReload != null && lastReload.outcome() == ReloadResult.Outcome.FAILED) {
                LOG.infof("rules recovered after the failed reload of %s: the folder is back to the served version %s"
                        + " (%d rules from %s)", lastReload.at(), version, holder.current().rules().size(),
                        folder.description());
            }
            return record(trigger, started, ReloadResult.Outcome.UNCHANGED, version, List.of());
        }
        if (preloaded != null && !preloaded.version().equals(version)) {
            LOG.infof("the rules preload built %s, but the folder is now %s; building it again", preloaded.version(),
                    version);
            preloaded.discard();
            preloaded = null;
        }
        BuildResult build = preloaded != null ? preloaded.build() : builder.build(files, folder.description(), version);
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
        RuleSet candidate = keepQuarantines(build.ruleSet());
        // The first round of the warm-up runs before the set is served: it pays the one-off costs (class loading of
        // the consequences, first MVEL evaluations) and refuses a set whose rule runs away on ordinary partnerships.
        // The other rounds only hasten Drools' jitting of constraints; they run beside the first requests on the new
        // set, so a reload is served as soon as it is safe (they were ~60% of a warm reload's CPU).
        RuleError runaway = preloaded != null && candidate == preloaded.build().ruleSet() ? preloaded.warmUpError()
                : WarmUp.firstRound(candidate, evaluator);
        if (runaway != null) {
            candidate.retire();
            return record(trigger, started, ReloadResult.Outcome.FAILED, version, List.of(runaway));
        }
        if (holder.isLoaded()) {
            strikes.clear();
        }
        RuleSet served = candidate;
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
        warmUp.setPriority(Thread.MIN_PRIORITY);
        warmUp.start();
        ReloadResult previous = lastReload;
        if (previous != null && previous.outcome() == ReloadResult.Outcome.FAILED) {
            // One line that says the broken folder is fixed and what is served now.
            LOG.infof("rules recovered after the failed reload of %s: serving %d rules from %d files in %s, version %s"
                    + " (%s, %d ms)", previous.at(), candidate.rules().size(), build.fileCount(),
                    folder.description(), candidate.version(), trigger, (System.nanoTime() - started) / 1_000_000);
        } else {
            LOG.infof("serving %d rules from %d files in %s, version %s (%s, %d ms)", candidate.rules().size(),
                    build.fileCount(), folder.description(), candidate.version(),
                    preloaded != null ? trigger + ", built and warmed while Quarkus booted" : trigger,
                    (System.nanoTime() - started) / 1_000_000);
        }
        return record(trigger, started, ReloadResult.Outcome.LOADED, version, List.of());
    }

    /** Rules quarantined in the served set stay out of a new one as long as their file has not changed. */
    private RuleSet keepQuarantines(RuleSet candidate) {
        if (!holder.isLoaded() || holder.current().quarantined().isEmpty()) {
            return candidate;
        }
        RuleSet served = holder.current();
        List<QuarantinedRule> keep = new ArrayList<>();
        for (QuarantinedRule q : served.quarantined().values()) {
            String before = served.sourceOf(q.rule());
            if (before != null && Objects.equals(before, candidate.sourceOf(q.rule()))) {
                keep.add(q);
            } else {
                LOG.infof("rule \"%s\" is back in service: its file changed", q.rule());
            }
        }
        if (keep.isEmpty()) {
            return candidate;
        }
        RuleSet view = candidate.without(keep);
        candidate.retire(); // the view keeps the compiled rules
        return view;
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

    /** Evaluates on a rule thread and waits for the answer, bounded like every evaluation (batch items). */
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

    /** {@link #evaluate} without counting it in the metrics: for the service's own warm-up, never for callers. */
    public Evaluation evaluateUncounted(EvaluationRequest request) {
        return evaluator.evaluate(request);
    }

    /**
     * Evaluates on a worker thread; completes with {@link RunawayRuleException} by the time limit even if a rule's
     * consequence never returns, so the caller always gets an answer.
     */
    public java.util.concurrent.CompletionStage<Evaluation> evaluateAsync(EvaluationRequest request) {
        return counted(System.nanoTime(), evaluator.evaluateAsync(request));
    }

    /**
     * {@link #evaluateAsync} for an item of a batch, read by {@code read} on the background threads that evaluate it
     * (see {@link RuleThreads}); fails with {@link UnreadableRequestException} when {@code read} throws (not counted
     * as an evaluation: the caller counts the invalid item).
     */
    public java.util.concurrent.CompletionStage<Evaluation> evaluateBatchItem(
            java.util.function.Supplier<EvaluationRequest> read) {
        return counted(System.nanoTime(), evaluator.evaluateInBackground(read));
    }

    private java.util.concurrent.CompletionStage<Evaluation> counted(long started,
            java.util.concurrent.CompletableFuture<Evaluation> evaluation) {
        return evaluation.whenComplete((answer, failure) -> {
            if (!(failure instanceof UnreadableRequestException)) {
                evaluationMetrics.record(started, answer, failure);
            }
        });
    }

    public Evaluator evaluator() {
        return evaluator;
    }

    public RuleThreads threads() {
        return threads;
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
