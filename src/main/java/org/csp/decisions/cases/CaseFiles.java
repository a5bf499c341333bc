package org.csp.decisions.cases;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.csp.decisions.engine.RuleFile;

/**
 * Reads case files: {@code {"finding": "<ID>", "cases": [{"name", "request", "expectPresent", "expectAbsent",
 * "expectFindings"}]}}. A file that cannot be read is reported as a failing case, never silently skipped.
 */
public final class CaseFiles {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> FILE_KEYS = List.of("finding", "cases");
    static final List<String> CASE_KEYS = List.of("name", "request", "expectPresent", "expectAbsent", "expectFindings");
    static final List<String> FINDING_KEYS = List.of("id", "category", "severity", "title", "explanation",
            "explanationContains", "recommendations", "practiceNotes", "subjects", "triggeringFacts", "aggregate", "source");

    private CaseFiles() {
    }

    /**
     * True for a path relative to the rules folder that holds cases: {@code cases/**}{@code /*.json}, or a
     * {@code <ID>.cases.json} beside its rule file.
     */
    public static boolean isCaseFile(String path) {
        return path.endsWith(".cases.json") || path.startsWith("cases/") && path.endsWith(".json");
    }

    /**
     * Where the cases of a new finding {@code id} written in {@code ruleFile} go: {@code <ID>.cases.json} beside the
     * rule file (one folder per area, one file per finding).
     */
    public static String newCaseFile(String ruleFile, String id) {
        int slash = ruleFile.lastIndexOf('/');
        return (slash >= 0 ? ruleFile.substring(0, slash + 1) : "") + id + ".cases.json";
    }

    /** Parses a case file; problems go to {@code errors} as "file: message". */
    public static List<RuleCase> parse(RuleFile file, List<String> errors) {
        List<RuleCase> cases = new ArrayList<>();
        JsonNode root;
        try {
            root = JSON.readTree(file.content());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            errors.add(file.path() + ": not valid JSON: " + e.getOriginalMessage());
            return cases;
        }
        if (root != null && root.isObject()) {
            unknownKeys(file, root, FILE_KEYS, "", errors);
        }
        JsonNode list = root == null ? null : root.get("cases");
        if (list == null || !list.isArray() || list.isEmpty()) {
            errors.add(file.path() + ": must be an object with a non-empty \"cases\" array");
            return cases;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode c = list.get(i);
            String name = c.path("name").asText("case " + (i + 1));
            int before = errors.size();
            unknownKeys(file, c, CASE_KEYS, " in case \"" + name + "\"", errors);
            c.path("expectFindings").fields().forEachRemaining(e -> unknownKeys(file, e.getValue(), FINDING_KEYS,
                    " in case \"" + name + "\", expectFindings." + e.getKey(), errors));
            if (errors.size() > before) {
                continue; // an expectation under a misspelt key would silently check nothing
            }
            if (!c.path("request").isObject()) {
                errors.add(file.path() + ": case \"" + name + "\" has no \"request\" object");
                continue;
            }
            Map<String, JsonNode> expectFindings = new LinkedHashMap<>();
            c.path("expectFindings").fields().forEachRemaining(e -> expectFindings.put(e.getKey(), e.getValue()));
            List<String> present = ids(c.path("expectPresent"));
            List<String> absent = ids(c.path("expectAbsent"));
            if (present.isEmpty() && absent.isEmpty() && expectFindings.isEmpty()) {
                errors.add(file.path() + ": case \"" + name + "\" expects nothing; add expectPresent or expectAbsent");
                continue;
            }
            cases.add(new RuleCase(file.path(), name, c.get("request"), present, absent, expectFindings));
        }
        return cases;
    }

    /** Reports every key of {@code node} that is not one of {@code known}, with the nearest known key. */
    private static void unknownKeys(RuleFile file, JsonNode node, List<String> known, String where, List<String> errors) {
        if (!node.isObject()) {
            return;
        }
        node.fieldNames().forEachRemaining(key -> {
            if (!known.contains(key)) {
                String nearest = known.stream().min(java.util.Comparator.comparingInt(k -> distance(k, key))).orElseThrow();
                errors.add(file.path() + ": unknown key \"" + key + "\"" + where
                        + (distance(nearest, key) <= 3 ? "; did you mean \"" + nearest + "\"?" : "")
                        + " The keys are " + String.join(", ", known));
            }
        });
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = Character.toLowerCase(a.charAt(i - 1)) == Character.toLowerCase(b.charAt(j - 1)) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static List<String> ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(n -> ids.add(n.asText()));
        return ids;
    }
}
