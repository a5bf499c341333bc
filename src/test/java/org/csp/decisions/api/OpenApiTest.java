package org.csp.decisions.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The generated OpenAPI document is valid, names every endpoint, lists every enum and carries the examples. */
@QuarkusTest
class OpenApiTest {

    @Test
    void documentValidatesAndDescribesTheApi() {
        String json = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString();
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(json);
        assertTrue(result.getMessages() == null || result.getMessages().isEmpty(), "invalid OpenAPI: " + result.getMessages());
        OpenAPI api = result.getOpenAPI();
        for (String path : List.of("/evaluate", "/evaluate/batch", "/rules", "/rules/reload", "/rules/validate")) {
            assertNotNull(api.getPaths().get(path), "missing path " + path);
        }
        var schemas = api.getComponents().getSchemas();
        assertEquals(List.of("EARLIER", "MIDDLE", "LATER"), enumOf(schemas.get("Phase")));
        assertEquals(List.of("PUBLIC", "BUSINESS", "NONPROFIT", "PHILANTHROPY", "RESIDENT"), enumOf(schemas.get("Sector")));
        assertEquals(8, enumOf(schemas.get("FieldMechanism")).size());
        assertNotNull(schemas.get("EvaluationRequest"));
        assertNotNull(schemas.get("Evaluation"));
        assertNotNull(schemas.get("Problem"));
        var post = api.getPaths().get("/evaluate").getPost();
        assertNotNull(post.getRequestBody().getContent().get("application/json").getExamples().get("A.10"));
        assertNotNull(post.getResponses().get("400").getContent().get("application/problem+json").getExamples().get("validation-failed"));
        assertTrue(json.contains("rhp-001"));
    }

    @Test
    void swaggerUiIsServed() {
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    static List<?> enumOf(Schema<?> schema) {
        assertNotNull(schema);
        return schema.getEnum();
    }
}
