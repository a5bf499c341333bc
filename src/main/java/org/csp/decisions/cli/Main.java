package org.csp.decisions.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.csp.decisions.api.RequestReader;
import org.csp.decisions.cases.CaseRunner;
import org.csp.decisions.config.RulesConfig;
import org.csp.decisions.engine.BuildResult;
import org.csp.decisions.engine.Evaluator;
import org.csp.decisions.engine.RuleError;
import org.csp.decisions.engine.RuleFile;
import org.csp.decisions.engine.CompiledRulesCache;
import org.csp.decisions.engine.RuleSetBuilder;
import org.csp.decisions.engine.RuleSetHolder;
import org.csp.decisions.engine.RuleThreads;
import org.csp.decisions.engine.RuleSetLimits;
import org.csp.decisions.engine.RulesFolder;

/**
 * Runs the service, or, with {@code check <rules folder>}, compiles a rules folder and runs all of its cases,
 * printing a report and exiting 0 (all good) or 1 (compile errors or failing cases). Analysts use the latter in
 * their own CI through {@code bin/check-rules}.
 */
@QuarkusMain
public class Main implements QuarkusApplication {

    @Inject
    RequestReader reader;
    @Inject
    ObjectMapper json;
    @Inject
    RulesConfig config;
    @Inject
    RuleThreads threads;

    public static void main(String... args) {
        if (args.length == 0) {
            // Serving (not `check`): build the rules while Quarkus boots; RuleEngine takes them if the config agrees.
            org.csp.decisions.engine.RulePreload.start();
        }
        java.util.function.BiConsumer<Integer, Throwable> exit = io.quarkus.runtime.ApplicationLifecycleManager
                .getDefaultExitCodeHandler();
        Quarkus.run(Main.class, (code, failure) -> {
            if (failure != null) {
                printStartFailure(failure, System.err);
            }
            exit.accept(code, failure);
        }, args);
    }

    /**
     * A failed start is told in one line on stderr, written synchronously before the process exits: the console log is
     * asynchronous and would lose it, and Quarkus' own report of it (a stack trace) is switched off in
     * application.properties.
     */
    static void printStartFailure(Throwable failure, PrintStream err) {
        err.println("csp-decisions: cannot start: " + reason(failure));
        err.flush();
    }

    /** The innermost cause with a message: ours say what is wrong and where; others get their class name too. */
    static String reason(Throwable failure) {
        Throwable best = failure;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                best = t;
            }
        }
        String message = best.getMessage() == null ? "" : best.getMessage().strip().replaceAll("\\s*\\R\\s*", " ")
                .replaceFirst("^cannot start: ", "");
        boolean plain = best instanceof IllegalStateException || best instanceof IllegalArgumentException;
        return plain && !message.isEmpty() ? message
                : best.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }

    @Override
    public int run(String... args) {
        if (args.length > 0 && args[0].equals("check")) {
            return check(args.length > 1 ? Path.of(args[1]) : null, System.out);
        }
        Quarkus.waitForExit();
        return 0;
    }

    private static int idCount(BuildResult build) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        build.ruleSet().rules().forEach(r -> ids.add(r.findingId()));
        if (!build.ruleSet().aggregate().isBundledFallback()) {
            ids.add(build.ruleSet().aggregate().id());
        }
        return ids.size();
    }

    int check(Path folderPath, PrintStream out) {
        RulesFolder folder;
        List<RuleFile> ruleFiles;
        List<RuleFile> caseFiles;
        try {
            folder = folderPath == null ? RulesFolder.bundled() : RulesFolder.of(folderPath);
            ruleFiles = folder.ruleFiles(RuleSetLimits.of(config));
            caseFiles = folder.caseFiles();
        } catch (Exception e) {
            out.println("ERROR " + e.getMessage());
            return 1;
        }
        out.println("Checking rules in " + folder.location());
        CompiledRulesCache cache = CompiledRulesCache.open(config);
        BuildResult build = new RuleSetBuilder(1, RuleSetLimits.of(config), cache).build(ruleFiles, folder.location());
        if (!build.ok()) {
            out.println("COMPILE FAILED: " + build.errors().size() + " error(s) in " + build.fileCount() + " file(s)");
            for (RuleError error : build.errors()) {
                out.println("  " + error);
            }
            return 1;
        }
        out.println("Compiled " + build.ruleSet().rules().size() + " rules from " + build.fileCount()
                + " file(s), version " + build.version());
        // Each case is bounded by the firing cap and time limit alone, on rule threads (a stuck case costs one).
        Evaluator evaluator = new Evaluator(new RuleSetHolder(), config.maxFirings(), config.evaluationTimeout(), threads);
        CaseRunner.Report report = new CaseRunner(reader, evaluator, json).run(build.ruleSet(), caseFiles);
        for (String error : report.fileErrors()) {
            out.println("BAD CASE FILE " + error);
        }
        for (CaseRunner.Failure failure : report.failures()) {
            out.println("FAIL " + failure.label());
            failure.problems().forEach(p -> out.println("    " + p));
        }
        for (CaseRunner.Uncovered uncovered : report.uncovered()) {
            out.println("NOT COVERED " + uncovered.message());
        }
        out.println((report.ok() ? "OK" : "FAILED") + ": " + report.passed() + " of " + report.total()
                + " cases passed in " + caseFiles.size() + " case file(s)"
                + (report.fileErrors().isEmpty() ? "" : ", " + report.fileErrors().size() + " unreadable")
                + (report.uncovered().isEmpty() ? "; every finding id has a must-fire and a must-not-fire case"
                        : "; " + (idCount(build) - report.uncovered().size()) + " of " + idCount(build)
                                + " finding ids have a must-fire and a must-not-fire case"));
        org.csp.decisions.cases.TraceabilityReport.print(folder, build.ruleSet(), out); // warnings only
        if (cache != null) {
            cache.flush(); // the entry of a changed folder is written while the cases run; the process ends now
        }
        return report.ok() ? 0 : 1;
    }
}
