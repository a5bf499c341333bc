package org.csp.decisions.model;

/** Which research a finding rests on: the seed file, the study or author, and the catalogue's paraphrase. */
public record FindingSource(String seed, String citation, String paraphrase) {
}
