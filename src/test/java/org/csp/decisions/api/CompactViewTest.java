package org.csp.decisions.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code ?view=compact}: ids, categories, severities, subjects and the summary, no prose; the default is unchanged. */
@QuarkusTest
class CompactViewTest {
    static String a10() throws Exception {
        return Files.readString(Path.of("examples/a10-request.json"));
    }

    @Test
    void compactAnswerHasTheFindingsWithoutProse() throws Exception {
        given().contentType("application/json").body(a10()).post("/evaluate?view=compact").then().statusCode(200)
                .body("partnershipId", equalTo("rhp-001")).body("ruleSetVersion", containsString("sha256:"))
                .body("findings.id", hasItem("LEG-001"))
                .body("findings", everyItem(hasKey("category"))).body("findings", everyItem(hasKey("severity")))
                .body("findings", everyItem(hasKey("subjects")))
                .body("findings", everyItem(not(hasKey("explanation")))).body("findings", everyItem(not(hasKey("title"))))
                .body("findings", everyItem(not(hasKey("recommendations"))))
                .body("findings", everyItem(not(hasKey("triggeringFacts")))).body("findings", everyItem(not(hasKey("source"))))
                .body("summary", notNullValue()).body("$", not(hasKey("firedRules")));
    }

    @Test
    void defaultAndFullAreTheWholeAnswer() throws Exception {
        given().contentType("application/json").body(a10()).post("/evaluate").then().statusCode(200)
                .body("findings[0]", hasKey("explanation")).body("findings[0]", hasKey("recommendations"));
        given().contentType("application/json").body(a10()).post("/evaluate?view=full").then().statusCode(200)
                .body("findings[0]", hasKey("explanation"));
    }

    @Test
    void batchItemsAreCompactToo() throws Exception {
        given().contentType("application/json").body("[" + a10() + "," + a10() + "]").post("/evaluate/batch?view=compact")
                .then().statusCode(200).body("[1].partnershipId", equalTo("rhp-001")).body("[0].findings.id", hasItem("LEG-001"))
                .body("[0].findings[0]", not(hasKey("explanation")));
    }

    @Test
    void anUnknownViewIsA400NamingIt() throws Exception {
        given().contentType("application/json").body(a10()).post("/evaluate?view=tiny").then().statusCode(400)
                .contentType("application/problem+json").body("violations[0].field", equalTo("view"));
    }

    @Test
    void theCompactSchemaIsInTheOpenApiDocument() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("components.schemas", hasKey("CompactEvaluation"))
                .body("components.schemas.CompactEvaluation.properties", not(hasKey("firedRules")))
                .body("paths.'/evaluate'.post.parameters.name", hasItem("view"));
    }
}
