package org.csp.decisions.contract;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.csp.decisions.api.OpenApiDefinition;
import org.junit.jupiter.api.Test;

/**
 * src/main/openapi/openapi.json (the document the client is generated from, and the one to hand to other teams) is
 * exactly the document the service serves. Refresh it after changing the API:
 * {@code ./mvnw -q test -Dtest=OpenApiDocumentTest -Dopenapi.refresh=true} (then bump
 * OpenApiDefinition.API_VERSION if the API changed, and rerun).
 */
@QuarkusTest
class OpenApiDocumentTest {
    static final Path COMMITTED = Path.of("src/main/openapi/openapi.json");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Test
    void theCommittedCopyIsTheServedDocument() throws Exception {
        String served = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString();
        JsonNode servedTree = JSON.readTree(served);
        assertEquals("3.0.3", servedTree.path("openapi").asText());
        assertEquals(OpenApiDefinition.API_VERSION, servedTree.path("info").path("version").asText());
        if (Boolean.getBoolean("openapi.refresh")) {
            Files.writeString(COMMITTED, JSON.writeValueAsString(servedTree) + "\n", StandardCharsets.UTF_8);
        }
        JsonNode committed = JSON.readTree(Files.readString(COMMITTED));
        if (!committed.equals(servedTree)) {
            String hint = committed.path("info").path("version").equals(servedTree.path("info").path("version"))
                    ? " If the API changed, also bump OpenApiDefinition.API_VERSION (now " + OpenApiDefinition.API_VERSION + ")."
                    : "";
            fail("The served OpenAPI document differs from " + COMMITTED + ". Refresh it with "
                    + "./mvnw -q test -Dtest=OpenApiDocumentTest -Dopenapi.refresh=true and commit it (the generated client "
                    + "is built from it)." + hint);
        }
    }
}
