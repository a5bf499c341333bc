package org.csp.decisions.cases;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.csp.decisions.api.RequestReader;
import org.csp.decisions.config.RulesConfig;
import org.csp.decisions.engine.Evaluator;
import org.csp.decisions.engine.RuleError;
import org.csp.decisions.engine.RuleSet;
import org.csp.decisions.engine.RuleSetHolder;
import org.csp.decisions.engine.RuleThreads;
import org.csp.decisions.engine.RuleSetVerifier;
import org.csp.decisions.engine.RulesFolder;

/**
 * With {@code rules.require-passing-cases=true}, a rule set whose cases ({@code <ID>.cases.json} beside each rule, or
 * under {@code cases/} in an older folder) fail is refused
 * like a compile error; each failing case becomes one error naming the case file.
 */
@ApplicationScoped
public class CaseGate implements RuleSetVerifier {

    @Inject
    RulesConfig config;
    @Inject
    RequestReader reader;
    @Inject
    ObjectMapper json;
    @Inject
    RuleThreads threads;

    @Override
    public List<RuleError> verify(RuleSet candidate, RulesFolder folder) {
        if (!config.requirePassingCases()) {
            return List.of();
        }
        CaseRunner.Report report;
        try {
            report = runner().run(candidate, folder.caseFiles());
        } catch (IOException e) {
            return List.of(new RuleError("cases", 0, 0, "cannot read cases: " + e.getMessage()));
        }
        return errors(report);
    }

    public CaseRunner runner() {
        // Cases run on the service's rule threads, each bounded by the firing cap and time limit alone.
        return new CaseRunner(reader, new Evaluator(new RuleSetHolder(), config.maxFirings(), config.evaluationTimeout(),
                threads), json);
    }

    static List<RuleError> errors(CaseRunner.Report report) {
        List<RuleError> errors = new ArrayList<>();
        report.fileErrors().forEach(e -> errors.add(new RuleError(e.substring(0, Math.max(0, e.indexOf(':'))), 0, 0, e)));
        for (CaseRunner.Uncovered uncovered : report.uncovered()) {
            errors.add(new RuleError(uncovered.file(), 0, 0, uncovered.message()));
        }
        for (CaseRunner.Failure failure : report.failures()) {
            String file = failure.label().substring(0, Math.max(0, failure.label().indexOf(':')));
            errors.add(new RuleError(file, 0, 0, "case failed: " + failure.label() + ": "
                    + String.join("; ", failure.problems())));
        }
        return errors;
    }
}
