package org.csp.decisions.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.csp.decisions.cases.CaseFiles;
import org.csp.decisions.cases.RuleCase;
import org.csp.decisions.engine.RuleFile;
import org.csp.decisions.engine.RulesFolder;
import org.csp.decisions.model.EvaluationRequest;
import org.junit.jupiter.api.Test;

/**
 * The fast path of {@link RequestReader#read(byte[])} ({@link DirectRequestBinder}) agrees with the tree path
 * ({@code read(parse(body))}): the same request for every bundled case and the A.10 example, and the same request or
 * the same problem document for edge and invalid bodies.
 */
@QuarkusTest
class DirectRequestBinderTest {
    @Inject
    RequestReader reader;
    @Inject
    ObjectMapper mapper;

    private final JsonFactory strict = RequestReader.strictFactory();

    /** The outcome of reading a body: the request or the problem, as JSON text (records compared by equals too). */
    private Object outcome(byte[] body, boolean treePath) throws Exception {
        try {
            EvaluationRequest request = treePath ? reader.read(reader.parse(body)) : reader.read(body);
            return request;
        } catch (ProblemException e) {
            return "problem " + mapper.writeValueAsString(e.problem());
        }
    }

    private void agrees(String name, byte[] body) throws Exception {
        Object tree = outcome(body, true);
        Object direct = outcome(body, false);
        assertEquals(tree, direct, name + ": " + new String(body, StandardCharsets.UTF_8));
        if (tree instanceof EvaluationRequest r) {
            // Same values in the open attributes too (BigDecimal equality is scale-sensitive: 0.50 is not 0.5).
            assertEquals(String.valueOf(r.partnership().attributes()), String.valueOf(((EvaluationRequest) direct).partnership().attributes()), name);
        }
    }

    @Test
    void sameRequestForA10AndEveryBundledCase() throws Exception {
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        bodies.put("A.10", Files.readAllBytes(Path.of("examples/a10-request.json")));
        List<String> errors = new ArrayList<>();
        for (RuleFile file : RulesFolder.bundled().caseFiles()) {
            for (RuleCase c : CaseFiles.parse(file, errors)) {
                bodies.put(c.file() + ": " + c.name(), mapper.writeValueAsBytes(c.request()));
            }
        }
        assertTrue(errors.isEmpty(), errors.toString());
        assertTrue(bodies.size() > 50, "cases found: " + bodies.size());
        DirectRequestBinder binder = new DirectRequestBinder(strict);
        int direct = 0;
        for (Map.Entry<String, byte[]> body : bodies.entrySet()) {
            agrees(body.getKey(), body.getValue());
            EvaluationRequest bound = binder.bind(body.getValue());
            if (bound != null) {
                direct++;
                assertEquals(reader.read(reader.parse(body.getValue())), bound, body.getKey());
            }
        }
        assertNotNull(binder.bind(bodies.get("A.10")), "A.10 takes the fast path");
        assertTrue(direct > bodies.size() * 3 / 4, "fast path taken for " + direct + " of " + bodies.size());
    }

    /** A.10 with one replacement in its text. */
    private static String a10(String from, String to) throws Exception {
        String a10 = Files.readString(Path.of("examples/a10-request.json"));
        assertTrue(a10.contains(from), from);
        return a10.replace(from, to);
    }

    @Test
    void sameOutcomeForEdgeAndInvalidBodies() throws Exception {
        String attributes = "\"attributes\": { \"fundingCycle\": \"annual\", \"countiesCovered\": 4, \"hasHospitalPartner\": true }";
        List<String> bodies = new ArrayList<>(List.of(
                "", " ", "null", "[]", "{}", "7", "\"x\"", "{\"partnership\": 1}", "{} {}", "{} x",
                "{\"partners\": [null]}", "\u0000{}", "{\"a\":1,\"a\":2}"));
        for (String value : List.of("0.50", "100.0", "1E+2", "1e2", "0E-5", "-0.0", "0", "-0", "12345678901",
                "123456789012345678901234567890", "1e400", "1e-400", "1.5e308", "\"" + "x".repeat(500) + "\"",
                "\"" + "x".repeat(501) + "\"", "null", "[1]", "{\"a\": 1}", "\"é\"", "false")) {
            bodies.add(a10(attributes, "\"attributes\": { \"v\": " + value + " }"));
        }
        StringBuilder many = new StringBuilder("\"attributes\": {");
        for (int i = 0; i < 51; i++) {
            many.append(i == 0 ? "" : ",").append("\"k").append(i).append("\": ").append(i);
        }
        bodies.add(a10(attributes, many.append('}').toString()));
        bodies.add(a10(attributes, many.toString().replace(",\"k50\": 50", "") + "}"));
        bodies.add(a10(attributes, "\"attributes\": { \"1bad\": 1 }"));
        bodies.add(a10(attributes, "\"attributes\": { \"a\": 1, \"a\": 2 }"));
        bodies.add(a10(attributes, "\"attributes\": []"));
        bodies.add(a10(attributes, "\"attributes\": null"));
        bodies.add(a10(attributes, "\"attributes\": {}"));
        for (String share : List.of("1", "1.0", "1.00000000000000000001", "0.99999999999999999999", "-0.0",
                "-0.00000000000000000001", "0", "6.5E-1", "65e-2", "\"0.65\"", "true", "null", "1e400", "12345678901234567890")) {
            bodies.add(a10("\"shortTermGrantShare\": 0.65", "\"shortTermGrantShare\": " + share));
            bodies.add(a10("\"resourceShare\": 0.25", "\"resourceShare\": " + share));
        }
        for (String months : List.of("60.0", "6e1", "0", "1201", "-1", "2147483648", "\"60\"", "null", "true", "60")) {
            bodies.add(a10("\"durationMonths\": 60", "\"durationMonths\": " + months));
        }
        for (String[] change : List.of(
                new String[] {"\"phase\": \"MIDDLE\"", "\"phase\": \"middle\""},
                new String[] {"\"phase\": \"MIDDLE\"", "\"phase\": 1"},
                new String[] {"\"phase\": \"MIDDLE\"", "\"phase\": null"},
                new String[] {"\"phase\": \"MIDDLE\"", "\"phase\": \"MIDDLE\", \"phase\": \"EARLY\""},
                new String[] {"\"phase\": \"MIDDLE\"", "\"phaze\": \"MIDDLE\""},
                new String[] {"\"localCapacityBuilding\": true", "\"localCapacityBuilding\": \"true\""},
                new String[] {"\"localCapacityBuilding\": true", "\"localCapacityBuilding\": 1"},
                new String[] {"\"name\": \"MegaMart Inc.\"", "\"name\": 5"},
                new String[] {"\"name\": \"MegaMart Inc.\"", "\"name\": \" \""},
                new String[] {"\"name\": \"MegaMart Inc.\"", "\"name\": \"" + "n".repeat(201) + "\""},
                new String[] {"\"id\": \"p2\"", "\"id\": \"p1\""},
                new String[] {"\"id\": \"p2\"", "\"id\": \"bad id\""},
                new String[] {"\"id\": \"rhp-001\"", "\"id\": \"\""},
                new String[] {"\"resourceShare\": 0.60", "\"resourceShare\": 0.9"},
                new String[] {"\"fieldMechanisms\": []", "\"fieldMechanisms\": [\"x\"]"},
                new String[] {"\"fieldMechanisms\": []", "\"fieldMechanisms\": [null]"},
                new String[] {"\"fieldMechanisms\": []", "\"fieldMechanisms\": {}"},
                new String[] {"\"fieldMechanisms\": []", "\"fieldMechanisms\": null"},
                new String[] {"\"otherPartnershipsInField\": 3", "\"otherPartnershipsInField\": 10001"},
                new String[] {"\"authority\": {", "\"authority\": { \"x\": 1,"},
                new String[] {"\"authority\": { \"established\": true, \"source\": \"DELEGATED\", \"charge\": \"THINKING_AND_DOING\" }", "\"authority\": [] "},
                new String[] {"\"agreements\": { \"contractual\": false, \"brandLicensing\": true }", "\"agreements\": null"},
                new String[] {"\"agreements\": { \"contractual\": false, \"brandLicensing\": true }", "\"agreements\": {}"},
                new String[] {"\"partners\": [", "\"partners\": [ null,"},
                new String[] {"\"partners\": [", "\"partners\": [ 5,"},
                new String[] {"\"partners\": [", "\"partners\": [ [], "},
                new String[] {"\"partners\": [", "\"partnerz\": 1, \"partners\": ["},
                new String[] {"\"financing\": {", "\"financing\": { \"a\": {\"b\": {\"c\": {\"d\": {\"e\": {\"f\": {\"g\": {\"h\": {\"i\": {\"j\": {\"k\": {\"l\": {\"m\": {\"n\": 1}}}}}}}}}}}}},"},
                new String[] {"Riverside County", "Riverside \\u00e9 \\\"County\\\""},
                new String[] {"Riverside County", "Riverside \\ud800 County"})) {
            bodies.add(a10(change[0], change[1]));
        }
        String a10 = Files.readString(Path.of("examples/a10-request.json"));
        bodies.add(a10 + " {}");
        bodies.add(a10 + " \n ");
        bodies.add("{\"partners\": [], " + a10.substring(a10.indexOf('{') + 1));
        bodies.add(a10.substring(0, a10.lastIndexOf('}')));
        for (String body : bodies) {
            agrees("edge", body.getBytes(StandardCharsets.UTF_8));
        }
        agrees("latin-1", a10.replace("MegaMart", "M\u00e9gaMart").getBytes(StandardCharsets.ISO_8859_1));
        agrees("utf-16", a10.getBytes(StandardCharsets.UTF_16));
        agrees("overlong", a10.replace("MegaMart", "Mega\u0001Mart").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void givesUpOnAnythingUnusual() throws Exception {
        DirectRequestBinder binder = new DirectRequestBinder(strict);
        assertNotNull(binder.bind(Files.readAllBytes(Path.of("examples/a10-request.json"))));
        for (String[] change : List.of(
                new String[] {"\"phase\": \"MIDDLE\"", "\"phase\": null"},
                new String[] {"\"phase\": \"MIDDLE\"", "\"phaze\": \"MIDDLE\""},
                new String[] {"\"resourceShare\": 0.25", "\"resourceShare\": 1.00000000000000000001"},
                new String[] {"\"durationMonths\": 60", "\"durationMonths\": 60.0"},
                new String[] {"\"phase\": \"MIDDLE\"", "\"phase\": \"MIDDLE\", \"phase\": \"EARLY\""})) {
            assertNull(binder.bind(a10(change[0], change[1]).getBytes(StandardCharsets.UTF_8)), change[1]);
        }
    }

    @Test
    void attributeKeysAsTheShapeCheckReadsThem() {
        List<String> keys = new ArrayList<>(List.of("a", "A", "z9", "a_b", "abc\n", "\nabc", "1a", "_a", "a-b", "a b", "",
                "a".repeat(64), "a".repeat(65), "é", "aé", "a\u0000", "Z_", "a.b", "ａ"));
        for (char c = 0; c < 256; c++) {
            keys.add("k" + c);
            keys.add(String.valueOf(c));
        }
        for (String key : keys) {
            assertEquals(ShapeChecker.ATTRIBUTE_KEY.matcher(key).matches(), DirectRequestBinder.attributeKey(key), key);
        }
    }

    @Test
    void duplicateKeysAnywhereTakeTheTreePath() throws Exception {
        DirectRequestBinder binder = new DirectRequestBinder(strict);
        for (String[] change : List.of(
                new String[] {"\"phase\": \"MIDDLE\"", "\"phase\": \"MIDDLE\", \"phase\": \"MIDDLE\""},
                new String[] {"\"established\": true", "\"established\": true, \"established\": true"},
                new String[] {"\"industry\": \"retail\"", "\"industry\": \"retail\", \"industry\": \"retail\""},
                new String[] {"\"id\": \"p4\"", "\"id\": \"p4\", \"id\": \"p4\""},
                new String[] {"\"agreements\": {", "\"agreements\": {\"contractual\": false, "})) {
            byte[] body = a10(change[0], change[1]).getBytes(StandardCharsets.UTF_8);
            assertNull(binder.bind(body), change[1]);
            agrees("duplicate", body);
        }
    }
}
