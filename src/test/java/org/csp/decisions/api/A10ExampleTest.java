package org.csp.decisions.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The complete example of FINDINGS.md A.10 returns exactly the findings its facts imply, as section C shapes them. */
@QuarkusTest
class A10ExampleTest {
    static final List<String> EXPECTED = List.of(
            // sorted as C requires: severity, then id
            "FUN-001", "GOV-001", "LEG-001", "LEG-004", "LEG-900",
            "COO-003", "COO-007", "LEG-003", "PHA-COMMON-001", "PHA-COMMON-003", "PHA-MID-001", "PHA-MID-003",
            "FIT-001", "FIT-003", "FIT-004", "FIT-007", "FUN-002", "GOV-002", "GOV-005", "GOV-006", "LRN-002", "PHA-MID-002");

    static String a10() throws Exception {
        return Files.readString(Path.of("examples/a10-request.json"));
    }

    @Test
    void returnsExactlyTheCatalogueFindingsInOrder() throws Exception {
        JsonPath answer = given().contentType("application/json").body(a10()).post("/evaluate")
                .then().statusCode(200).contentType("application/json").extract().jsonPath();
        assertEquals(EXPECTED, answer.getList("findings.id"));
        assertEquals("rhp-001", answer.getString("partnershipId"));
        assertTrue(answer.getString("ruleSetVersion").matches("sha256:[0-9a-f]{12}"));
        assertTrue(answer.getString("evaluatedAt").endsWith("Z"));

        assertEquals(Map.of("HIGH", 4, "MEDIUM", 7, "LOW", 10, "INFO", 0), answer.getMap("summary.bySeverity")); // FINDINGS.md 1.1.0
        assertEquals("HIGH", answer.getString("summary.highestSeverity"));
        assertEquals("HIGH", answer.getString("summary.overallLegitimacyRisk"));
        assertEquals(List.of("LEG-001", "LEG-003", "LEG-004"), answer.getList("summary.byCategory.LEGITIMACY_RISK.findingIds"));
        assertEquals(List.of("PHA-COMMON-001", "PHA-COMMON-003", "PHA-MID-001", "PHA-MID-002", "PHA-MID-003"),
                answer.getList("summary.byCategory.PHASE_CHALLENGE.findingIds"));
        assertEquals(0, answer.getInt("summary.byCategory.DEFINITION.count"));
        assertEquals((Object) null, answer.get("summary.byCategory.DEFINITION.highestSeverity"));
        assertEquals(8, answer.getMap("summary.byCategory").size());
    }

    /**
     * The whole answer, byte for byte apart from evaluatedAt, is the documented one (examples/a10-response.json, shown
     * in the README); this also covers the prepared JSON of recommendations and sources (FindingJson). It is sent in
     * one piece with a Content-Length, not chunked.
     */
    @Test
    void wholeAnswerIsTheDocumentedExampleSentInOnePiece() throws Exception {
        Response response = given().contentType("application/json").body(a10()).post("/evaluate");
        response.then().statusCode(200);
        assertEquals(String.valueOf(response.asByteArray().length), response.getHeader("Content-Length"));
        assertEquals((Object) null, response.getHeader("Transfer-Encoding"));
        ObjectMapper json = new ObjectMapper();
        ObjectNode actual = (ObjectNode) json.readTree(response.asByteArray());
        ObjectNode expected = (ObjectNode) json.readTree(Path.of("examples/a10-response.json").toFile());
        actual.remove("evaluatedAt");
        expected.remove("evaluatedAt");
        assertEquals(expected, actual);
        assertEquals(json.writeValueAsString(expected), json.writeValueAsString(actual)); // same property order too
    }

    @Test
    void aggregateAndFindingContentFollowSectionC() throws Exception {
        JsonPath answer = given().contentType("application/json").body(a10()).post("/evaluate").then().statusCode(200)
                .extract().jsonPath();
        Map<String, Object> leg900 = answer.getMap("findings.find { it.id == 'LEG-900' }");
        assertEquals(true, leg900.get("aggregate"));
        assertEquals("HIGH", leg900.get("severity"));
        assertEquals("Overall nonprofit legitimacy risk: HIGH", leg900.get("title"));
        assertEquals("Derived from LEG-001, LEG-003, LEG-004.", leg900.get("explanation"));
        assertEquals(Map.of("findings", List.of("LEG-001", "LEG-003", "LEG-004")), leg900.get("triggeringFacts"));
        assertEquals(List.of("p2", "p3"), leg900.get("subjects"));

        Map<String, Object> gov001 = answer.getMap("findings.find { it.id == 'GOV-001' }");
        assertEquals(List.of("p3"), gov001.get("subjects"));
        assertEquals(Map.of("partnership.governance.formalStructure", false, "partners[p3].resourceShare", 0.6f),
                gov001.get("triggeringFacts"));
        assertTrue(((String) gov001.get("explanation")).startsWith("Partner p3 contributes at least 60% of the resources"));

        Map<String, Object> leg001 = answer.getMap("findings.find { it.id == 'LEG-001' }");
        assertEquals("002_80e93118022a0e8d.txt", ((Map<?, ?>) leg001.get("source")).get("seed"));
        assertEquals(3, ((List<?>) leg001.get("recommendations")).size());
        assertTrue(leg001.get("recommendations").toString().contains("\"safer options\""));

        // firedRules: distinct rule names, sorted, one per non-aggregate finding id here; no aggregate
        List<String> fired = answer.getList("firedRules");
        assertEquals(fired.stream().sorted().toList(), fired);
        assertEquals(EXPECTED.stream().filter(id -> !id.equals("LEG-900")).sorted().toList(),
                fired.stream().map(n -> n.split("[ /]")[0]).distinct().sorted().toList());
    }
}
