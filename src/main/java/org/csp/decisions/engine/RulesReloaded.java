package org.csp.decisions.engine;

/**
 * CDI event fired after every (re)load attempt, on the reloading thread: what came of it and the rule set served
 * afterwards (null only when nothing could be loaded at start-up). Observers must be quick and must not throw.
 */
public record RulesReloaded(ReloadResult result, RuleSet served) {
}
