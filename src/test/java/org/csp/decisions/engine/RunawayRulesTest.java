package org.csp.decisions.engine;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Rules that loop or run too long are stopped, named in a clear 5xx problem, counted, and the service stays up. */
@QuarkusTest
@TestProfile(RunawayRulesTest.Profile.class)
class RunawayRulesTest {

    public static class Profile implements QuarkusTestProfile {
        static final Path FOLDER = LiveRulesProfile.copyOfBundledRules();

        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.writeString(FOLDER.resolve("runaway.drl"), RUNAWAY);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return Map.of("rules.directory", FOLDER.toString(), "rules.evaluation-timeout", "3s", "rules.watch", "false");
        }
    }

    static final String META = """
                @category("GOVERNANCE") @severity("LOW") @source("test.txt") @citation("Test")
                @paraphrase("A test study found that rules can run away without a cap.") @explanation("Test.") @recommendation1("Fix the rule.")
            """;

    static final String RUNAWAY = """
            package test.runaway;
            import org.csp.decisions.model.*;

            // Fires once per triple of partners: 50 partners give 125,000 firings, past the cap of 10,000.
            rule "RUN-001 Combinatorial explosion"
                @id("RUN-001")
            """ + META + """
            when
                Partnership( attributes["explode"] == true )
                Partner() Partner() Partner()
                $findings : FindingCollector()
            then
                $findings.emit(kcontext);
            end

            // A consequence that never yields: busy for 30 s, ignoring interrupts.
            rule "RUN-002 Endless consequence"
                @id("RUN-002")
            """ + META + """
            when
                Partnership( attributes["spin"] == true )
                $findings : FindingCollector()
            then
                long end = System.nanoTime() + 30_000_000_000L;
                while (System.nanoTime() < end) { }
                $findings.emit(kcontext);
            end
            """;

    static String request(String attribute, int partners) {
        String list = IntStream.range(0, partners).mapToObj(i -> "{\"id\":\"p" + i + "\",\"name\":\"P\",\"sector\":\"PUBLIC\"}")
                .collect(Collectors.joining(","));
        return "{\"partnership\":{\"id\":\"r\",\"name\":\"R\"" + (attribute == null ? "" : ",\"attributes\":{\"" + attribute + "\":true}")
                + "},\"partners\":[" + list + "]}";
    }

    @Test
    void loopingRuleIsStoppedByTheFiringCapAndNamed() {
        given().contentType("application/json").body(request("explode", 50)).post("/evaluate").then()
                .statusCode(500).contentType("application/problem+json")
                .body("type", equalTo("https://csp-decisions/problems/rule-limit-exceeded"))
                .body("rule", equalTo("RUN-001 Combinatorial explosion"))
                .body("detail", containsString("10000 rule firings"));
        given().contentType("application/json").body(request(null, 3)).post("/evaluate").then().statusCode(200);
    }

    @Test
    void endlessConsequenceIsAnsweredWithinTheTimeLimitWhileOthersSucceed() throws Exception {
        long start = System.nanoTime();
        CompletableFuture<io.restassured.response.Response> spinning = CompletableFuture.supplyAsync(() ->
                given().contentType("application/json").body(request("spin", 2)).post("/evaluate"));
        for (int i = 0; i < 20; i++) {
            given().contentType("application/json").body(request(null, 3)).post("/evaluate").then().statusCode(200);
        }
        io.restassured.response.Response answer = spinning.get();
        long millis = (System.nanoTime() - start) / 1_000_000;
        answer.then().statusCode(500).contentType("application/problem+json")
                .body("rule", equalTo("RUN-002 Endless consequence"))
                .body("detail", containsString("time limit of 3000 ms"));
        // The consequence spins for 30 s; the answer comes at the 3 s limit (plus scheduling on a busy machine).
        assertTrue(millis < 10_000, "answered after " + millis + " ms");
        given().contentType("application/json").body(request(null, 3)).post("/evaluate").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("csp_evaluations_total{outcome=\"runaway\"}"));
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void batchItemsRunAwayAlone() {
        given().contentType("application/json").body("[" + request("explode", 50) + "," + request(null, 2) + "]")
                .post("/evaluate/batch").then().statusCode(200)
                .body("[0].status", equalTo(500)).body("[0].rule", equalTo("RUN-001 Combinatorial explosion"))
                .body("[1].partnershipId", equalTo("r")).body("[1].findings.id", hasItem("COO-006"));
    }
}
