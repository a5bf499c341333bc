package org.csp.decisions.workbench;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.csp.decisions.model.Category;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

/**
 * The analysts' workbench in a real browser (headless Chromium): sign-in, catalogue, finding, try, a broken file in
 * status, and the whole edit flow - new finding from the template, an error at its line, fix, cases and impact,
 * publish, served, roll back. {@code /evaluate} is called throughout and must never fail. Screenshots of each page
 * go to target/workbench-screenshots.
 */
@QuarkusTest
@TestProfile(WorkbenchProfile.class)
class WorkbenchBrowserTest {
    static final List<String> A10_IDS = List.of("FUN-001", "GOV-001", "LEG-001", "LEG-004", "LEG-900", "COO-003",
            "COO-007", "GOV-005", "LEG-003", "PHA-COMMON-001", "PHA-COMMON-003", "PHA-MID-001", "PHA-MID-003", "FIT-001",
            "FIT-003", "FIT-004", "FIT-007", "FUN-002", "GOV-002", "GOV-006", "LRN-002", "PHA-MID-002");
    static final String NEW_ID = "ANA-101";
    static final String SAMPLE = "Eastside Immigrant Services Coalition";

    @TestHTTPResource("/")
    URL root;

    static final AtomicBoolean stop = new AtomicBoolean();
    static final AtomicInteger evaluations = new AtomicInteger();
    static final List<String> failures = new CopyOnWriteArrayList<>();
    static Thread caller;

    static String rule(boolean broken) {
        return """
                // ANA-101 - partnerships that serve many language communities need interpretation built in.
                package org.csp.rules.analyst;

                import org.csp.decisions.model.*;

                rule "ANA-101 Many language communities served"
                    @id("ANA-101")
                    @category("COORDINATION_GAP")
                    @severity("LOW")
                    @source("004_9c6962675188af29.txt")
                    @citation("ReThink Health report")
                    @paraphrase("Engage the communities the partnership serves on their own terms.")
                    @explanation("The partnership serves {languages} language communities; plan interpretation and translated materials.")
                    @recommendation1("Budget for interpretation and translation from the start.")
                when
                    $p : Partnership( attributes["languagesServed"] instanceof java.math.BigDecimal, ((java.math.BigDecimal) attributes["languagesServed"]).%s() > 3 )
                    $findings : FindingCollector()
                then
                    $findings.emit(kcontext)
                        .partnership("attributes.languagesServed", $p.attributes().get("languagesServed"))
                        .param("languages", $p.attributes().get("languagesServed"));
                end
                """.formatted(broken ? "intValu" : "intValue");
    }

    /** The line of the condition that the broken version gets wrong (1-based). */
    static int conditionLine() {
        List<String> lines = rule(true).lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("intValu()")) {
                return i + 1;
            }
        }
        throw new IllegalStateException();
    }

    static final String CASES = """
            {
              "finding": "ANA-101",
              "cases": [
                {
                  "name": "fires above three languages",
                  "request": {
                    "partnership": { "id": "l1", "name": "Four languages", "attributes": { "languagesServed": 4 } },
                    "partners": [ { "id": "a", "name": "County", "sector": "PUBLIC" } ]
                  },
                  "expectPresent": ["ANA-101"],
                  "expectFindings": { "ANA-101": { "severity": "LOW", "explanationContains": "serves 4 language" } }
                },
                {
                  "name": "silent at three languages",
                  "request": {
                    "partnership": { "id": "l2", "name": "Three languages", "attributes": { "languagesServed": 3 } },
                    "partners": [ { "id": "a", "name": "County", "sector": "PUBLIC" } ]
                  },
                  "expectAbsent": ["ANA-101"]
                }
              ]
            }
            """;

    void startCaller() throws Exception {
        if (caller != null) {
            return;
        }
        String a10 = Files.readString(Path.of("examples/a10-request.json"));
        URI evaluate = root.toURI().resolve("/evaluate");
        HttpClient http = HttpClient.newHttpClient();
        caller = new Thread(() -> {
            while (!stop.get()) {
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(evaluate)
                            .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.ofString(a10)).build(), HttpResponse.BodyHandlers.ofString());
                    evaluations.incrementAndGet();
                    if (r.statusCode() != 200 || !r.body().contains("\"LEG-900\"")) {
                        failures.add(r.statusCode() + " " + r.body());
                    }
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    failures.add(e.toString());
                }
            }
        }, "evaluate-throughout");
        caller.setDaemon(true);
        caller.start();
    }

    @AfterAll
    static void stopCaller() throws InterruptedException {
        stop.set(true);
        if (caller != null) {
            caller.join(10_000);
        }
    }

    static JsonPath rules() {
        return given().get("/rules").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void analystsOwnTheKnowledgeInTheBrowser() throws Exception {
        startCaller();
        try (Browser b = Browser.start(root.toString())) {
            signIn(b);
            catalogue(b);
            finding(b);
            tryA10(b);
            brokenFileInStatus(b);
            String before = rules().getString("ruleSetVersion");
            editPublishAndRollBack(b, before);
        }
        stop.set(true);
        caller.join(10_000);
        assertTrue(evaluations.get() > 10, "the background caller evaluated " + evaluations.get() + " times");
        assertTrue(failures.isEmpty(), "/evaluate failed during the workbench session: " + failures);
    }

    void signIn(Browser b) {
        b.open("/");
        assertTrue(b.driver.getCurrentUrl().contains("/signin"), "not signed in: sent to the sign-in page");
        b.find("#token").sendKeys("not-the-token");
        b.find("#signin").click();
        WebElement error = b.waitFor("#signin-error");
        assertTrue(error.getText().contains("not the admin token"));
        assertTrue(b.driver.manage().getCookieNamed(WorkbenchAccess.COOKIE) == null, "no session for a wrong token");
        b.screenshot("01-signin-refused");
        b.find("#token").sendKeys(WorkbenchProfile.TOKEN);
        b.find("#signin").click();
        b.waitFor("section.category");
        var cookie = b.driver.manage().getCookieNamed(WorkbenchAccess.COOKIE);
        assertTrue(cookie != null && cookie.isHttpOnly(), "HttpOnly session cookie");
        assertEquals("Strict", cookie.getSameSite());
    }

    void catalogue(Browser b) {
        b.open("/");
        b.waitFor("section.category");
        List<String> categories = b.all("section.category").stream().map(s -> s.getAttribute("data-category")).toList();
        assertEquals(java.util.Arrays.stream(Category.values()).map(Enum::name).toList(), categories);
        Set<String> shown = b.all("tr.finding").stream().map(r -> r.getAttribute("data-id")).collect(Collectors.toCollection(TreeSet::new));
        Set<String> expected = new TreeSet<>(rules().getList("rules.id", String.class));
        expected.add("LEG-900");
        assertEquals(expected, shown);
        assertTrue(b.find("#served-version").getText().equals(rules().getString("ruleSetVersion")));
        assertTrue(b.find("tr.finding[data-id='GOV-001'] td.cases").getText().matches("\\d+/\\d+ pass"));
        b.screenshot("02-catalogue");
        b.find("#filter").sendKeys("herlin");
        b.waitUntil(Duration.ofSeconds(5), () -> !b.find("tr.finding[data-id='GOV-001']").isDisplayed());
        assertTrue(b.find("tr.finding[data-id='LEG-004']").isDisplayed());
        b.screenshot("03-catalogue-filtered");
    }

    void finding(Browser b) {
        b.open("/findings/GOV-001");
        b.waitFor("section.rule");
        assertTrue(b.find("pre.source").getText().contains("GOV-001"));
        assertTrue(b.find("dd.explanation").getText().contains("governance structure"));
        assertFalse(b.all("details.case.passed").isEmpty(), "its cases, passing");
        b.all("details.case").get(0).click();
        b.js("window.scrollTo(0, 0)");
        b.screenshot("04-finding");
    }

    void tryA10(Browser b) throws Exception {
        b.open("/try");
        b.waitFor("#evaluate").click();
        b.waitFor("#answer-summary");
        Set<String> ids = b.all("article.answer-finding").stream().map(a -> a.getAttribute("data-id")).collect(Collectors.toSet());
        assertEquals(new TreeSet<>(A10_IDS), new TreeSet<>(ids));
        assertEquals("HIGH", b.find("article.answer-finding[data-id='LEG-900']").getAttribute("data-severity"));
        // practice notes are shown apart from the research's recommendations, each as the answer has them
        JsonPath answer = given().contentType("application/json").body(Files.readString(Path.of("examples/a10-request.json")))
                .post("/evaluate").then().statusCode(200).extract().jsonPath();
        int withNotes = 0;
        for (String id : A10_IDS) {
            List<String> recs = answer.getList("findings.find { it.id == '" + id + "' }.recommendations", String.class);
            List<String> notes = answer.getList("findings.find { it.id == '" + id + "' }.practiceNotes", String.class);
            String article = "article.answer-finding[data-id='" + id + "'] ";
            assertEquals(recs, b.all(article + "details.recommendations li").stream().map(WebElement::getText).toList(), id);
            assertEquals(notes, b.all(article + "details.practice-notes li").stream().map(WebElement::getText).toList(), id);
            if (!notes.isEmpty()) {
                withNotes++;
                assertEquals("Practice notes (not from the research)",
                        b.find(article + "details.practice-notes summary").getText(), id);
            }
        }
        assertTrue(withNotes > 0, "the A.10 answer has findings with practice notes");
        b.screenshot("05-try-a10");
        WebElement request = b.find("#request");
        b.setText(request, "{\"partnership\":{\"id\":\"x\",\n\"name\":\"X\",\n\"phase\":\"middle\"},\n\"partners\":[]}");
        b.find("#evaluate").click();
        b.waitFor("li.violation[data-field='partnership.phase']");
        assertFalse(b.all(".gutter-line.has-error[data-line='3']").isEmpty(), "the violation marks the line of \"phase\"");
        b.screenshot("06-try-invalid");
    }

    void brokenFileInStatus(Browser b) throws Exception {
        Path broken = WorkbenchProfile.FOLDER.resolve("analyst/broken.drl");
        Files.createDirectories(broken.getParent());
        Files.writeString(broken, "package org.csp.rules.analyst;\nimport org.csp.decisions.model.*;\n\nrule \"ANA-009 Broken\"\nwhen\n"
                + "    Partnership( nosuchfield == 1 )\nthen\nend\n");
        b.waitUntil(Duration.ofSeconds(60), () -> "FAILED".equals(rules().getString("lastReload.outcome")));
        int line = rules().getInt("lastReload.errors.find { it.file == 'analyst/broken.drl' }.line");
        assertTrue(line > 0);
        b.open("/status");
        WebElement link = b.waitFor("#last-errors a.error-link");
        assertTrue(link.getText().startsWith("analyst/broken.drl:" + line), link.getText());
        b.screenshot("07-status-broken-file");
        link.click();
        b.waitFor("pre.source");
        assertTrue(b.driver.getCurrentUrl().contains("/source?file=analyst%2Fbroken.drl"), b.driver.getCurrentUrl());
        assertTrue(b.find("#L" + line).getAttribute("class").contains("highlight"));
        b.screenshot("08-source-at-error");
        Files.delete(broken);
        b.waitUntil(Duration.ofSeconds(60), () -> !"FAILED".equals(rules().getString("lastReload.outcome")));
    }

    void editPublishAndRollBack(Browser b, String before) {
        b.open("/edit/new");
        b.find("#new-id").sendKeys(NEW_ID);
        b.find("#start").click();
        b.waitFor("section.file");
        List<WebElement> files = b.all("section.file");
        assertEquals("analyst/" + NEW_ID + ".drl", files.get(0).getAttribute("data-path"));
        assertEquals("analyst/" + NEW_ID + ".cases.json", files.get(1).getAttribute("data-path"), "the cases go beside the rule");
        String template = b.all("textarea.code").get(0).getAttribute("value");
        for (String field : List.of("@id", "@category", "@severity", "@source", "@citation", "@paraphrase", "@explanation", "@recommendation1")) {
            assertTrue(template.contains(field), "template has " + field);
        }
        b.screenshot("09-edit-new-finding");

        // 1. an error: Validate shows it at its line
        b.setText(b.all("textarea.code").get(0), rule(true));
        b.setText(b.all("textarea.code").get(1), CASES);
        b.find("#validate").click();
        b.waitFor("#report-title", Duration.ofSeconds(120));
        assertTrue(b.find("#report-title").getText().startsWith("Does not compile"), b.find("#report").getText());
        List<String> errorLines = b.all("a.error-at").stream().map(a -> a.getAttribute("data-line")).toList();
        assertTrue(errorLines.contains(String.valueOf(conditionLine())), "error at line " + conditionLine() + ": " + b.find("#report").getText());
        assertFalse(b.all("section.file:first-of-type .gutter-line.has-error[data-line='" + conditionLine() + "']").isEmpty());
        b.screenshot("10-edit-validate-error");

        // 2. fixed: Validate shows the case results and the impact: +1 finding on the matching sample
        b.setText(b.all("textarea.code").get(0), rule(false));
        b.find("#validate").click();
        b.waitFor("#impact", Duration.ofSeconds(120));
        List<WebElement> ownCases = b.all("li.case-result[data-finding='" + NEW_ID + "']");
        assertEquals(2, ownCases.size());
        assertTrue(ownCases.stream().allMatch(c -> c.getAttribute("class").contains("pass")), b.find("#report-cases").getText());
        List<WebElement> sampleImpact = b.all("tr.impact-item[data-origin='sample']");
        assertEquals(1, sampleImpact.size(), b.find("#impact").getText());
        assertEquals(NEW_ID, sampleImpact.get(0).getAttribute("data-id"));
        assertEquals("added", sampleImpact.get(0).getAttribute("data-change"));
        assertEquals(SAMPLE, sampleImpact.get(0).getAttribute("data-request"));
        b.scrollTo("#report-cases");
        b.screenshot("11-edit-validate-impact");

        // 3. publish: the page follows the reload until the new version is served
        b.find("#publish").click();
        b.waitFor("#published", Duration.ofSeconds(120));
        String published = rules().getString("ruleSetVersion");
        assertFalse(published.equals(before));
        assertEquals(published, b.find("#served-version").getText());
        assertTrue(rules().getList("rules.id").contains(NEW_ID));
        b.scrollTo("#published");
        b.screenshot("12-edit-published");

        b.open("/");
        b.waitFor("tr.finding[data-id='" + NEW_ID + "']");
        assertEquals("2/2 pass", b.find("tr.finding[data-id='" + NEW_ID + "'] td.cases").getText());
        b.open("/try");
        pick(b, SAMPLE);
        b.find("#evaluate").click();
        b.waitFor("article.answer-finding[data-id='" + NEW_ID + "']");
        b.screenshot("13-try-new-finding");

        // 4. roll back to the version before: through validate and publish, and the finding is gone
        b.open("/status");
        b.waitFor("#versions tr[data-version='" + before + "'] a.rollback-link").click();
        b.waitFor("#validate");
        assertTrue(b.find("table.rollback-files").getText().contains("analyst/" + NEW_ID + ".drl"));
        b.find("#validate").click();
        b.waitFor("#impact", Duration.ofSeconds(120));
        List<WebElement> removed = b.all("tr.impact-item[data-origin='sample']");
        assertEquals(1, removed.size(), b.find("#impact").getText());
        assertEquals("removed", removed.get(0).getAttribute("data-change"));
        b.screenshot("14-rollback-validated");
        b.find("#publish").click();
        b.waitFor("#published", Duration.ofSeconds(120));
        assertEquals(before, rules().getString("ruleSetVersion"));
        b.open("/");
        b.waitFor("section.category");
        assertTrue(b.all("tr.finding[data-id='" + NEW_ID + "']").isEmpty(), "rolled back: the finding is gone");
        b.open("/status");
        b.waitFor("#history");
        assertTrue(b.find("#history").getText().contains(NEW_ID), "the history names the added and removed rule");
        b.screenshot("15-status-history");
    }

    static void pick(Browser b, String label) {
        b.js("const s = document.getElementById('picker');"
                + "const o = Array.from(s.options).find(x => x.text === arguments[0]);"
                + "s.value = o.value; s.dispatchEvent(new Event('change'));", label);
    }
}
