package org.csp.decisions.cases;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.csp.decisions.api.ProblemException;
import org.csp.decisions.api.RequestReader;
import org.csp.decisions.api.Violation;
import org.csp.decisions.engine.Evaluator;
import org.csp.decisions.engine.OverloadedException;
import org.csp.decisions.engine.RuleFailureException;
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

    /**
     * A finding id of the loaded rules without a must-fire case (expectPresent) or without a must-not-fire case
     * (expectAbsent): every id, the catalogue's and an analyst's alike, needs both.
     */
    public record Uncovered(String id, String file, boolean noMustFire, boolean noMustNotFire) {
        public String message() {
            String what = noMustFire && noMustNotFire ? "no case"
                    : noMustFire ? "no must-fire case" : "no must-not-fire case";
            String fix = noMustFire && noMustNotFire
                    ? "add " + id + ".cases.json beside it with at least one case listing " + id
                            + " in \"expectPresent\" and one listing it in \"expectAbsent\""
                    : "add a case listing " + id + " in \"" + (noMustFire ? "expectPresent" : "expectAbsent") + "\"";
            return id + " (" + file + ") has " + what + ": " + fix;
        }
    }

    /** Outcome of a run: cases passed, failing cases, case files that could not be read, ids without cases. */
    @Schema(name = "CaseReport")
    public record Report(int total, int passed, List<Failure> failures, List<String> fileErrors,
            List<Uncovered> uncovered) {
        public boolean ok() {
            return failures.isEmpty() && fileErrors.isEmpty() && uncovered.isEmpty();
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
        return new Report(total, total - failures.size(), failures, fileErrors, coverage(ruleSet, caseFiles));
    }

    /**
     * The ids of the loaded rules (and of the aggregate, when the folder has its own aggregate file) that lack a
     * must-fire or a must-not-fire case, sorted by id.
     */
    public static List<Uncovered> coverage(RuleSet ruleSet, List<RuleFile> caseFiles) {
        java.util.Set<String> mustFire = new java.util.HashSet<>();
        java.util.Set<String> mustNotFire = new java.util.HashSet<>();
        for (RuleFile file : caseFiles) {
            for (RuleCase c : CaseFiles.parse(file, new ArrayList<>())) {
                mustFire.addAll(c.expectPresent());
                mustFire.addAll(c.expectFindings().keySet());
                mustNotFire.addAll(c.expectAbsent());
            }
        }
        java.util.Map<String, String> ids = new java.util.TreeMap<>();
        ruleSet.rules().forEach(r -> ids.putIfAbsent(r.findingId(), r.file()));
        if (!ruleSet.aggregate().isBundledFallback()) {
            ids.putIfAbsent(ruleSet.aggregate().id(), ruleSet.aggregate().file());
        }
        List<Uncovered> uncovered = new ArrayList<>();
        ids.forEach((id, file) -> {
            if (!mustFire.contains(id) || !mustNotFire.contains(id)) {
                uncovered.add(new Uncovered(id, file, !mustFire.contains(id), !mustNotFire.contains(id)));
            }
        });
        return uncovered;
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
        } catch (RuleFailureException e) {
            return List.of("evaluation failed: " + e.getMessage());
        } catch (OverloadedException e) {
            return List.of("not evaluated: " + e.getMessage());
        } catch (org.csp.decisions.engine.RuleConflictException e) {
            return List.of("evaluation failed: " + e.getMessage());
        }
    }
}
