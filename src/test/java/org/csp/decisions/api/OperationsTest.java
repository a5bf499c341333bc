package org.csp.decisions.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** What a platform team watches: request ids, health, metrics, and safe defaults. */
@QuarkusTest
class OperationsTest {
    static final String VALID = "{\"partnership\":{\"id\":\"ops\",\"name\":\"Ops\",\"form\":\"INTEGRATIVE\"},"
            + "\"partners\":[{\"id\":\"n\",\"name\":\"N\",\"sector\":\"NONPROFIT\"},{\"id\":\"b\",\"name\":\"B\",\"sector\":\"BUSINESS\"}]}";

    @Test
    void everyAnswerCarriesARequestId() {
        given().header("X-Request-Id", "abc-123").contentType("application/json").body(VALID).post("/evaluate")
                .then().statusCode(200).header("X-Request-Id", equalTo("abc-123"));
        given().contentType("application/json").body(VALID).post("/evaluate")
                .then().statusCode(200).header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"));
        given().header("X-Request-Id", "bad id\twith spaces").contentType("text/plain").body("x").post("/evaluate")
                .then().statusCode(415).header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"));
        given().get("/nowhere").then().statusCode(404).header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"));
    }

    @Test
    void healthShowsTheServedRuleSet() {
        String version = given().get("/rules").then().extract().path("ruleSetVersion");
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'rules' }.data.ruleSetVersion", equalTo(version))
                .body("checks.find { it.name == 'rules' }.data.ruleCount", greaterThan(45))
                .body("checks.find { it.name == 'rules' }.data.lastReload", equalTo("LOADED"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metricsCountEvaluationsFindingsAndReloads() {
        given().contentType("application/json").body(VALID).post("/evaluate").then().statusCode(200);
        given().contentType("application/json").body("{}").post("/evaluate").then().statusCode(400);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("csp_evaluations_total{outcome=\"ok\"}"))
                .body(containsString("csp_evaluations_total{outcome=\"invalid\"}"))
                .body(containsString("csp_evaluation_duration_seconds_bucket"))
                .body(containsString("csp_findings_total{id=\"LEG-001\"}"))
                .body(containsString("csp_rules_reloads_total{outcome=\"LOADED\"}"))
                .body(containsString("csp_rules_loaded"));
    }

    @Test
    void corsIsOffByDefault() {
        given().header("Origin", "https://elsewhere.example").header("Access-Control-Request-Method", "POST")
                .options("/evaluate").then().header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", "https://elsewhere.example").contentType("application/json").body(VALID).post("/evaluate")
                .then().statusCode(200).header("Access-Control-Allow-Origin", nullValue());
    }
}
