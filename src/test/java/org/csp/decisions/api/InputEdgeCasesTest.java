package org.csp.decisions.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/** Issue 10 items 3 and 8: bodies at the edges of JSON, UTF-8 and zip, and rule code that must never run. */
@QuarkusTest
@TestProfile(AdminProfile.class)
class InputEdgeCasesTest {
    static final String VALID = "{\"partnership\":{\"id\":\"p-1\",\"name\":\"Test\"},"
            + "\"partners\":[{\"id\":\"a\",\"name\":\"A\",\"sector\":\"PUBLIC\"}]";

    static io.restassured.response.ValidatableResponse evaluate(String path, byte[] body) {
        return given().contentType("application/json").body(body).post(path).then()
                .body(not(containsString("Exception"))).body(not(containsString("org.csp")));
    }

    @Test
    void hugeExponentIsA400NotA500() {
        String unknown = VALID + ",\"a\":1e-2147483648}";
        String attribute = VALID.replace("\"name\":\"Test\"", "\"name\":\"Test\",\"attributes\":{\"k\":1e-2147483648}") + "}";
        evaluate("/evaluate", unknown.getBytes(StandardCharsets.UTF_8)).statusCode(400).contentType("application/problem+json");
        evaluate("/evaluate", attribute.getBytes(StandardCharsets.UTF_8)).statusCode(400).contentType("application/problem+json");
        evaluate("/evaluate", "{\"a\":1e-2147483648}".getBytes(StandardCharsets.UTF_8)).statusCode(400);
        evaluate("/evaluate", "{\"a\":1e2147483648}".getBytes(StandardCharsets.UTF_8)).statusCode(400);
        evaluate("/evaluate/batch", ("[" + VALID + "}," + "{\"a\":1e-2147483648}]").getBytes(StandardCharsets.UTF_8))
                .statusCode(400).contentType("application/problem+json");
    }

    @Test
    void utf16AndOverlongUtf8AreRefused() {
        String json = VALID + "}";
        evaluate("/evaluate", json.getBytes(StandardCharsets.UTF_16LE)).statusCode(400)
                .body("detail", containsString("UTF-8"));
        evaluate("/evaluate", json.getBytes(StandardCharsets.UTF_16)).statusCode(400)
                .body("detail", containsString("UTF-8"));
        // "name":"T\xC1\xA9" - 0xC1 0xA9 is an overlong encoding of ')'
        byte[] overlong = json.replace("\"Test\"", "\"T__\"").getBytes(StandardCharsets.UTF_8);
        String text = new String(overlong, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("T__");
        overlong[at + 1] = (byte) 0xC1;
        overlong[at + 2] = (byte) 0xA9;
        evaluate("/evaluate", overlong).statusCode(400).body("detail", containsString("UTF-8"));
        evaluate("/evaluate", json.getBytes(StandardCharsets.UTF_8)).statusCode(200);
    }

    static io.restassured.response.ValidatableResponse validate(String contentType, byte[] body) {
        return given().header("Authorization", "Bearer " + AdminProfile.TOKEN).contentType(contentType).body(body)
                .post("/rules/validate").then();
    }

    static byte[] zip(String name, String content) throws Exception {
        return zip(java.util.Map.of(name, content));
    }

    static byte[] zip(java.util.Map<String, String> entries) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (java.util.Map.Entry<String, String> entry : new java.util.TreeMap<>(entries).entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    @Test
    void validateRefusesNonZipsEscapingEntriesAndEmptyBodies() throws Exception {
        String drl = Files.readString(Path.of("src/main/resources/rules/learning/LRN-001.drl"));
        validate("application/zip", "this is not a zip".getBytes(StandardCharsets.UTF_8)).statusCode(400)
                .contentType("application/problem+json").body("violations[0].message", containsString("not a zip"));
        validate("application/zip", zip("../x.drl", drl)).statusCode(400).body("violations[0].field", equalTo("../x.drl"));
        validate("application/zip", zip("/etc/x.drl", drl)).statusCode(400).body("violations[0].field", equalTo("/etc/x.drl"));
        validate("application/zip", new byte[0]).statusCode(400).contentType("application/problem+json");
        validate("text/plain", new byte[0]).statusCode(400).contentType("application/problem+json");
        // A whole area (its cases expect each other's findings): valid.
        java.util.Map<String, String> learning = new java.util.TreeMap<>();
        for (String name : java.util.List.of("LRN-001.drl", "LRN-001.cases.json", "LRN-002.drl", "LRN-002.cases.json")) {
            learning.put("rules/learning/" + name, Files.readString(Path.of("src/main/resources/rules/learning", name)));
        }
        validate("application/zip", zip(learning)).statusCode(200)
                .body("errors", org.hamcrest.Matchers.empty()).body("cases.failures", org.hamcrest.Matchers.empty())
                .body("valid", equalTo(true));
    }

    @Test
    void validatingARuleRunsNoneOfItsCode() throws Exception {
        Path marker = Files.createTempDirectory("csp-attack").resolve("p");
        String evil = "package x;\nimport org.csp.decisions.model.*;\nrule \"X-001 t\"\n    @x(new java.io.File(\"" + marker
                + "\").createNewFile())\nwhen\n    Partnership()\nthen\nend\n";
        validate("text/plain", evil.getBytes(StandardCharsets.UTF_8)).statusCode(200).body("valid", equalTo(false))
                .body("errors[0].file", equalTo("submitted.drl")).body("errors[0].line", equalTo(4));
        assertFalse(Files.exists(marker), "validation ran the metadata");
        validate("application/zip", zip("x.drl", evil.replace("new java.io.File(\"" + marker + "\").createNewFile()",
                "java.lang.Runtime.getRuntime().halt(3)"))).statusCode(200).body("valid", equalTo(false));
        given().get("/rules").then().statusCode(200); // the JVM is still here
    }
}
