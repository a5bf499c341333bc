package org.csp.decisions.contract;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.builder.ResponseBuilder;
import io.restassured.filter.Filter;
import io.restassured.http.Header;
import io.restassured.http.Headers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The contract filter is installed for every HTTP test and can fail: a fake server (a filter after it that answers
 * without asking the service) returns deliberately wrong answers, and the request fails with the document's
 * complaint.
 */
@QuarkusTest
class ContractFilterTest {
    static final String A10 = read("examples/a10-request.json");
    static final String A10_ANSWER = read("examples/a10-response.json");

    static String read(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A stand-in for the service that answers {@code status} with {@code body}. */
    static Filter fake(int status, String contentType, String body) {
        return (request, response, context) -> new ResponseBuilder().setStatusCode(status)
                .setStatusLine("HTTP/1.1 " + status)
                .setHeaders(new Headers(new Header("Content-Type", contentType), new Header("X-Request-Id", "fake")))
                .setContentType(contentType).setBody(body).build();
    }

    /** A deliberate violation: it must fail the request, and is then forgotten so it does not fail this test. */
    static AssertionError violation(Executable exchange) {
        AssertionError error = assertThrows(AssertionError.class, exchange);
        assertTrue(!ContractFilter.takeRecorded().isEmpty(), "the violation was recorded");
        return error;
    }

    @Test
    void isInstalledForEveryQuarkusTest() {
        assertTrue(RestAssured.filters().stream().anyMatch(f -> f instanceof ContractFilter), "filters: " + RestAssured.filters());
    }

    @Test
    void theRealAnswerAndTheStoredExampleMeetTheDocument() {
        given().contentType("application/json").body(A10).post("/evaluate").then().statusCode(200);
        assertDoesNotThrow(() -> given().filter(fake(200, "application/json", A10_ANSWER))
                .contentType("application/json").body(A10).post("/evaluate"));
    }

    @Test
    void anAnswerThatBreaksTheDocumentFailsTheTest() {
        // An empty category's highestSeverity as a made-up value instead of null.
        String wrong = A10_ANSWER.replace("\"highestSeverity\": null", "\"highestSeverity\": \"NONE\"");
        assertTrue(!wrong.equals(A10_ANSWER));
        AssertionError error = violation(() -> given().filter(fake(200, "application/json", wrong))
                .contentType("application/json").body(A10).post("/evaluate"));
        assertTrue(error.getMessage().contains("response 200") && error.getMessage().contains("highestSeverity"), error.getMessage());

        // A field the document does not know, and a missing required one.
        String extra = A10_ANSWER.replaceFirst("\"partnershipId\"", "\"score\": 3, \"partnershipId\"");
        violation(() -> given().filter(fake(200, "application/json", extra))
                .contentType("application/json").body(A10).post("/evaluate"));
        String missing = A10_ANSWER.replaceFirst("\"firedRules\"", "\"firedRulesX\"");
        violation(() -> given().filter(fake(200, "application/json", missing))
                .contentType("application/json").body(A10).post("/evaluate"));
    }

    @Test
    void anErrorAnswerIsCheckedToo() {
        String noViolationsShape = "{\"type\":\"https://csp-decisions/problems/validation-failed\",\"title\":\"Request validation failed\",\"status\":\"400\",\"detail\":\"x\"}";
        AssertionError error = violation(() -> given().filter(fake(400, "application/problem+json", noViolationsShape))
                .contentType("application/json").body("{}").post("/evaluate"));
        assertTrue(error.getMessage().contains("response 400"), error.getMessage());
        // An undocumented status fails as well.
        violation(() -> given().filter(fake(418, "application/problem+json",
                "{\"type\":\"https://csp-decisions/problems/teapot\",\"title\":\"t\",\"status\":418,\"detail\":\"d\"}"))
                .contentType("application/json").body("{}").post("/evaluate"));
    }

    @Test
    void aRequestTheServiceAcceptsMustBeValidButOneItRejectsNeedNot() {
        String unknownProperty = A10.replaceFirst("\"partnership\"", "\"phse\": \"MIDDLE\", \"partnership\"");
        // Had the service accepted it, the document would be wrong about what the service accepts.
        AssertionError error = violation(() -> given().filter(fake(200, "application/json", A10_ANSWER))
                .contentType("application/json").body(unknownProperty).post("/evaluate"));
        assertTrue(error.getMessage().contains("accepted request"), error.getMessage());
        // The real service rejects it: a request sent to be rejected is not held against the document.
        given().contentType("application/json").body(unknownProperty).post("/evaluate").then().statusCode(400);
    }

    /** Every optional field of A.10 set to null (nested objects' fields, then the nested objects themselves). */
    @Test
    void nullInEveryOptionalFieldIsAcceptedByTheServiceAndTheDocument() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        var request = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(A10);
        var partnership = (com.fasterxml.jackson.databind.node.ObjectNode) request.get("partnership");
        java.util.List<String> nested = new java.util.ArrayList<>();
        partnership.fieldNames().forEachRemaining(name -> {
            if (!name.equals("id") && !name.equals("name")) {
                nested.add(name);
            }
        });
        for (String name : nested) {
            if (partnership.get(name).isObject() && !name.equals("attributes")) {
                var object = (com.fasterxml.jackson.databind.node.ObjectNode) partnership.get(name);
                java.util.List<String> fields = new java.util.ArrayList<>();
                object.fieldNames().forEachRemaining(fields::add);
                fields.forEach(object::putNull);
            } else {
                partnership.putNull(name);
            }
        }
        for (var partner : request.get("partners")) {
            var object = (com.fasterxml.jackson.databind.node.ObjectNode) partner;
            java.util.List<String> fields = new java.util.ArrayList<>();
            object.fieldNames().forEachRemaining(fields::add);
            fields.stream().filter(f -> !java.util.Set.of("id", "name", "sector").contains(f)).forEach(object::putNull);
        }
        for (String section : java.util.List.of("agreements", "coordination")) {
            var object = (com.fasterxml.jackson.databind.node.ObjectNode) request.get(section);
            java.util.List<String> fields = new java.util.ArrayList<>();
            object.fieldNames().forEachRemaining(fields::add);
            fields.forEach(object::putNull);
        }
        String fieldsNull = json.writeValueAsString(request);
        assertTrue(fieldsNull.contains("\"phase\":null") && fieldsNull.contains("\"established\":null")
                && fieldsNull.contains("\"resourceShare\":null") && fieldsNull.contains("\"fieldMechanisms\":null"), fieldsNull);
        given().contentType("application/json").body(fieldsNull).post("/evaluate").then().statusCode(200);

        for (String name : nested) {
            partnership.putNull(name);
        }
        request.putNull("agreements");
        request.putNull("coordination");
        given().contentType("application/json").body(json.writeValueAsString(request)).post("/evaluate").then().statusCode(200);

        // null is not accepted where a field is required: had the service taken it, the filter would say so.
        String nullSector = A10.replaceFirst("\"sector\": \"PUBLIC\"", "\"sector\": null");
        assertTrue(!nullSector.equals(A10));
        AssertionError error = violation(() -> given().filter(fake(200, "application/json", A10_ANSWER))
                .contentType("application/json").body(nullSector).post("/evaluate"));
        assertTrue(error.getMessage().contains("accepted request"), error.getMessage());
        given().contentType("application/json").body(nullSector).post("/evaluate").then().statusCode(400);
    }

    @Test
    void batchItemsTheServiceEvaluatedMustBeValid() {
        String batch = "[" + A10 + ", {\"partnership\": {}}]";
        String answer = "[" + A10_ANSWER + ", {\"type\":\"https://csp-decisions/problems/validation-failed\",\"title\":\"Request validation failed\","
                + "\"status\":400,\"detail\":\"1 field is invalid\",\"violations\":[{\"field\":\"partners\",\"message\":\"is required\"}]}]";
        assertDoesNotThrow(() -> given().filter(fake(200, "application/json", answer)).contentType("application/json").body(batch)
                .post("/evaluate/batch"));
        // The invalid item answered as if it had been evaluated: the document does not accept it.
        String bothEvaluated = "[" + A10_ANSWER + ", " + A10_ANSWER + "]";
        AssertionError error = violation(() -> given().filter(fake(200, "application/json", bothEvaluated))
                .contentType("application/json").body(batch).post("/evaluate/batch"));
        assertTrue(error.getMessage().contains("accepted batch item [1]"), error.getMessage());
    }
}
