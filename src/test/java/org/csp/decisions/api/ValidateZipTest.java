package org.csp.decisions.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.csp.decisions.engine.LiveRulesProfile;
import org.junit.jupiter.api.Test;

/**
 * POST /rules/validate with a zipped rules folder: the layout of one folder per area (rules, their .cases.json and the
 * aggregate file) is compiled and its cases run; a zip of the older layout (cases under cases/) works too.
 */
@QuarkusTest
@TestProfile(LiveRulesProfile.class)
class ValidateZipTest {

    static byte[] zip(Map<String, String> files) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    static Map<String, String> bundledFolder(String top) throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        Path root = Path.of("src/main/resources/rules");
        try (Stream<Path> paths = Files.walk(root).filter(Files::isRegularFile).sorted()) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                files.put(top + root.relativize(p).toString().replace('\\', '/'), Files.readString(p));
            }
        }
        return files;
    }

    @Test
    void zippedFolderInTheAreaLayoutIsCompiledAndItsCasesRun() throws Exception {
        Map<String, String> files = bundledFolder("csp-rules/");
        given().header("Authorization", "Bearer " + LiveRulesProfile.TOKEN).contentType("application/zip")
                .body(zip(files)).post("/rules/validate").then().statusCode(200)
                .body("valid", equalTo(true)).body("ruleCount", equalTo(47))
                .body("cases.failures.size()", equalTo(0)).body("cases.total", equalTo(284));

        // a case that fails is reported by its file beside the rule
        String cases = files.get("csp-rules/governance/GOV-008.cases.json");
        files.put("csp-rules/governance/GOV-008.cases.json", cases.replace("\"expectPresent\": [\"GOV-008\"]",
                "\"expectPresent\": [\"GOV-003\", \"GOV-008\"]"));
        given().header("Authorization", "Bearer " + LiveRulesProfile.TOKEN).contentType("application/zip")
                .body(zip(files)).post("/rules/validate").then().statusCode(200)
                .body("valid", equalTo(false))
                .body("cases.failures.label", hasItem(org.hamcrest.Matchers.startsWith("governance/GOV-008.cases.json: ")));
    }

    @Test
    void zippedFolderInTheOlderLayoutStillValidates() throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("governance.drl", Files.readString(Path.of("src/main/resources/rules/governance/GOV-008.drl")));
        files.put("cases/governance/GOV-008.json",
                Files.readString(Path.of("src/main/resources/rules/governance/GOV-008.cases.json")));
        given().header("Authorization", "Bearer " + LiveRulesProfile.TOKEN).contentType("application/zip")
                .body(zip(files)).post("/rules/validate").then().statusCode(200)
                .body("valid", equalTo(true)).body("ruleCount", equalTo(1));
    }
}
