package org.csp.decisions.workbench;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * The workbench's JSON endpoints without a browser: session or bearer, safe paths, conflicts, refusals (compile
 * errors, failing cases with rules.require-passing-cases, a git working tree), publish and delete with the reload
 * that follows (rules.watch=false here, so publishing reloads itself), history and the hidden folder.
 */
@QuarkusTest
@TestProfile(WorkbenchApiTest.Profile.class)
class WorkbenchApiTest {
    static final String TOKEN = "api-token";

    public static class Profile implements QuarkusTestProfile {
        static final Path FOLDER = WorkbenchProfile.copyOfBundledRules();

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rules.directory", FOLDER.toString(), "rules.require-passing-cases", "true",
                    "rules.watch", "false", "rules.admin-token", TOKEN);
        }
    }

    static io.restassured.specification.RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + TOKEN);
    }

    static String sha(String path) {
        return admin().queryParam("file", path).get("/rules/files/source").then().statusCode(200).extract().path("sha");
    }

    static Map<String, Object> change(String path, String content, String baseSha) {
        Map<String, Object> c = new java.util.HashMap<>();
        c.put("path", path);
        c.put("content", content);
        c.put("baseSha", baseSha);
        return c;
    }

    static Map<String, Object> changes(Map<String, Object>... files) {
        return Map.of("changes", List.of(files));
    }

    static String served() {
        return given().get("/rules").then().extract().path("ruleSetVersion");
    }

    static void awaitServed(String version) throws InterruptedException {
        long until = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < until) {
            if (version.equals(served())) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not served within 90 s: " + version + " (serving " + served() + ")");
    }

    static final String NEW_RULE = """
            package org.csp.rules.analyst;
            import org.csp.decisions.model.*;

            rule "ANA-201 Large partnership"
                @id("ANA-201")
                @category("GOVERNANCE")
                @severity("INFO")
                @source("004_9c6962675188af29.txt")
                @citation("ReThink Health report")
                @paraphrase("A test study of many partnerships found that this holds here.")
                @explanation("The partnership has many partners.")
                @recommendation1("Agree explicit roles.")
            when
                Profile( distinctSectorCount >= 4 )
                $findings : FindingCollector()
            then
                $findings.emit(kcontext).profile("distinctSectorCount", 4);
            end
            """;

    /** The cases of NEW_RULE: every finding needs one that fires and one that does not, or the folder is "uncovered". */
    static final String NEW_CASES = """
            {"finding": "ANA-201", "cases": [
              {"name": "fires with four sectors",
               "request": {"partnership": {"id": "c1", "name": "Four sectors"}, "partners": [
                 {"id": "a", "name": "A", "sector": "PUBLIC"}, {"id": "b", "name": "B", "sector": "BUSINESS"},
                 {"id": "c", "name": "C", "sector": "NONPROFIT"}, {"id": "d", "name": "D", "sector": "PHILANTHROPY"}]},
               "expectPresent": ["ANA-201"]},
              {"name": "silent with one sector",
               "request": {"partnership": {"id": "c2", "name": "One sector"}, "partners": [
                 {"id": "a", "name": "A", "sector": "PUBLIC"}]},
               "expectAbsent": ["ANA-201"]}]}
            """;

    @Test
    void signInGivesAnHttpOnlyStrictSessionCookieThatTheJsonEndpointsAccept() {
        given().get("/rules/files").then().statusCode(401);
        given().header("Authorization", "Bearer wrong").get("/rules/files").then().statusCode(403);
        given().redirects().follow(false).formParam("token", "wrong").post("/signin").then().statusCode(401)
                .header("Set-Cookie", org.hamcrest.Matchers.nullValue())
                .header("Content-Security-Policy", containsString("script-src 'self'"));
        Response signin = given().redirects().follow(false).formParam("token", TOKEN).formParam("next", "//evil.example/")
                .post("/signin");
        assertEquals(303, signin.statusCode());
        assertTrue(signin.header("Location").endsWith("/"), "never redirects off-site: " + signin.header("Location"));
        String cookie = signin.header("Set-Cookie");
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
        String session = signin.cookie(WorkbenchAccess.COOKIE);
        given().cookie(WorkbenchAccess.COOKIE, session).get("/rules/files").then().statusCode(200)
                .body("files.path", hasItem("funding/FUN-001.drl")).body("readOnly", org.hamcrest.Matchers.nullValue());
        given().cookie(WorkbenchAccess.COOKIE, "forged").get("/rules/files").then().statusCode(401);
        given().cookie(WorkbenchAccess.COOKIE, session).get("/").then().statusCode(200)
                .header("Content-Security-Policy", containsString("default-src 'none'"));
        given().redirects().follow(false).get("/").then().statusCode(303).header("Location", containsString("/signin"));
    }

    @Test
    void pagesEscapeWhatComesFromCaseFiles() throws Exception {
        Path file = Profile.FOLDER.resolve("funding/FUN-002-extra.cases.json");
        Files.writeString(file, """
                {"finding": "FUN-002", "cases": [{"name": "<img src=x onerror=alert(1)></script>",
                  "request": {"partnership": {"id": "x", "name": "</script><script>alert(2)</script>",
                    "financing": {"planningHorizonYears": 2}}, "partners": [{"id": "a", "name": "A", "sector": "PUBLIC"}]},
                  "expectPresent": ["FUN-002"]}]}
                """);
        try {
            String session = given().redirects().follow(false).formParam("token", TOKEN).post("/signin").cookie(WorkbenchAccess.COOKIE);
            String finding = given().cookie(WorkbenchAccess.COOKIE, session).get("/findings/FUN-002").then().statusCode(200)
                    .extract().asString();
            assertTrue(finding.contains("&lt;img src=x onerror=alert(1)&gt;"), "the case name is escaped");
            assertTrue(!finding.contains("<img src=x") && !finding.contains("<script>alert(2)"), "nothing from a case file is markup");
            String leg004 = given().cookie(WorkbenchAccess.COOKIE, session).get("/findings/LEG-004").then().statusCode(200)
                    .extract().asString();
            assertTrue(leg004.contains("Research passages") && leg004.contains("notes that brand licensing is a high-risk option")
                    && leg004.contains("002#p31"), "the finding page shows the passages its rule rests on, next to the rule");
            String tryPage = given().cookie(WorkbenchAccess.COOKIE, session).get("/try").then().statusCode(200).extract().asString();
            assertTrue(tryPage.contains("\\u003c/script\\u003e\\u003cscript\\u003ealert(2)"), "JSON for the page script is escaped");
            assertTrue(!tryPage.contains("</script><script>alert(2)"));
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void sourcesAreReadOnlyByRelativePathOfRuleAndCaseFiles() {
        admin().queryParam("file", "funding/FUN-001.drl").get("/rules/files/source").then().statusCode(200)
                .body("content", containsString("FUN-001")).body("sha", notNullValue());
        for (String bad : List.of("../etc/passwd", "/etc/passwd", ".workbench/history.jsonl", "application.properties")) {
            admin().queryParam("file", bad).get("/rules/files/source").then().statusCode(400)
                    .body("violations[0].field", equalTo("file"));
        }
        admin().queryParam("file", "nope.drl").get("/rules/files/source").then().statusCode(404);
    }

    @Test
    void publishingRefusesConflictsCompileErrorsFailingCasesAndGitFolders() throws Exception {
        Path governance = Profile.FOLDER.resolve("governance/GOV-008.drl");
        String original = Files.readString(governance);
        String base = sha("governance/GOV-008.drl");
        // someone else's version: 409, nothing written
        admin().contentType("application/json").body(changes(change("governance/GOV-008.drl", original + "\n// mine\n", "0000000000000000")))
                .post("/rules/changes/publish").then().statusCode(409).body("type", containsString("conflict"))
                .body("violations[0].field", equalTo("governance/GOV-008.drl"));
        // failing cases with rules.require-passing-cases: 422, validate says why, nothing written
        String slip = original.replace("governance.home == GovernanceHome.GOVERNMENT_DEPARTMENT )",
                "governance.home == GovernanceHome.ARMS_LENGTH_ENTITY )");
        assertTrue(!slip.equals(original));
        admin().contentType("application/json").body(changes(change("governance/GOV-008.drl", slip, base)))
                .post("/rules/changes/validate").then().statusCode(200).body("valid", equalTo(true))
                .body("publishable", equalTo(false)).body("requirePassingCases", equalTo(true))
                .body("cases.findAll { !it.passed }.finding", hasItem("GOV-008"));
        admin().contentType("application/json").body(changes(change("governance/GOV-008.drl", slip, base)))
                .post("/rules/changes/publish").then().statusCode(422).body("type", containsString("cases-failing"));
        // compile errors: 422
        admin().contentType("application/json").body(changes(change("governance/GOV-008.drl", original.replace("end\n", "nd\n"), base)))
                .post("/rules/changes/publish").then().statusCode(422).body("type", containsString("rules-invalid"));
        assertEquals(original, Files.readString(governance));
        // a git working tree is not published to: download the change instead
        Path git = Files.createDirectories(Profile.FOLDER.resolve(".git"));
        try {
            admin().contentType("application/json").body(changes(change("analyst/ANA-201.drl", NEW_RULE, null)))
                    .post("/rules/changes/publish").then().statusCode(409).body("type", containsString("read-only"))
                    .body("detail", containsString("git"));
            byte[] zip = admin().contentType("application/json").body(changes(change("analyst/ANA-201.drl", NEW_RULE, null)))
                    .post("/rules/changes/zip").then().statusCode(200).extract().asByteArray();
            try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
                assertEquals("analyst/ANA-201.drl", in.getNextEntry().getName());
                assertEquals(NEW_RULE, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        } finally {
            Files.delete(git);
        }
        assertTrue(Files.notExists(Profile.FOLDER.resolve("analyst/ANA-201.drl")));
    }

    @Test
    void publishThenDeleteAndConcurrentPublishesOfTheSameFileConflict() throws Exception {
        String before = served();
        String rule = "analyst/ANA-202.drl";
        String cases = "analyst/ANA-202.cases.json";
        String content = NEW_RULE.replace("ANA-201", "ANA-202");
        // two analysts create the same new file at once: one wins, the other sees a conflict
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String text = content.replace("Large partnership", "Large partnership " + i);
            results.add(pool.submit(() -> admin().contentType("application/json")
                    .body(changes(change(rule, text, null), change(cases, NEW_CASES.replace("ANA-201", "ANA-202"), null)))
                    .post("/rules/changes/publish").statusCode()));
        }
        List<Integer> codes = new ArrayList<>();
        for (Future<Integer> f : results) {
            codes.add(f.get());
        }
        pool.shutdown();
        codes.sort(null);
        assertEquals(List.of(202, 409), codes);
        String published = served();
        long until = System.currentTimeMillis() + 90_000;
        while (published.equals(before) && System.currentTimeMillis() < until) {
            Thread.sleep(200);
            published = served();
        }
        given().get("/rules").then().body("rules.id", hasItem("ANA-202"));
        // deleting only the cases would leave ANA-202 uncovered: refused, nothing deleted
        admin().queryParam("file", cases).queryParam("baseSha", sha(cases)).delete("/rules/files").then().statusCode(422);
        // delete the finding again, rule and cases together (with the sha of what is there)
        admin().contentType("application/json").body(changes(change(rule, null, sha(rule)), change(cases, null, sha(cases))))
                .post("/rules/changes/publish").then().statusCode(202)
                .body("deleted", hasItem(rule)).body("deleted", hasItem(cases));
        awaitServed(before);
        // history: the load and the removal, newest first; versions: both kept
        admin().get("/rules/history").then().statusCode(200)
                .body("reloads[0].rulesRemoved", hasItem(containsString("ANA-202")))
                .body("versions.version", hasItem(before)).body("versions.version", hasItem(published));
        // roll back to the version with ANA-202; rolling back to the version served now changes nothing
        admin().post("/rules/versions/" + published + "/rollback").then().statusCode(202);
        awaitServed(published);
        admin().post("/rules/versions/" + published + "/rollback").then().statusCode(409).body("type", containsString("unchanged"));
        admin().post("/rules/versions/sha256:000000000000/rollback").then().statusCode(404);
    }

    @Test
    void theNewFindingTemplateMeetsTheHouseRulesAsItIs() {
        String rule = "analyst/ANA-203.drl";
        String cases = org.csp.decisions.cases.CaseFiles.newCaseFile(rule, "ANA-203");
        assertEquals("analyst/ANA-203.cases.json", cases, "the cases go beside the rule");
        admin().contentType("application/json")
                .body(changes(change(rule, NewFinding.drl("ANA-203", "analyst", org.csp.decisions.model.Category.GOVERNANCE,
                        org.csp.decisions.model.Severity.LOW), null), change(cases, NewFinding.cases("ANA-203"), null)))
                .post("/rules/changes/validate").then().statusCode(200)
                .body("valid", equalTo(true)).body("errors", org.hamcrest.Matchers.empty())
                .body("caseFileErrors", org.hamcrest.Matchers.empty())
                .body("cases.findAll { it.finding == 'ANA-203' }.passed", equalTo(List.of(true, true)))
                .body("publishable", equalTo(true));
    }

    @Test
    void theHiddenWorkbenchFolderIsNeverLoadedAsRules() throws Exception {
        Path hidden = Files.createDirectories(Profile.FOLDER.resolve(".workbench"));
        Path evil = hidden.resolve("evil.drl");
        Files.writeString(evil, "this is not DRL");
        try {
            admin().post("/rules/reload").then().statusCode(200).body("outcome", not(equalTo("FAILED")));
            admin().get("/rules/files").then().body("files.path", not(hasItem(containsString(".workbench"))));
        } finally {
            Files.delete(evil);
        }
    }
}
