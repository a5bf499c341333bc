package org.csp.decisions.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/openapi.json is the OpenAPI document the service serves at /q/openapi, kept in the repository so the API is
 * documented without running anything; this test fails when it is out of date. Regenerate:
 * {@code ./mvnw -q test -Dtest=OpenApiDocTest -Dopenapi.write=true}.
 */
@QuarkusTest
class OpenApiDocTest {
    static final Path DOCUMENT = Path.of("docs/openapi.json");

    @Test
    void theCommittedDocumentIsTheOneServed() throws Exception {
        String served = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString();
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        String pretty = json.writeValueAsString(json.readTree(served)) + "\n";
        if (Boolean.getBoolean("openapi.write")) {
            Files.writeString(DOCUMENT, pretty);
            return;
        }
        assertTrue(Files.exists(DOCUMENT), DOCUMENT + " is missing; regenerate it with -Dopenapi.write=true");
        assertEquals(pretty, Files.readString(DOCUMENT), DOCUMENT + " is out of date: regenerate it with "
                + "./mvnw -q test -Dtest=OpenApiDocTest -Dopenapi.write=true and commit it");
    }
}
