package org.csp.decisions.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code POST /evaluate/batch} (FINDINGS.md A.11). */
@QuarkusTest
class BatchTest {
    static final String TYPE = "https://csp-decisions/problems/";

    static String item(String id, String form) {
        return "{\"partnership\":{\"id\":\"" + id + "\",\"name\":\"N\",\"form\":\"" + form + "\"},\"partners\":["
                + "{\"id\":\"n\",\"name\":\"N\",\"sector\":\"NONPROFIT\"},{\"id\":\"b\",\"name\":\"B\",\"sector\":\"BUSINESS\"}]}";
    }

    @Test
    void answersEachItemInOrderAndIsolatesInvalidOnes() {
        String body = "[" + item("one", "INTEGRATIVE") + ","
                + "{\"partnership\":{\"id\":\"two\",\"name\":\"N\",\"phase\":\"late\"},\"partners\":[]},"
                + item("three", "TRANSACTIONAL") + ", 42]";
        given().contentType("application/json").body(body).post("/evaluate/batch").then()
                .statusCode(200).contentType("application/json")
                .body("size()", equalTo(4))
                .body("[0].partnershipId", equalTo("one"))
                .body("[0].findings.id", hasItem("LEG-001"))
                .body("[0].findings.id", not(hasItem("LEG-002")))
                .body("[1].status", equalTo(400))
                .body("[1].type", equalTo(TYPE + "validation-failed"))
                .body("[1].violations.field", hasItem("partnership.phase"))
                .body("[1].violations.field", hasItem("partners"))
                .body("[2].partnershipId", equalTo("three"))
                .body("[2].findings.id", hasItem("LEG-002"))
                .body("[3].status", equalTo(400))
                .body("[3].violations.field", hasItem("$"));
    }

    @Test
    void anInvalidItemCountsAsInvalidNotAsAFailedEvaluation() {
        double ok = evaluations("ok"), invalid = evaluations("invalid"), error = evaluations("error");
        String body = "[" + item("fine", "INTEGRATIVE") + ",{\"partnership\":{\"id\":\"bad\",\"phase\":\"late\"},\"partners\":[]}]";
        given().contentType("application/json").body(body).post("/evaluate/batch").then().statusCode(200)
                .body("[0].partnershipId", equalTo("fine"))
                .body("[1].status", equalTo(400))
                .body("[1].violations.field", hasItem("partnership.phase"));
        assertEquals(ok + 1, evaluations("ok"));
        assertEquals(invalid + 1, evaluations("invalid"));
        assertEquals(error, evaluations("error"), "an item that cannot be read is not a rule failure");
    }

    /** csp_evaluations_total for one outcome, from /q/metrics (0 before the first). */
    static double evaluations(String outcome) {
        String prefix = "csp_evaluations_total{outcome=\"" + outcome + "\"} ";
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(l -> l.startsWith(prefix)).mapToDouble(l -> Double.parseDouble(l.substring(prefix.length())))
                .findFirst().orElse(0);
    }

    @Test
    void wholeBodyErrors() {
        given().contentType("application/json").body("{}").post("/evaluate/batch").then().statusCode(400)
                .contentType("application/problem+json").body("type", equalTo(TYPE + "validation-failed"));
        given().contentType("application/json").body("[]").post("/evaluate/batch").then().statusCode(400)
                .contentType("application/problem+json").body("type", equalTo(TYPE + "validation-failed"));
        given().contentType("application/json").body("[").post("/evaluate/batch").then().statusCode(400)
                .contentType("application/problem+json").body("type", equalTo(TYPE + "malformed-json"));
        given().contentType("application/json").body("").post("/evaluate/batch").then().statusCode(400)
                .contentType("application/problem+json").body("type", equalTo(TYPE + "malformed-json"));
        given().contentType("text/plain").body("[]").post("/evaluate/batch").then().statusCode(415)
                .contentType("application/problem+json").body("type", equalTo(TYPE + "unsupported-media-type"));
        String tooMany = "[" + String.join(",", Collections.nCopies(1001, item("x", "INTEGRATIVE"))) + "]";
        given().contentType("application/json").body(tooMany).post("/evaluate/batch").then().statusCode(400)
                .contentType("application/problem+json").body("type", equalTo(TYPE + "validation-failed"));
    }

    /**
     * A batch item's answer is, byte for byte, what POST /evaluate answers for the same request (but the time it was
     * evaluated), full and compact: the items are written as JSON on the rule threads and joined here.
     */
    @Test
    void eachItemIsWhatEvaluateAnswersForIt() throws Exception {
        String a10 = java.nio.file.Files.readString(java.nio.file.Path.of("examples/a10-request.json"));
        for (String view : List.of("full", "compact")) {
            String single = given().contentType("application/json").body(a10).queryParam("view", view)
                    .post("/evaluate").then().statusCode(200).extract().asString();
            String batch = given().contentType("application/json").body("[" + a10 + "," + a10 + "]")
                    .queryParam("view", view).post("/evaluate/batch").then().statusCode(200).extract().asString();
            String at = "\"evaluatedAt\":\"[^\"]*\"";
            String expected = single.replaceAll(at, "AT");
            assertEquals("[" + expected + "," + expected + "]", batch.replaceAll(at, "AT"), view);
        }
    }

    @Test
    void acceptsAThousandItems() {
        String thousand = "[" + String.join(",", Collections.nCopies(1000, item("x", "INTEGRATIVE"))) + "]";
        given().contentType("application/json").body(thousand).post("/evaluate/batch").then().statusCode(200)
                .body("size()", equalTo(1000)).body("[999].findings.id", hasItem("LEG-001"));
    }
}
