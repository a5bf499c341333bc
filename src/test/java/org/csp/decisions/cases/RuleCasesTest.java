package org.csp.decisions.cases;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.csp.decisions.engine.RuleFile;
import org.csp.decisions.engine.RulesFolder;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every case file of the bundled rules folder ({@code rules/<area>/<ID>.cases.json}) through HTTP: one dynamic
 * test per case, named after its file and case. Analysts add cases by adding JSON, never Java.
 */
@QuarkusTest
class RuleCasesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<RuleCase> allCases() throws IOException {
        List<String> errors = new ArrayList<>();
        List<RuleCase> cases = new ArrayList<>();
        for (RuleFile file : RulesFolder.bundled().caseFiles()) {
            cases.addAll(CaseFiles.parse(file, errors));
        }
        if (!errors.isEmpty()) {
            fail("unreadable case files: " + errors);
        }
        return cases;
    }

    @TestFactory
    Stream<DynamicTest> everyCaseHoldsThroughHttp() throws IOException {
        List<RuleCase> cases = allCases();
        assertTrue(cases.size() >= 94, "expected at least one positive and one negative case per finding, found " + cases.size());
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.label(), () -> {
            String body = given().contentType("application/json").body(JSON.writeValueAsString(c.request()))
                    .when().post("/evaluate")
                    .then().statusCode(200).extract().asString();
            JsonNode answer = JSON.readTree(body);
            List<String> problems = CaseChecker.check(c, answer);
            if (!problems.isEmpty()) {
                fail(c.label() + ": " + String.join("; ", problems));
            }
        }));
    }
}
