package org.csp.decisions.cases;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Compares one evaluation answer (as JSON) with a case's expectations; returns what differs, empty if it passed. */
public final class CaseChecker {
    private CaseChecker() {
    }

    public static List<String> check(RuleCase c, JsonNode evaluation) {
        List<String> failures = new ArrayList<>();
        Map<String, JsonNode> findings = new HashMap<>();
        evaluation.path("findings").forEach(f -> findings.put(f.path("id").asText(), f));
        List<String> missing = c.expectPresent().stream().filter(id -> !findings.containsKey(id)).toList();
        List<String> unexpected = c.expectAbsent().stream().filter(findings::containsKey).toList();
        if (!missing.isEmpty()) {
            failures.add("missing " + String.join(", ", missing));
        }
        if (!unexpected.isEmpty()) {
            failures.add("unexpected " + String.join(", ", unexpected));
        }
        c.expectFindings().forEach((id, expected) -> {
            JsonNode actual = findings.get(id);
            if (actual == null) {
                if (!missing.contains(id)) {
                    failures.add("missing " + id);
                }
                return;
            }
            expected.fields().forEachRemaining(field -> {
                if (field.getKey().equals("explanationContains")) {
                    String explanation = actual.path("explanation").asText();
                    if (!explanation.contains(field.getValue().asText())) {
                        failures.add(id + ".explanation does not contain \"" + field.getValue().asText()
                                + "\"; it is \"" + explanation + "\"");
                    }
                } else if (!field.getValue().equals(actual.get(field.getKey()))) {
                    failures.add(id + "." + field.getKey() + ": expected " + field.getValue() + " but was "
                            + actual.get(field.getKey()));
                }
            });
        });
        return failures;
    }
}
