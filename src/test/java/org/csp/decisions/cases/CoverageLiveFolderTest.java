package org.csp.decisions.cases;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.csp.decisions.engine.LiveRulesProfile;
import org.junit.jupiter.api.Test;

/**
 * GET /rules/coverage reads the map of the folder being served: an analyst's edit of the map shows at the next call
 * (the cached answer is keyed by rule set, map and case files), without a reload of the rules.
 */
@QuarkusTest
@TestProfile(LiveRulesProfile.class)
class CoverageLiveFolderTest {

    @Test
    void anEditedMapIsServedAtTheNextCall() throws Exception {
        Path map = LiveRulesProfile.FOLDER.resolve("traceability/002_80e93118022a0e8d.map.json");
        String original = Files.readString(map, StandardCharsets.UTF_8);
        JsonPath before = JsonPath.from(given().get("/rules/coverage").then().statusCode(200).extract().asString());
        assertFalse(problems(before).stream().anyMatch(p -> p.contains("GOV-008")), problems(before).toString());
        try {
            Files.writeString(map, original.replace("\"encodedBy\": [\"GOV-008\"]", "\"encodedBy\": [\"GOV-007\"]"),
                    StandardCharsets.UTF_8);
            JsonPath after = JsonPath.from(given().get("/rules/coverage").then().statusCode(200).extract().asString());
            assertEquals(before.getString("ruleSetVersion"), after.getString("ruleSetVersion"), "the rules did not change");
            assertNotEquals(before.getString("mapVersion"), after.getString("mapVersion"));
            // GOV-008's rule names its passages (@passageN), so the edited map now disagrees with it.
            assertTrue(problems(after).stream().anyMatch(p -> p.startsWith(
                    "finding GOV-008: rule metadata cites [002#p10, 002#p13] but the map's encodedBy gives []")),
                    problems(after).toString());
        } finally {
            Files.writeString(map, original, StandardCharsets.UTF_8);
        }
        JsonPath restored = JsonPath.from(given().get("/rules/coverage").then().statusCode(200).extract().asString());
        assertEquals(before.getString("mapVersion"), restored.getString("mapVersion"));
        assertFalse(problems(restored).stream().anyMatch(p -> p.contains("GOV-008")));
    }

    private static List<String> problems(JsonPath json) {
        return json.getList("problems");
    }
}
