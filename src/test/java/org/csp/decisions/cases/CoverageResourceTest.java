package org.csp.decisions.cases;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.csp.decisions.engine.BuildResult;
import org.csp.decisions.engine.RuleEngine;
import org.csp.decisions.engine.RuleFile;
import org.csp.decisions.engine.RulesFolder;
import org.junit.jupiter.api.Test;

/** GET /rules/coverage: the map both ways, each finding's passages and cases, proposals never served, documented. */
@QuarkusTest
class CoverageResourceTest {

    @Inject
    RuleEngine engine;
    @Inject
    CaseGate gate;

    @Test
    void servesTheMapWithPassagesAndPassingCases() {
        String body = given().get("/rules/coverage").then().statusCode(200)
                .contentType("application/json").extract().asString();
        JsonPath json = JsonPath.from(body);
        String version = given().get("/rules").then().extract().jsonPath().getString("ruleSetVersion");
        assertEquals(version, json.getString("ruleSetVersion"));
        assertEquals(List.of(), json.getList("problems"));
        assertEquals(5, json.getList("seeds").size());

        Map<String, Object> leg004 = json.getMap("findings.find { it.id == 'LEG-004' }");
        assertEquals("RULE_METADATA", leg004.get("passagesFrom")); // the bundled rules name their passages
        assertEquals("002_80e93118022a0e8d.txt", leg004.get("sourceSeed"));
        assertTrue(json.getList("findings.find { it.id == 'LEG-004' }.passages.id").contains("002#p31"));
        assertEquals("notes that brand licensing is a high-risk option",
                json.getString("findings.find { it.id == 'LEG-004' }.passages.find { it.id == '002#p31' }.quote"));
        assertEquals(60, json.getInt("findings.find { it.id == 'LEG-004' }.passages.find { it.id == '002#p31' }.line"));
        assertTrue(json.getList("findings.find { it.id == 'LEG-004' }.cases").size() >= 2);

        // Every served finding has passages, cases, and they pass on the served set.
        List<Map<String, Object>> findings = json.getList("findings");
        List<String> ruleIds = given().get("/rules").then().extract().jsonPath().getList("rules.id");
        for (Map<String, Object> f : findings) {
            assertFalse(((List<?>) f.get("passages")).isEmpty(), f.get("id") + " has no passages");
            assertEquals(true, f.get("casesPass"), f.get("id") + " cases: " + f.get("cases"));
        }
        assertEquals(new java.util.TreeSet<>(ruleIds).size() + 1, findings.size(), "served findings plus LEG-900");
        assertEquals(json.getInt("summary.findings"), json.getInt("summary.findingsWithPassingCases"));
        assertEquals(json.getInt("summary.cases"), json.getInt("summary.casesPassed"));

        Map<String, Object> leg900 = json.getMap("findings.find { it.id == 'LEG-900' }");
        assertEquals(true, leg900.get("aggregate"));
        assertEquals("ROLL_UP", leg900.get("passagesFrom"));
        assertNull(leg900.get("severity"));
        assertEquals(List.of("LEG-001", "LEG-002", "LEG-003", "LEG-004", "LEG-005"), leg900.get("rollUpOf"));

        // Claims: each is encoded or explained, with its fields.
        assertEquals(0, json.getInt("summary.unexplained"));
        assertEquals(json.getInt("summary.claims"), json.getInt("summary.encoded") + json.getInt("summary.needsFact")
                + json.getInt("summary.descriptiveOnly") + json.getInt("summary.coveredBy") + json.getInt("summary.proposed"));
        Map<String, Object> ideas = json.getMap("seeds.claims.flatten().find { it.id == '002#p12' }");
        assertEquals("NEEDS_FACT", ideas.get("status"));
        assertEquals("partnership.ideaFraming", ideas.get("neededFact"));
        Map<String, Object> phase = json.getMap("seeds.claims.flatten().find { it.id == '004#p29' }");
        assertEquals(List.of("PHA-COMMON-004"), phase.get("encodedBy"));

        // Proposals are listed, complete, and never served.
        List<String> proposals = json.getList("proposals.id");
        assertTrue(proposals.containsAll(List.of("PROP-GOV-SECTOR-SHARE", "PROP-GOV-INTERFACES", "PROP-PHA-MID-VESTED")),
                proposals.toString());
        for (String id : proposals) {
            assertFalse(ruleIds.contains(id), id + " is served");
            assertFalse(json.getList("findings.id").contains(id));
        }
        assertEquals("GOVERNANCE", json.getString("proposals.find { it.id == 'PROP-GOV-INTERFACES' }.category"));
        for (String id : json.<String>getList("notYetServed")) {
            assertFalse(ruleIds.contains(id), id + " is served but listed as not yet served");
        }

        // Computed once per rule set, map and case files: the second answer is the same document.
        assertEquals(body, given().get("/rules/coverage").then().statusCode(200).extract().asString());
    }

    @Test
    void passagesInRuleMetadataAreUsedWhenTheyAgreeAndReportedWhenNot() {
        var served = engine.current();
        TraceabilityMap map = TraceabilityMap.load(RulesFolder.bundled().root());
        List<String> agreeing = TraceabilityCheck.passagesByFinding(map).get("LEG-004");
        StringBuilder tags = new StringBuilder();
        for (int i = 0; i < agreeing.size(); i++) {
            tags.append("    @passage").append(i + 1).append("(\"").append(agreeing.get(i)).append("\")\n");
        }
        Coverage ok = coverageWith(served.files(), "LEG-004", tags.toString(), map);
        assertEquals(List.of(), ok.problems());
        var leg004 = ok.findings().stream().filter(f -> f.id().equals("LEG-004")).findFirst().orElseThrow();
        assertEquals(Coverage.PassagesFrom.RULE_METADATA, leg004.passagesFrom());
        assertEquals(agreeing, leg004.passages().stream().map(Coverage.PassageRef::id).toList());

        Coverage wrong = coverageWith(served.files(), "LEG-004", "    @passage1(\"002#p31\")\n    @passage2(\"002#p999\")\n", map);
        TraceabilityCheckTest.assertContains(wrong.problems(), "finding LEG-004: rule metadata cites passage 002#p999, which is not in the traceability map");
        TraceabilityCheckTest.assertContains(wrong.problems(), "finding LEG-004: rule metadata cites [002#p31, 002#p999] but the map's encodedBy gives");
    }

    /**
     * Builds the served files with the rule's own {@code @passageN} lines replaced by {@code tags} (added after
     * {@code @id("<id>")}) and computes their coverage.
     */
    private Coverage coverageWith(List<RuleFile> files, String id, String tags, TraceabilityMap map) {
        List<RuleFile> changed = new ArrayList<>();
        String marker = "@id(\"" + id + "\")\n";
        for (RuleFile f : files) {
            changed.add(f.content().contains(marker) ? new RuleFile(f.path(),
                    f.content().replaceAll("(?m)^\\s*@passage[0-9]+\\(\"[^\"]*\"\\)\\s*\\n", "").replace(marker, marker + tags)) : f);
        }
        BuildResult build = engine.builder().build(changed, "test");
        assertTrue(build.ok(), "@passageN metadata is accepted by the loader: " + build.errors());
        try {
            return CoverageService.compute(build.ruleSet(), map, List.of(), gate.runner(), new ArrayList<>());
        } finally {
            build.ruleSet().retire();
        }
    }

    @Test
    void documentedInOpenApi() {
        String doc = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString();
        OpenAPI api = new OpenAPIV3Parser().readContents(doc).getOpenAPI();
        var get = api.getPaths().get("/rules/coverage").getGet();
        assertNotNull(get, "GET /rules/coverage is documented");
        assertEquals("#/components/schemas/Coverage",
                get.getResponses().get("200").getContent().get("application/json").getSchema().get$ref());
        var schemas = api.getComponents().getSchemas();
        for (String name : List.of("Coverage", "FindingCoverage", "ClaimView", "PassageRef", "CaseResult", "ProposalView", "ClaimStatus", "CoverageSummary", "PassagesFrom")) {
            assertNotNull(schemas.get(name), "schema " + name);
        }
        assertEquals(List.of("ENCODED", "NEEDS_FACT", "DESCRIPTIVE_ONLY", "COVERED_BY", "PROPOSED", "UNEXPLAINED"),
                schemas.get("ClaimStatus").getEnum());
        // The evaluation's own Summary schema is untouched by the coverage one.
        assertNotNull(schemas.get("Summary").getProperties().get("overallLegitimacyRisk"));
        assertNotNull(schemas.get("CoverageSummary").getProperties().get("findingsWithPassingCases"));
    }
}
