package org.csp.decisions.engine;

import java.util.List;

/**
 * An extra check a candidate rule set must pass before it is served (for example: its cases pass). Returns the
 * problems found, empty when the set may be served.
 */
public interface RuleSetVerifier {
    List<RuleError> verify(RuleSet candidate, RulesFolder folder);
}
