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
import org.csp.decisions.engine.RuleSetBuilder;
import org.csp.decisions.engine.RuleSetHolder;
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

    public static void main(String... args) {
        Quarkus.run(Main.class, args);
    }

    @Override
    public int run(String... args) {
        if (args.length > 0 && args[0].equals("check")) {
            return check(args.length > 1 ? Path.of(args[1]) : null, System.out);
        }
        Quarkus.waitForExit();
        return 0;
    }

    int check(Path folderPath, PrintStream out) {
        RulesFolder folder;
        List<RuleFile> ruleFiles;
        List<RuleFile> caseFiles;
        try {
            folder = folderPath == null ? RulesFolder.bundled() : RulesFolder.of(folderPath);
            ruleFiles = folder.ruleFiles();
            caseFiles = folder.caseFiles();
        } catch (Exception e) {
            out.println("ERROR " + e.getMessage());
            return 1;
        }
        out.println("Checking rules in " + folder.description());
        BuildResult build = new RuleSetBuilder(1).build(ruleFiles, folder.description());
        if (!build.ok()) {
            out.println("COMPILE FAILED: " + build.errors().size() + " error(s) in " + build.fileCount() + " file(s)");
            for (RuleError error : build.errors()) {
                out.println("  " + error);
            }
            return 1;
        }
        out.println("Compiled " + build.ruleSet().rules().size() + " rules from " + build.fileCount()
                + " file(s), version " + build.version());
        Evaluator evaluator = new Evaluator(new RuleSetHolder(), config.maxFirings(), config.evaluationTimeout());
        CaseRunner.Report report = new CaseRunner(reader, evaluator, json).run(build.ruleSet(), caseFiles);
        for (String error : report.fileErrors()) {
            out.println("BAD CASE FILE " + error);
        }
        for (CaseRunner.Failure failure : report.failures()) {
            out.println("FAIL " + failure.label());
            failure.problems().forEach(p -> out.println("    " + p));
        }
        out.println((report.ok() ? "OK" : "FAILED") + ": " + report.passed() + " of " + report.total()
                + " cases passed in " + caseFiles.size() + " case file(s)"
                + (report.fileErrors().isEmpty() ? "" : ", " + report.fileErrors().size() + " unreadable"));
        org.csp.decisions.cases.TraceabilityReport.print(folder, build.ruleSet(), out); // warnings only
        return report.ok() ? 0 : 1;
    }
}
