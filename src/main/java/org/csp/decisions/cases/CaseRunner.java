package org.csp.decisions.cases;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.csp.decisions.api.ProblemException;
import org.csp.decisions.api.RequestReader;
import org.csp.decisions.api.Violation;
import org.csp.decisions.engine.Evaluator;
import org.csp.decisions.engine.RuleFile;
import org.csp.decisions.engine.RuleSet;
import org.csp.decisions.engine.RunawayRuleException;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Runs case files against a rule set in-process (no HTTP): the analysts' command-line check and the
 * {@code rules.require-passing-cases} reload gate both use it.
 */
public final class CaseRunner {

    /** One failing case with what differed. */
    @Schema(name = "CaseFailure")
    public record Failure(String label, List<String> problems) {
    }

    /** Outcome of a run: cases passed, failing cases, and case files that could not be read. */
    @Schema(name = "CaseReport")
    public record Report(int total, int passed, List<Failure> failures, List<String> fileErrors) {
        public boolean ok() {
            return failures.isEmpty() && fileErrors.isEmpty();
        }
    }

    private final RequestReader reader;
    private final Evaluator evaluator;
    private final ObjectMapper json;

    public CaseRunner(RequestReader reader, Evaluator evaluator, ObjectMapper json) {
        this.reader = reader;
        this.evaluator = evaluator;
        this.json = json;
    }

    public Report run(RuleSet ruleSet, List<RuleFile> caseFiles) {
        List<String> fileErrors = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        int total = 0;
        for (RuleFile file : caseFiles) {
            for (RuleCase c : CaseFiles.parse(file, fileErrors)) {
                total++;
                List<String> problems = run(ruleSet, c);
                if (!problems.isEmpty()) {
                    failures.add(new Failure(c.label(), problems));
                }
            }
        }
        return new Report(total, total - failures.size(), failures, fileErrors);
    }

    private List<String> run(RuleSet ruleSet, RuleCase c) {
        try {
            JsonNode answer = json.valueToTree(evaluator.evaluate(ruleSet, reader.read(c.request().deepCopy())));
            return CaseChecker.check(c, answer);
        } catch (ProblemException e) {
            List<String> problems = new ArrayList<>();
            problems.add("the request is invalid: " + e.problem().detail());
            if (e.problem().violations() != null) {
                for (Violation v : e.problem().violations()) {
                    problems.add("  " + v.field() + " " + v.message());
                }
            }
            return problems;
        } catch (RunawayRuleException e) {
            return List.of("evaluation aborted: " + e.getMessage());
        }
    }
}
