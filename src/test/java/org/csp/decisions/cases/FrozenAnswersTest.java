package org.csp.decisions.cases;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.csp.decisions.engine.RuleFile;
import org.csp.decisions.engine.RulesFolder;
import org.junit.jupiter.api.Test;

/**
 * The answers of every bundled case request and of the A.10 example, frozen in
 * {@code src/test/resources/frozen/answers.json} (without the volatile {@code evaluatedAt} and {@code ruleSetVersion},
 * which changes with every byte of the rule files). A change to the rules that is meant to change no answer - folding
 * several rules of a finding into one, moving files - is proved by this test: every answer stays byte-for-byte the
 * same apart from {@code firedRules} (rule names are not part of a finding), and {@code firedRules} names one rule per
 * finding.
 *
 * <p>When answers are meant to change (new words, new cases), regenerate the file and review its diff:
 * {@code ./mvnw -q -o test -Dtest=FrozenAnswersTest -Dfreeze=true}.
 */
@QuarkusTest
class FrozenAnswersTest {
    static final Path FROZEN = Path.of("src/test/resources/frozen/answers.json");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Key of a case: its finding's file name without folders and extensions, and the case name. */
    static String key(RuleCase c) {
        String file = c.file().substring(c.file().lastIndexOf('/') + 1);
        String stem = file.replaceFirst("(\\.cases)?\\.json$", "");
        return stem + ": " + c.name();
    }

    private Map<String, JsonNode> requests() throws Exception {
        Map<String, JsonNode> requests = new LinkedHashMap<>();
        requests.put("examples/a10-request.json", JSON.readTree(Path.of("examples/a10-request.json").toFile()));
        List<String> errors = new ArrayList<>();
        for (RuleFile file : RulesFolder.bundled().caseFiles()) {
            for (RuleCase c : CaseFiles.parse(file, errors)) {
                JsonNode previous = requests.put(key(c), c.request());
                assertEquals(null, previous, "two cases with the key " + key(c));
            }
        }
        assertTrue(errors.isEmpty(), errors.toString());
        return requests;
    }

    private Map<String, ObjectNode> answers() throws Exception {
        Map<String, ObjectNode> answers = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> request : requests().entrySet()) {
            byte[] body = given().contentType("application/json").body(JSON.writeValueAsString(request.getValue()))
                    .post("/evaluate").then().statusCode(200).extract().asByteArray();
            ObjectNode answer = (ObjectNode) JSON.readTree(body);
            answer.remove("evaluatedAt");
            answer.remove("ruleSetVersion");
            answers.put(request.getKey(), answer);
        }
        return answers;
    }

    @Test
    void everyAnswerIsTheFrozenOneApartFromFiredRules() throws Exception {
        Map<String, ObjectNode> actual = answers();
        if (Boolean.getBoolean("freeze")) {
            Files.writeString(FROZEN, JSON.writeValueAsString(actual) + "\n");
            return;
        }
        assertTrue(Files.exists(FROZEN), "no frozen answers; create them with -Dfreeze=true");
        JsonNode frozen = JSON.readTree(FROZEN.toFile());
        List<String> problems = new ArrayList<>();
        frozen.fieldNames().forEachRemaining(key -> {
            if (!actual.containsKey(key)) {
                problems.add("no longer evaluated: " + key);
            }
        });
        for (Map.Entry<String, ObjectNode> entry : actual.entrySet()) {
            JsonNode expected = frozen.get(entry.getKey());
            if (expected == null) {
                problems.add("not frozen: " + entry.getKey());
                continue;
            }
            ObjectNode e = ((ObjectNode) expected).deepCopy();
            ObjectNode a = entry.getValue().deepCopy();
            e.remove("firedRules");
            a.remove("firedRules");
            String expectedText = JSON.writeValueAsString(e);
            String actualText = JSON.writeValueAsString(a);
            if (!expectedText.equals(actualText)) {
                int at = 0;
                while (at < Math.min(expectedText.length(), actualText.length())
                        && expectedText.charAt(at) == actualText.charAt(at)) {
                    at++;
                }
                int from = Math.max(0, at - 120);
                problems.add(entry.getKey() + ": first difference at character " + at + "\n  frozen ..."
                        + expectedText.substring(from, Math.min(expectedText.length(), at + 120)) + "\n  now    ..."
                        + actualText.substring(from, Math.min(actualText.length(), at + 120)));
            }
            List<String> fired = new ArrayList<>();
            a = entry.getValue();
            a.path("firedRules").forEach(n -> fired.add(n.asText().split("[ /]", 2)[0]));
            if (fired.stream().distinct().count() != fired.size()) {
                problems.add(entry.getKey() + ": more than one rule fired for one finding: " + a.path("firedRules"));
            }
        }
        assertTrue(problems.isEmpty(), problems.size() + " answer(s) differ from " + FROZEN + ":\n"
                + String.join("\n", problems));
    }
}
