package org.csp.decisions.cases;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * One analyst-readable test of the rules: a request, the finding ids expected present and absent, and optionally
 * exact values of some fields of some findings ({@code explanationContains} checks a substring).
 */
public record RuleCase(
        String file,
        String name,
        JsonNode request,
        List<String> expectPresent,
        List<String> expectAbsent,
        Map<String, JsonNode> expectFindings) {

    /** "file: name", as reports print it. */
    public String label() {
        return file + ": " + name;
    }
}
