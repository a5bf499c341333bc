package org.csp.decisions.workbench;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.csp.decisions.api.Problem;
import org.csp.decisions.api.ProblemException;
import org.csp.decisions.api.RequestReader;
import org.csp.decisions.api.Violation;
import org.csp.decisions.cases.CaseFiles;
import org.csp.decisions.cases.CaseGate;
import org.csp.decisions.cases.CaseRunner;
import org.csp.decisions.cases.RuleCase;
import org.csp.decisions.config.RulesConfig;
import org.csp.decisions.engine.BuildResult;
import org.csp.decisions.engine.Evaluator;
import org.csp.decisions.engine.RuleEngine;
import org.csp.decisions.engine.RuleError;
import org.csp.decisions.engine.RuleFile;
import org.csp.decisions.engine.RuleSet;
import org.csp.decisions.engine.RuleSetHolder;
import org.csp.decisions.engine.RunawayRuleException;
import org.csp.decisions.model.Evaluation;
import org.csp.decisions.model.EvaluationRequest;
import org.csp.decisions.model.Finding;
import org.csp.decisions.model.Severity;
import org.jboss.logging.Logger;

/**
 * Validate-with-impact: compiles the rules folder as it would be after a change, beside the served set, without
 * deploying it; runs its cases; and evaluates every case request and every sample partnership under both sets to
 * list the findings the change would add or remove. One validation at a time, on one low-priority thread, with a
 * size limit on the files and a deadline, so it never takes more than one core from {@code /evaluate}.
 */
@ApplicationScoped
public class ChangeValidation {
    private static final Logger LOG = Logger.getLogger(ChangeValidation.class);
    /** Total text of the changed folder's files; a rule base's memory grows with it. */
    static final long MAX_FOLDER_CHARS = 8L * 1024 * 1024;
    static final Duration WAIT_FOR_TURN = Duration.ofSeconds(30);
    static final Duration DEADLINE = Duration.ofSeconds(120);
    static final Duration IMPACT_BUDGET = Duration.ofSeconds(60);
    static final int MAX_IMPACT_ITEMS = 2000;

    /** One case's outcome. */
    public record CaseResult(String file, String finding, String name, boolean passed, List<String> problems) {
    }

    /** A finding that a change adds to or removes from the answer for one request. */
    public record ImpactItem(String request, String origin, String change, String id, Severity severity, String title,
            List<String> subjects) {
    }

    /** Compared requests and what changes; {@code complete} is false when the time budget ran out first. */
    public record Impact(int samples, int caseRequests, int added, int removed, boolean complete, List<String> notes,
            List<ImpactItem> items) {
    }

    /** The outcome of a validation. {@code publishable} says whether publish would accept it now. */
    public record Report(boolean valid,
            @Schema(description = "version the change would serve; null when the folder could not be read", nullable = true) String version,
            @Schema(nullable = true) String servedVersion, int ruleCount, List<RuleError> errors,
            int casesTotal, int casesPassed, List<String> caseFileErrors, List<CaseResult> cases,
            @Schema(description = "null when the change does not compile", nullable = true) Impact impact,
            List<Violation> conflicts, @Schema(description = "why publishing is not possible here; null when it is", nullable = true) String readOnly, boolean requirePassingCases, boolean publishable,
            long durationMillis) {
    }

    /**
     * The impact runs on a rule thread of its own (one at a time, like everything here), never on the threads that
     * answer /evaluate; a stuck rule there is reclaimed like anywhere else.
     */
    private static final org.csp.decisions.engine.RuleThreads IMPACT_THREADS =
            new org.csp.decisions.engine.RuleThreads(1, 16, 4, true);

    @Inject
    RuleEngine engine;
    @Inject
    RulesConfig config;
    @Inject
    CaseGate caseGate;
    @Inject
    RequestReader reader;
    @Inject
    Samples samples;
    @Inject
    RulesStore store;

    private final Semaphore turn = new Semaphore(1);
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "workbench-validate");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        return t;
    });
    private volatile ServedCases servedCases;

    private record ServedCases(String key, List<CaseResult> results) {
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }

    /** Validates a change against the folder as it is on disk now. */
    public Report validate(ChangeSet changes) {
        RulesStore.checkChanges(changes);
        Map<String, String> current = store.snapshot();
        List<Violation> conflicts = store.conflicts(current, changes);
        Map<String, String> after = store.apply(current, changes);
        Report report = run(after, true);
        String readOnly = store.readOnlyReason();
        boolean publishable = report.valid() && readOnly == null && conflicts.isEmpty()
                && (!config.requirePassingCases() || report.casesPassed() == report.casesTotal() && report.caseFileErrors().isEmpty());
        return new Report(report.valid(), report.version(), report.servedVersion(), report.ruleCount(), report.errors(),
                report.casesTotal(), report.casesPassed(), report.caseFileErrors(), report.cases(), report.impact(),
                conflicts, readOnly, config.requirePassingCases(), publishable, report.durationMillis());
    }

    /**
     * The check publishing runs on the folder as it would be: it must compile and pass the house rules, and with
     * {@code rules.require-passing-cases} its cases must pass. Returns the version it will have.
     */
    public String checkForPublish(Map<String, String> after) {
        Report report = run(after, false);
        if (!report.valid()) {
            throw new ProblemException(new Problem(Problem.TYPE_BASE + "rules-invalid", "The change does not compile", 422,
                    "not published: " + report.errors().size() + " error(s); fix them (Validate shows them at their line)",
                    report.errors().stream().limit(50).map(e -> new Violation(e.file() + ":" + e.line(), e.message())).toList(),
                    null));
        }
        if (config.requirePassingCases() && (report.casesPassed() < report.casesTotal() || !report.caseFileErrors().isEmpty())) {
            List<Violation> failing = new ArrayList<>();
            report.caseFileErrors().forEach(e -> failing.add(new Violation("cases", e)));
            report.cases().stream().filter(c -> !c.passed()).limit(50)
                    .forEach(c -> failing.add(new Violation(c.file(), c.name() + ": " + String.join("; ", c.problems()))));
            throw new ProblemException(new Problem(Problem.TYPE_BASE + "cases-failing", "Cases fail", 422,
                    "not published: rules.require-passing-cases is on and " + (report.casesTotal() - report.casesPassed())
                            + " case(s) fail, " + report.caseFileErrors().size() + " case file problem(s) or finding(s) without cases", failing, null));
        }
        return report.version();
    }

    private Report run(Map<String, String> after, boolean withImpact) {
        long chars = after.values().stream().mapToLong(String::length).sum();
        if (chars > MAX_FOLDER_CHARS) {
            throw new ProblemException(Problem.of("payload-too-large", "Rules folder too large", 413,
                    "the changed rules folder would hold " + chars + " characters; the workbench validates up to "
                            + MAX_FOLDER_CHARS));
        }
        boolean acquired;
        try {
            acquired = turn.tryAcquire(WAIT_FOR_TURN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            throw new ProblemException(Problem.of("busy", "Another validation is running", 503,
                    "validations run one at a time so they never slow /evaluate; try again in a moment"));
        }
        Future<Report> future;
        try {
            future = worker.submit(() -> {
                try {
                    return compute(after, withImpact);
                } finally {
                    turn.release();
                }
            });
        } catch (RuntimeException e) {
            turn.release();
            throw e;
        }
        try {
            return future.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ProblemException(Problem.of("validation-timeout", "Validation took too long", 503,
                    "the validation did not finish within " + DEADLINE.toSeconds() + " s; nothing was deployed"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(Problem.of("validation-timeout", "Validation interrupted", 503, "try again"));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ProblemException p) {
                throw p;
            }
            LOG.error("validation failed unexpectedly", e.getCause());
            throw new ProblemException(Problem.of("internal-error", "Internal error", 500, "the validation could not run"));
        }
    }

    private Report compute(Map<String, String> after, boolean withImpact) {
        long started = System.nanoTime();
        List<RuleFile> rules = RulesStore.ruleFiles(after);
        List<RuleFile> caseFiles = RulesStore.caseFiles(after);
        String served = engine.current().version();
        // The service's builder: its limits, and its compiled-rules cache (only the changed files compile).
        BuildResult build = engine.builder().build(rules, "workbench validation");
        if (!build.ok()) {
            return new Report(false, build.version(), served, 0, build.errors(), 0, 0, List.of(), List.of(), null,
                    List.of(), null, config.requirePassingCases(), false, millis(started));
        }
        RuleSet candidate = build.ruleSet();
        try {
            List<String> fileErrors = new ArrayList<>();
            List<CaseResult> cases = runCases(candidate, caseFiles, fileErrors);
            int passed = (int) cases.stream().filter(CaseResult::passed).count();
            Impact impact = withImpact ? impact(candidate, caseFiles) : null;
            return new Report(true, build.version(), served, candidate.rules().size(), List.of(), cases.size(), passed,
                    fileErrors, cases, impact, List.of(), null, config.requirePassingCases(), true, millis(started));
        } finally {
            candidate.retire();
        }
    }

    /** Every case of the files, run against {@code set}; unreadable case files go to {@code fileErrors}. */
    List<CaseResult> runCases(RuleSet set, List<RuleFile> caseFiles, List<String> fileErrors) {
        CaseRunner.Report report = caseGate.runner().run(set, caseFiles);
        Map<String, List<String>> failures = new HashMap<>();
        report.failures().forEach(f -> failures.put(f.label(), f.problems()));
        fileErrors.addAll(report.fileErrors());
        // a finding without a must-fire and a must-not-fire case fails the reload under rules.require-passing-cases
        // (CaseGate), so the workbench reports it with the case files and refuses to publish it too
        report.uncovered().forEach(u -> fileErrors.add(u.file() + ": " + u.message()));
        List<CaseResult> results = new ArrayList<>();
        for (RuleFile file : caseFiles) {
            String finding = findingOf(file);
            for (RuleCase c : CaseFiles.parse(file, new ArrayList<>())) {
                List<String> problems = failures.get(c.label());
                results.add(new CaseResult(c.file(), finding, c.name(), problems == null, problems == null ? List.of() : problems));
            }
        }
        return results;
    }

    /** The served set's case results, computed once per served version and case-file content. */
    public List<CaseResult> servedCases() {
        RuleSet set = engine.current();
        List<RuleFile> caseFiles = RulesStore.caseFiles(store.snapshot());
        String key = set.version() + "/" + RulesStore.sha(caseFiles.stream().map(f -> f.path() + "\0" + f.content())
                .reduce("", String::concat));
        ServedCases cached = servedCases;
        if (cached != null && cached.key().equals(key)) {
            return cached.results();
        }
        List<CaseResult> results;
        try {
            results = List.copyOf(runCases(set, caseFiles, new ArrayList<>()));
        } catch (RuntimeException e) {
            return List.of(); // the set was replaced while its cases ran; the next page view computes them again
        }
        servedCases = new ServedCases(key, results);
        return results;
    }

    /** The "finding" field of a case file, or its file name without .json. */
    static String findingOf(RuleFile file) {
        try {
            JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.content());
            if (root != null && root.path("finding").isTextual()) {
                return root.path("finding").asText();
            }
        } catch (java.io.IOException e) {
            // reported by the case runner
        }
        String name = file.path().substring(file.path().lastIndexOf('/') + 1);
        return name.replaceFirst("(\\.cases)?\\.json$", "");
    }

    private Impact impact(RuleSet candidate, List<RuleFile> caseFiles) {
        long deadline = System.nanoTime() + IMPACT_BUDGET.toNanos();
        Evaluator evaluator = new Evaluator(new RuleSetHolder(), config.maxFirings(), config.evaluationTimeout(),
                IMPACT_THREADS);
        RuleSet served = engine.current();
        Map<String, JsonNode> requests = new LinkedHashMap<>();
        Map<String, String> origins = new HashMap<>();
        for (Samples.Sample sample : samples.all()) {
            requests.put(sample.name(), sample.request());
            origins.put(sample.name(), "sample");
        }
        int caseRequests = 0;
        for (RuleFile file : caseFiles) {
            for (RuleCase c : CaseFiles.parse(file, new ArrayList<>())) {
                if (requests.putIfAbsent(c.label(), c.request()) == null) {
                    origins.put(c.label(), "case");
                    caseRequests++;
                }
            }
        }
        List<ImpactItem> items = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        boolean complete = true;
        int added = 0;
        int removed = 0;
        for (Map.Entry<String, JsonNode> request : requests.entrySet()) {
            if (System.nanoTime() > deadline || items.size() >= MAX_IMPACT_ITEMS) {
                complete = false;
                notes.add("stopped early (time budget of " + IMPACT_BUDGET.toSeconds() + " s or " + MAX_IMPACT_ITEMS
                        + " differences reached): the list is partial");
                break;
            }
            EvaluationRequest parsed;
            try {
                parsed = reader.read(request.getValue().deepCopy());
            } catch (ProblemException e) {
                continue; // an invalid case request is reported by its case
            }
            Map<String, Finding> before;
            Map<String, Finding> now;
            try {
                before = keyed(evaluator.evaluate(served, parsed));
            } catch (RunawayRuleException e) {
                notes.add(request.getKey() + ": the served rules ran away (" + e.getMessage() + ")");
                continue;
            } catch (RuntimeException e) {
                complete = false;
                notes.add("the served rules were replaced during the comparison; validate again for a complete impact");
                break;
            }
            try {
                now = keyed(evaluator.evaluate(candidate, parsed));
            } catch (RunawayRuleException e) {
                notes.add(request.getKey() + ": the changed rules run away (" + e.getMessage() + ")");
                continue;
            }
            String origin = origins.get(request.getKey());
            for (Map.Entry<String, Finding> f : now.entrySet()) {
                if (!before.containsKey(f.getKey())) {
                    items.add(item(request.getKey(), origin, "added", f.getValue()));
                    added++;
                }
            }
            for (Map.Entry<String, Finding> f : before.entrySet()) {
                if (!now.containsKey(f.getKey())) {
                    items.add(item(request.getKey(), origin, "removed", f.getValue()));
                    removed++;
                }
            }
        }
        return new Impact(samples.all().size(), caseRequests, added, removed, complete, notes, items);
    }

    /** Findings by id, subjects and severity: a change of severity or subjects shows as removed plus added. */
    private static Map<String, Finding> keyed(Evaluation evaluation) {
        Map<String, Finding> keyed = new LinkedHashMap<>();
        for (Finding f : evaluation.findings()) {
            keyed.put(f.id() + "|" + f.severity() + "|" + String.join(",", f.subjects()), f);
        }
        return keyed;
    }

    private static ImpactItem item(String request, String origin, String change, Finding f) {
        return new ImpactItem(request, origin, change, f.id(), f.severity(), f.title(), f.subjects());
    }

    private static long millis(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
