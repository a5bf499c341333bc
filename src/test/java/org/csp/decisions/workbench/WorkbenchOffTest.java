package org.csp.decisions.workbench;

import static io.restassured.RestAssured.given;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Without rules.admin-token the workbench does not exist, like the admin endpoints. */
@QuarkusTest
class WorkbenchOffTest {

    @Test
    void everyPageAndEndpointIs404() {
        for (String path : List.of("/", "/signin", "/try", "/status", "/edit", "/rules/files", "/rules/history")) {
            given().redirects().follow(false).get(path).then().statusCode(404);
        }
        given().redirects().follow(false).formParam("token", "").post("/signin").then().statusCode(404);
        given().contentType("application/json").body("{\"changes\":[]}").post("/rules/changes/validate").then().statusCode(404);
    }
}
