package org.csp.decisions.engine;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Issue 10.2: every evaluation anywhere has the firing cap and the time limit, and fails alone, named: batch items,
 * the warm-up of a new rule set, the cases of a zip sent to /rules/validate; a rule that throws is named too.
 */
@QuarkusTest
@TestProfile(BoundedEverywhereTest.Profile.class)
class BoundedEverywhereTest {
    static final String TOKEN = LiveRulesProfile.TOKEN;

    public static class Profile implements QuarkusTestProfile {
        static final Path FOLDER = LiveRulesProfile.copyOfBundledRules();

        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.writeString(FOLDER.resolve("misbehaving.drl"), MISBEHAVING);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return Map.of("rules.directory", FOLDER.toString(), "rules.watch", "false", "rules.admin-token", TOKEN,
                    "rules.evaluation-timeout", "1s", "rules.quarantine-after", "1000");
        }
    }

    static final String META = """
                @category("GOVERNANCE") @severity("LOW") @source("test.txt") @citation("Test")
                @paraphrase("A test study of many partnerships found that this holds here.") @explanation("Test.") @recommendation1("Fix the rule.")
            """;

    static final String SPIN_RULE = """
            rule "SPIN-001 Spins when asked"
                @id("SPIN-001")
            """ + META + """
            when
                Partnership( attributes["spin"] == true )
                $findings : FindingCollector()
            then
                while (System.nanoTime() != 0) { }
                $findings.emit(kcontext);
            end
            """;

    static final String MISBEHAVING = """
            package test.misbehaving;
            import org.csp.decisions.model.*;

            """ + SPIN_RULE + """

            rule "BOOM-001 Throws when asked"
                @id("BOOM-001")
            """ + META + """
            when
                Partnership( attributes["boom"] == true )
                $findings : FindingCollector()
            then
                if ($findings != null) { throw new IllegalStateException("boom"); }
                $findings.emit(kcontext);
            end
            """;

    static final String WARM_SPIN = """
            package test.warm;
            import org.csp.decisions.model.*;

            rule "WARM-001 Spins on every request"
                @id("WARM-001")
            """ + META + """
            when
                Partnership()
                $findings : FindingCollector()
            then
                while (System.nanoTime() != 0) { }
                $findings.emit(kcontext);
            end
            """;

    static final RestAssuredConfig BOUNDED = RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
            .setParam("http.connection.timeout", 60_000).setParam("http.socket.timeout", 180_000));

    static String request(String attribute) {
        return "{\"partnership\":{\"id\":\"r\",\"name\":\"R\"" + (attribute == null ? "" : ",\"attributes\":{\"" + attribute + "\":true}")
                + "},\"partners\":[{\"id\":\"a\",\"name\":\"A\",\"sector\":\"PUBLIC\"},{\"id\":\"b\",\"name\":\"B\",\"sector\":\"PUBLIC\"}]}";
    }

    @Test
    void spinningAndThrowingBatchItemsFailAloneAndNamed() {
        given().config(BOUNDED).contentType("application/json")
                .body("[" + request("spin") + "," + request(null) + "," + request("boom") + "]")
                .post("/evaluate/batch").then().statusCode(200)
                .body("[0].status", equalTo(500)).body("[0].type", endsWith("/rule-limit-exceeded"))
                .body("[0].rule", equalTo("SPIN-001 Spins when asked"))
                .body("[1].partnershipId", equalTo("r")).body("[1].findings.id", hasItem("COO-006"))
                .body("[2].status", equalTo(500)).body("[2].type", endsWith("/rule-failed"))
                .body("[2].rule", equalTo("BOOM-001 Throws when asked"))
                .body("[2].detail", containsString("boom"));
    }

    @Test
    void throwingRuleIsNamedForASingleRequest() {
        given().config(BOUNDED).contentType("application/json").body(request("boom")).post("/evaluate").then()
                .statusCode(500).contentType("application/problem+json")
                .body("type", endsWith("/rule-failed")).body("rule", equalTo("BOOM-001 Throws when asked"))
                .body("detail", containsString("IllegalStateException: boom"));
    }

    @Test
    void ruleThatRunsAwayOnTheWarmUpFailsTheReloadNamedAndTheLockIsFree() throws Exception {
        String served = given().config(BOUNDED).get("/rules").then().statusCode(200).extract().path("ruleSetVersion");
        Path file = Profile.FOLDER.resolve("warm.drl");
        Files.writeString(file, WARM_SPIN);
        try {
            given().config(BOUNDED).header("Authorization", "Bearer " + TOKEN).post("/rules/reload").then()
                    .statusCode(200).body("outcome", equalTo("FAILED"))
                    .body("errors[0].file", equalTo("warm.drl"))
                    .body("errors[0].message", containsString("WARM-001 Spins on every request"));
        } finally {
            Files.delete(file);
        }
        given().config(BOUNDED).get("/rules").then().statusCode(200).body("ruleSetVersion", equalTo(served));
        given().config(BOUNDED).get("/q/health/ready").then().statusCode(200);
        // The reload lock is free: the next reloads answer.
        given().config(BOUNDED).header("Authorization", "Bearer " + TOKEN).post("/rules/reload").then()
                .statusCode(200).body("outcome", equalTo("UNCHANGED"));
    }

    @Test
    void validateZipWhoseCaseSpinsIsAnsweredWithTheCaseFailedAndNamed() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("rules/spin.drl"));
            zip.write(("package test.zip;\nimport org.csp.decisions.model.*;\n\n" + SPIN_RULE).getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("rules/cases/spin/SPIN-001.json"));
            zip.write(("{\"finding\":\"SPIN-001\",\"cases\":[{\"name\":\"spins\",\"request\":" + request("spin")
                    + ",\"expectPresent\":[\"SPIN-001\"]},{\"name\":\"quiet\",\"request\":" + request(null)
                    + ",\"expectAbsent\":[\"SPIN-001\"]}]}").getBytes(StandardCharsets.UTF_8));
        }
        long start = System.nanoTime();
        Response r = given().config(BOUNDED).header("Authorization", "Bearer " + TOKEN).contentType("application/zip")
                .body(bytes.toByteArray()).post("/rules/validate");
        r.then().statusCode(200).body("valid", equalTo(false)).body("cases.total", equalTo(2))
                .body("cases.passed", equalTo(1))
                .body("cases.failures[0].label", containsString("spins"))
                .body("cases.failures[0].problems[0]", containsString("SPIN-001 Spins when asked"));
        assertTrue(System.nanoTime() - start < 50_000_000_000L, "validation took too long");
    }
}
