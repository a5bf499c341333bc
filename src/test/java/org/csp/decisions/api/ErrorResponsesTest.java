package org.csp.decisions.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every status and problem type of FINDINGS.md A.9, each as application/problem+json without internals. */
@QuarkusTest
class ErrorResponsesTest {
    static final String TYPE = "https://csp-decisions/problems/";
    static final String PARTNERSHIP = "\"partnership\":{\"id\":\"p-1\",\"name\":\"Test\"}";
    static final String PARTNERS = "\"partners\":[{\"id\":\"a\",\"name\":\"A\",\"sector\":\"PUBLIC\"}]";

    static String body(String partnershipExtra, String partnerExtra, String rest) {
        return "{\"partnership\":{\"id\":\"p-1\",\"name\":\"Test\"" + partnershipExtra + "},"
                + "\"partners\":[{\"id\":\"a\",\"name\":\"A\",\"sector\":\"PUBLIC\"" + partnerExtra + "}]" + rest + "}";
    }

    static ValidatableResponse post(String path, String contentType, String body) {
        var request = given();
        if (contentType != null) {
            request = request.contentType(contentType);
        }
        return request.body(body).when().post(path).then()
                .contentType("application/problem+json")
                .body(not(containsString("Exception")))
                .body(not(containsString("\tat ")))
                .body(not(containsString("org.csp")));
    }

    static Arguments bad(String name, String body, String field) {
        return Arguments.of(name, body, field);
    }

    static List<Arguments> invalidBodies() {
        String many = IntStream.range(0, 51).mapToObj(i -> "{\"id\":\"p" + i + "\",\"name\":\"P\",\"sector\":\"PUBLIC\"}")
                .collect(Collectors.joining(","));
        String attrs51 = IntStream.range(0, 51).mapToObj(i -> "\"k" + i + "\":1").collect(Collectors.joining(","));
        return List.of(
                bad("top level is an array", "[" + body("", "", "") + "]", "$"),
                bad("top level is a string", "\"hello\"", "$"),
                bad("missing partnership", "{" + PARTNERS + "}", "partnership"),
                bad("missing partners", "{" + PARTNERSHIP + "}", "partners"),
                bad("empty partners", "{" + PARTNERSHIP + ",\"partners\":[]}", "partners"),
                bad("null partnership", "{\"partnership\":null," + PARTNERS + "}", "partnership"),
                bad("missing partnership.id", "{\"partnership\":{\"name\":\"x\"}," + PARTNERS + "}", "partnership.id"),
                bad("null partnership.name", "{\"partnership\":{\"id\":\"x\",\"name\":null}," + PARTNERS + "}", "partnership.name"),
                bad("blank partnership.name", "{\"partnership\":{\"id\":\"x\",\"name\":\"  \"}," + PARTNERS + "}", "partnership.name"),
                bad("bad id pattern", "{\"partnership\":{\"id\":\"-x\",\"name\":\"x\"}," + PARTNERS + "}", "partnership.id"),
                bad("partner without sector", "{" + PARTNERSHIP + ",\"partners\":[{\"id\":\"a\",\"name\":\"A\"}]}", "partners[0].sector"),
                bad("partner null", "{" + PARTNERSHIP + ",\"partners\":[null]}", "partners[0]"),
                bad("number as string", body(",\"durationMonths\":\"12\"", "", ""), "partnership.durationMonths"),
                bad("boolean as string", body(",\"projectBased\":\"true\"", "", ""), "partnership.projectBased"),
                bad("boolean as number", body(",\"projectBased\":1", "", ""), "partnership.projectBased"),
                bad("string as number", body("", ",\"name\":12", "").replace("\"name\":\"A\",", ""), "partners[0].name"),
                bad("enum wrong case", body(",\"phase\":\"middle\"", "", ""), "partnership.phase"),
                bad("enum unknown value", body("", ",\"origin\":\"MARS\"", ""), "partners[0].origin"),
                bad("nested enum unknown", body(",\"authority\":{\"source\":\"BORROWED\"}", "", ""), "partnership.authority.source"),
                bad("object expected", body(",\"authority\":true", "", ""), "partnership.authority"),
                bad("integer out of range", body(",\"durationMonths\":0", "", ""), "partnership.durationMonths"),
                bad("integer too large", body(",\"durationMonths\":1201", "", ""), "partnership.durationMonths"),
                bad("non-integer", body(",\"durationMonths\":12.5", "", ""), "partnership.durationMonths"),
                bad("huge integer", body(",\"durationMonths\":123456789012345678901234567890", "", ""), "partnership.durationMonths"),
                bad("negative count", body("", "", ",\"coordination\":{\"otherPartnershipsInField\":-1}"), "coordination.otherPartnershipsInField"),
                bad("share above 1", body("", ",\"resourceShare\":1.5", ""), "partners[0].resourceShare"),
                bad("share above 1 beyond double precision", body("", ",\"resourceShare\":1.00000000000000000001", ""), "partners[0].resourceShare"),
                bad("grant share below 0", body(",\"financing\":{\"shortTermGrantShare\":-0.1}", "", ""), "partnership.financing.shortTermGrantShare"),
                bad("more than 50 partners", "{" + PARTNERSHIP + ",\"partners\":[" + many + "]}", "partners"),
                bad("duplicate partner ids", "{" + PARTNERSHIP + ",\"partners\":[{\"id\":\"a\",\"name\":\"A\",\"sector\":\"PUBLIC\"},{\"id\":\"a\",\"name\":\"B\",\"sector\":\"BUSINESS\"}]}", "partners[1].id"),
                bad("duplicate fieldMechanisms", body("", "", ",\"coordination\":{\"fieldMechanisms\":[\"SHARED_RESOURCES\",\"SHARED_RESOURCES\"]}"), "coordination.fieldMechanisms"),
                bad("fieldMechanisms not an array", body("", "", ",\"coordination\":{\"fieldMechanisms\":\"SHARED_RESOURCES\"}"), "coordination.fieldMechanisms"),
                bad("resource shares above 1.001", "{" + PARTNERSHIP + ",\"partners\":[{\"id\":\"a\",\"name\":\"A\",\"sector\":\"PUBLIC\",\"resourceShare\":0.6},{\"id\":\"b\",\"name\":\"B\",\"sector\":\"BUSINESS\",\"resourceShare\":0.402}]}", "partners"),
                bad("unknown property", body(",\"phse\":\"MIDDLE\"", "", ""), "partnership.phse"),
                bad("unknown top-level property", body("", "", ",\"extra\":1"), "extra"),
                bad("attribute null value", body(",\"attributes\":{\"k\":null}", "", ""), "partnership.attributes.k"),
                bad("attribute array value", body("", ",\"attributes\":{\"k\":[1]}", ""), "partners[0].attributes.k"),
                bad("attribute object value", body(",\"attributes\":{\"k\":{}}", "", ""), "partnership.attributes.k"),
                bad("attribute bad key", body(",\"attributes\":{\"1k\":1}", "", ""), "partnership.attributes.1k"),
                bad("attribute string too long", body(",\"attributes\":{\"k\":\"" + "x".repeat(501) + "\"}", "", ""), "partnership.attributes.k"),
                bad("too many attributes", body(",\"attributes\":{" + attrs51 + "}", "", ""), "partnership.attributes"),
                bad("duplicate keys", "{\"partnership\":{\"id\":\"a\",\"id\":\"b\",\"name\":\"x\"}," + PARTNERS + "}", "partnership.id"),
                bad("nesting deeper than 16", body(",\"attributes\":" + "{\"a\":".repeat(16) + "1" + "}".repeat(16), "", ""), "$"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidBodies")
    void invalidRequestIs400ValidationFailedNamingTheField(String name, String body, String field) {
        post("/evaluate", "application/json", body).statusCode(400)
                .body("type", equalTo(TYPE + "validation-failed"))
                .body("title", equalTo("Request validation failed"))
                .body("status", equalTo(400))
                .body("violations.field", hasItem(field));
    }

    @Test
    void everyOffendingFieldIsReportedAtOnce() {
        // The example of A.9: an enum error (a JSON-level problem) and a range error (a Bean Validation problem).
        String body = "{" + PARTNERSHIP.replace("\"Test\"}", "\"Test\",\"durationMonths\":0}")
                + ",\"partners\":[{\"id\":\"a\",\"name\":\"A\",\"sector\":\"PUBLIC\"},{\"id\":\"b\",\"name\":\"B\",\"sector\":\"public\"}]}";
        post("/evaluate", "application/json", body).statusCode(400)
                .body("detail", equalTo("2 fields are invalid"))
                .body("violations", equalTo(List.of(
                        java.util.Map.of("field", "partners[1].sector", "message", "must be one of PUBLIC, BUSINESS, NONPROFIT, PHILANTHROPY, RESIDENT"),
                        java.util.Map.of("field", "partnership.durationMonths", "message", "must be an integer between 1 and 1200"))));
    }

    @Test
    void acceptedEdgeCasesAreNotErrors() {
        given().contentType("application/json; charset=utf-8").body(body(",\"attributes\":null", "", ",\"coordination\":{\"fieldMechanisms\":[]}"))
                .post("/evaluate").then().statusCode(200);
        // shares summing to 1.0005 are within the rounding tolerance of 0.001
        given().contentType("application/json").body("{" + PARTNERSHIP + ",\"partners\":[{\"id\":\"a\",\"name\":\"A\",\"sector\":\"PUBLIC\",\"resourceShare\":0.6},{\"id\":\"b\",\"name\":\"B\",\"sector\":\"BUSINESS\",\"resourceShare\":0.4005}]}")
                .post("/evaluate").then().statusCode(200);
        // 16 levels of nesting are allowed
        given().contentType("application/json").body(body(",\"attributes\":" + "{\"a\":".repeat(1) + "1" + "}", "", ""))
                .post("/evaluate").then().statusCode(200);
    }

    @ParameterizedTest(name = "malformed: {0}")
    @MethodSource("malformedBodies")
    void unparseableBodyIs400MalformedJson(String name, String body) {
        post("/evaluate", "application/json", body).statusCode(400)
                .body("type", equalTo(TYPE + "malformed-json"))
                .body("status", equalTo(400));
    }

    static List<Arguments> malformedBodies() {
        return List.of(Arguments.of("empty", ""), Arguments.of("whitespace", "   "), Arguments.of("truncated", "{\"partnership\":{"),
                Arguments.of("not JSON", "hello"), Arguments.of("trailing garbage", "{} {}"), Arguments.of("NaN", "{\"a\":NaN}"),
                Arguments.of("single quotes", "{'a':1}"));
    }

    @Test
    void invalidUtf8IsMalformedJson() {
        byte[] bytes = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        given().contentType("application/json").body(bytes).post("/evaluate").then().statusCode(400)
                .contentType("application/problem+json").body("type", equalTo(TYPE + "malformed-json"));
    }

    @ParameterizedTest(name = "415 for Content-Type {0}")
    @MethodSource("wrongContentTypes")
    void wrongContentTypeIs415(String contentType) {
        post("/evaluate", contentType, body("", "", "")).statusCode(415)
                .body("type", equalTo(TYPE + "unsupported-media-type")).body("status", equalTo(415));
    }

    static List<String> wrongContentTypes() {
        return List.of("text/plain", "application/xml", "application/x-www-form-urlencoded", "application/json; charset=iso-8859-1");
    }

    @Test
    void missingContentTypeIs415() {
        given().body(body("", "", "").getBytes()).post("/evaluate").then().statusCode(415)
                .contentType("application/problem+json").body("type", equalTo(TYPE + "unsupported-media-type"));
    }

    @Test
    void contentTypeIsCheckedBeforeSize() {
        post("/evaluate", "text/plain", "x".repeat(300 * 1024)).statusCode(415);
    }

    @Test
    void bodyOver256KiBIs413() {
        String big = body(",\"attributes\":{\"k\":\"" + "x".repeat(400) + "\"}", "", "") + " ".repeat(262_145);
        post("/evaluate", "application/json", big).statusCode(413)
                .body("type", equalTo(TYPE + "payload-too-large")).body("status", equalTo(413));
    }

    @Test
    void bodyOf256KiBExactlyIsAccepted() {
        String ok = body("", "", "");
        ok = ok + " ".repeat(262_144 - ok.length());
        assertEquals(262_144, ok.length());
        given().contentType("application/json").body(ok).post("/evaluate").then().statusCode(200);
    }

    @Test
    void batchOver4MiBIs413() {
        String big = "[" + body("", "", "") + "]" + " ".repeat(4 * 1024 * 1024);
        post("/evaluate/batch", "application/json", big).statusCode(413)
                .body("type", equalTo(TYPE + "payload-too-large"));
    }

    @Test
    void unknownPathAndWrongMethodAreProblems() {
        given().get("/nowhere").then().statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
        given().get("/evaluate").then().statusCode(405).contentType("application/problem+json").body("status", equalTo(405));
    }
}
