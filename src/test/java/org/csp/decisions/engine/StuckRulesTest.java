package org.csp.decisions.engine;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 10.1: a consequence that never returns costs one evaluation thread, once. A flood of requests reaching it
 * never takes the HTTP worker threads (so GET /rules and health keep answering), the rule is quarantined after
 * {@code rules.quarantine-after} stuck calls, the served version says so, its threads are reclaimed, and a change of
 * its file brings it back.
 */
@QuarkusTest
@TestProfile(StuckRulesTest.Profile.class)
class StuckRulesTest {
    static final String RULE = "HANG-001 Consequence that never returns";

    public static class Profile implements QuarkusTestProfile {
        static final Path FOLDER = LiveRulesProfile.copyOfBundledRules();

        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.writeString(FOLDER.resolve("stuck.drl"), STUCK.formatted("while (System.nanoTime() != 0) { }"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return Map.ofEntries(Map.entry("rules.directory", FOLDER.toString()),
                    Map.entry("rules.watch", "false"), Map.entry("rules.admin-token", LiveRulesProfile.TOKEN),
                    Map.entry("rules.evaluation-timeout", "1s"), Map.entry("rules.evaluation-threads", "2"),
                    Map.entry("rules.evaluation-queue", "4"), Map.entry("rules.quarantine-after", "3"),
                    // A small HTTP worker pool: before the fix, stuck rules took these threads and /rules hung.
                    Map.entry("quarkus.thread-pool.max-threads", "8"));
        }
    }

    static final String STUCK = """
            package test.stuck;
            import org.csp.decisions.model.*;

            rule "HANG-001 Consequence that never returns"
                @id("HANG-001")
                @category("GOVERNANCE") @severity("LOW") @source("test.txt") @citation("Test")
                @paraphrase("A test study of many partnerships found that this holds here.") @explanation("Test.") @recommendation1("Fix the rule.")
            when
                Partnership( attributes["hang"] == true )
                $findings : FindingCollector()
            then
                %s
                $findings.emit(kcontext);
            end
            """;

    static final String HANG = "{\"partnership\":{\"id\":\"h\",\"name\":\"H\",\"attributes\":{\"hang\":true}},"
            + "\"partners\":[{\"id\":\"a\",\"name\":\"A\",\"sector\":\"PUBLIC\"}]}";

    /** Every call gives up after 15 s: a hanging endpoint fails the test instead of hanging it. */
    static final RestAssuredConfig BOUNDED = RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
            .setParam("http.connection.timeout", 15_000).setParam("http.socket.timeout", 15_000));
    /** A reload compiles and warms up a whole set: generous on a busy machine. */
    static final RestAssuredConfig RELOAD = RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
            .setParam("http.connection.timeout", 15_000).setParam("http.socket.timeout", 180_000));

    @Test
    void floodOfStuckRequestsIsQuarantinedAndReclaimedWhileRulesAndHealthAnswer() throws Exception {
        String before = given().config(BOUNDED).get("/rules").then().statusCode(200).extract().path("ruleSetVersion");
        ExecutorService clients = Executors.newFixedThreadPool(24);
        int named = 0;
        try {
            // Waves of 24 until the rule is quarantined (each wave: 2 threads stuck, the rest refused or queued).
            for (int wave = 0; wave < 6 && given().config(BOUNDED).get("/rules").path("quarantined.size()").equals(0); wave++) {
                List<Future<Response>> flood = new ArrayList<>();
                for (int i = 0; i < 24; i++) {
                    flood.add(clients.submit(() -> given().config(BOUNDED).contentType("application/json").body(HANG)
                            .post("/evaluate")));
                }
                // While the flood runs, the service's own endpoints answer.
                for (int i = 0; i < 5; i++) {
                    given().config(BOUNDED).get("/rules").then().statusCode(200);
                    given().config(BOUNDED).get("/q/health/ready").then().statusCode(200);
                    given().config(BOUNDED).get("/q/health/live").then().statusCode(200);
                    Thread.sleep(200);
                }
                for (Future<Response> f : flood) {
                    Response r = f.get(30, TimeUnit.SECONDS);
                    int status = r.statusCode();
                    if (status == 500) {
                        r.then().contentType("application/problem+json")
                                .body("type", endsWith("/rule-limit-exceeded")).body("rule", equalTo(RULE));
                        named++;
                    } else if (status == 503) {
                        r.then().contentType("application/problem+json").body("type", endsWith("/overloaded"));
                        assertTrue(r.header("Retry-After") != null, "503 without Retry-After");
                    } else {
                        // started after the quarantine: served without the rule
                        assertEquals(200, status, r.asString());
                        r.then().body("findings.id", not(hasItem("HANG-001")));
                    }
                }
                Thread.sleep(1500); // the stuck calls of this wave are found stuck and reclaimed
            }
            assertTrue(named >= 3, "only " + named + " calls were answered with the rule named");
        } finally {
            clients.shutdownNow();
        }

        Response rules = given().config(BOUNDED).get("/rules");
        rules.then().statusCode(200)
                .body("ruleSetVersion", equalTo(before + "+without:HANG-001"))
                .body("quarantined[0].rule", equalTo(RULE))
                .body("quarantined[0].reason", containsString("time limit"))
                .body("rules.name", not(hasItem(RULE)));
        int calls = rules.path("quarantined[0].calls");
        assertTrue(calls >= 3, "calls " + calls);
        assertTrue(rules.path("quarantined[0].time") != null);

        given().config(BOUNDED).get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'rules' }.data.quarantined", containsString("HANG-001"));
        given().config(BOUNDED).contentType("application/json").body(HANG).post("/evaluate").then().statusCode(200)
                .body("ruleSetVersion", equalTo(before + "+without:HANG-001"))
                .body("findings.id", not(hasItem("HANG-001")));
        given().config(BOUNDED).get("/q/metrics").then().statusCode(200)
                .body(containsString("csp_rules_quarantined 1.0"))
                .body(containsString("csp_rules_stuck_evaluations_total"));

        // The stuck threads are reclaimed: none is left running the consequence, and liveness is UP.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (consequenceThreads() > 0) {
            if (System.nanoTime() > deadline) {
                fail(consequenceThreads() + " threads still run the stuck consequence");
            }
            Thread.sleep(200);
        }
        given().config(BOUNDED).get("/q/health/live").then().statusCode(200)
                .body("checks.find { it.name == 'rule-threads' }.data.stuckThreads", equalTo(0));

        // Its file changes: the rule is back.
        Files.writeString(Profile.FOLDER.resolve("stuck.drl"), STUCK.formatted("// fixed"));
        given().config(RELOAD).header("Authorization", "Bearer " + LiveRulesProfile.TOKEN).post("/rules/reload")
                .then().statusCode(200).body("outcome", equalTo("LOADED"));
        given().config(BOUNDED).get("/rules").then().statusCode(200)
                .body("ruleSetVersion", not(containsString("+without")))
                .body("quarantined.size()", equalTo(0)).body("rules.name", hasItem(RULE));
        given().config(BOUNDED).contentType("application/json").body(HANG).post("/evaluate").then().statusCode(200)
                .body("findings.id", hasItem("HANG-001"));
    }

    /** Live threads whose stack is inside a consequence of the test rules (generated classes live in test.stuck). */
    static long consequenceThreads() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().startsWith("test.stuck.")))
                .count();
    }
}
