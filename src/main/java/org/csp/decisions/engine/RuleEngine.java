package org.csp.decisions.engine;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;
import org.csp.decisions.config.RulesConfig;
import org.csp.decisions.model.Evaluation;
import org.csp.decisions.model.EvaluationRequest;
import org.jboss.logging.Logger;

/**
 * The service's rule engine: loads the rules folder at start-up (bundled rules, or {@code rules.directory}) and
 * evaluates requests against the set currently served. A broken rule set stops start-up with file, line and message.
 */
@Startup
@ApplicationScoped
public class RuleEngine {
    private static final Logger LOG = Logger.getLogger(RuleEngine.class);

    private final RulesConfig config;
    private final RuleSetHolder holder = new RuleSetHolder();
    private final RuleSetBuilder builder = new RuleSetBuilder();
    private Evaluator evaluator;
    private RulesFolder folder;

    @Inject
    public RuleEngine(RulesConfig config) {
        this.config = config;
    }

    @PostConstruct
    void start() {
        folder = config.directory().map(RulesFolder::of).orElseGet(RulesFolder::bundled);
        evaluator = new Evaluator(holder, config.maxFirings(), config.evaluationTimeout());
        BuildResult result = build();
        if (!result.ok()) {
            result.errors().forEach(e -> LOG.errorf("rule error %s", e));
            throw new IllegalStateException("cannot start: the rules in " + folder.description() + " have "
                    + result.errors().size() + " error(s); first: " + result.errors().get(0));
        }
        holder.swap(result.ruleSet());
        LOG.infof("loaded %d rules from %d files in %s, version %s", result.ruleSet().rules().size(),
                result.fileCount(), folder.description(), result.version());
    }

    private BuildResult build() {
        List<RuleFile> files;
        try {
            files = folder.ruleFiles();
        } catch (IOException e) {
            return new BuildResult(null, null, List.of(new RuleError(null, 0, 0, e.getMessage())), 0);
        }
        return builder.build(files, folder.description());
    }

    public Evaluation evaluate(EvaluationRequest request) {
        return evaluator.evaluate(request);
    }

    /** The rule set being served now. */
    public RuleSet current() {
        return holder.current();
    }

    public RulesFolder folder() {
        return folder;
    }
}
