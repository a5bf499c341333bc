package org.csp.decisions.engine;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With rules.require-passing-cases=true a reload whose cases fail is refused like a compile error. */
@QuarkusTest
@TestProfile(CaseGateTest.Profile.class)
class CaseGateTest {
    static final String TOKEN = "gate-token";

    public static class Profile implements QuarkusTestProfile {
        static final Path FOLDER = LiveRulesProfile.copyOfBundledRules();

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rules.directory", FOLDER.toString(), "rules.require-passing-cases", "true",
                    "rules.watch", "false", "rules.admin-token", TOKEN);
        }
    }

    @Test
    void reloadWithFailingCasesIsRefusedAndTheLastGoodSetKeepsServing() throws Exception {
        String served = given().get("/rules").then().extract().path("ruleSetVersion");
        Path rule = Profile.FOLDER.resolve("governance/GOV-008.drl");
        String original = Files.readString(rule);
        // A plausible slip: GOV-008 now needs an unknown home, so its must-fire cases fail.
        Files.writeString(rule, original.replace("governance.home == GovernanceHome.GOVERNMENT_DEPARTMENT )", "governance.home == GovernanceHome.ARMS_LENGTH_ENTITY )"));
        try {
            given().header("Authorization", "Bearer " + TOKEN).post("/rules/reload").then().statusCode(200)
                    .body("outcome", equalTo("FAILED"))
                    .body("errors.file", hasItem("governance/GOV-008.cases.json"))
                    .body("errors[0].message", containsString("missing GOV-008"));
            given().get("/rules").then().body("ruleSetVersion", equalTo(served)).body("lastReload.outcome", equalTo("FAILED"));
        } finally {
            Files.writeString(rule, original);
        }
        given().header("Authorization", "Bearer " + TOKEN).post("/rules/reload").then().statusCode(200)
                .body("outcome", equalTo("UNCHANGED"));
    }
}
