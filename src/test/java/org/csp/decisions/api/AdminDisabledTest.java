package org.csp.decisions.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Without rules.admin-token the endpoints that reload or compile rules do not exist, whatever the caller sends. */
@QuarkusTest
class AdminDisabledTest {
    @Test
    void adminEndpointsAreOffByDefault() {
        given().header("Authorization", "Bearer anything").post("/rules/reload").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("disabled"));
        given().header("Authorization", "Bearer anything").contentType("text/plain").body("rule")
                .post("/rules/validate").then().statusCode(404).contentType("application/problem+json");
    }
}
