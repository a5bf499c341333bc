package org.csp.decisions.engine;

/** One {@code .drl} file: its path relative to the rules folder (with '/' separators) and its text. */
public record RuleFile(String path, String content) {
}
