package org.csp.decisions.engine;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The service started on a rules folder projected exactly as kubelet projects a ConfigMap volume (with a sub-folder
 * through {@code items[].path}): it starts (it used to stop with "Duplicate rule name"), shows only relative paths,
 * follows ConfigMap updates under load without a failed request, and refuses a link out of the folder by name only.
 */
@QuarkusTest
@TestProfile(ConfigMapRulesTest.Profile.class)
class ConfigMapRulesTest {

    public static class Profile implements QuarkusTestProfile {
        static final Path MOUNT = mount();

        static Path mount() {
            try {
                Path mount = Files.createTempDirectory("csp-configmap-").resolve("rules");
                MountedLayouts.configMap(mount, payload(3));
                return mount;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rules.directory", MOUNT.toString(), "rules.reload-debounce", "100ms");
        }
    }

    /** A small set (compiles fast): one rule at the top, one in a sub-folder. */
    static Map<String, String> payload(int threshold) {
        Map<String, String> payload = new TreeMap<>();
        payload.put("top.drl", HotReloadTest.rule("ANA-002", 1));
        payload.put("analyst/counties.drl", HotReloadTest.rule("ANA-001", threshold));
        return payload;
    }

    static JsonPath rules() {
        return given().get("/rules").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void startsOnAConfigMapVolumeShowsRelativePathsAndFollowsUpdatesUnderLoad() throws Exception {
        JsonPath rules = rules();
        String body = given().get("/rules").asString();
        assertEquals("rules.directory", rules.getString("origin"));
        assertFalse(body.contains(Profile.MOUNT.getParent().toString()), "GET /rules shows an absolute path");
        assertFalse(body.contains(".."), "hidden ConfigMap entries were loaded");
        assertTrue(rules.getList("rules.file", String.class).contains("analyst/counties.drl"));
        assertEquals(1, rules.getList("rules.id", String.class).stream().filter("ANA-001"::equals).count());
        given().get("/q/health/ready").then().statusCode(200);

        String a10 = HotReloadTest.a10();
        List<String> failures = new CopyOnWriteArrayList<>();
        Set<String> versions = ConcurrentHashMap.newKeySet();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread load = new Thread(() -> {
            while (running.get()) {
                var r = given().contentType("application/json").body(a10).post("/evaluate");
                if (r.statusCode() != 200) {
                    failures.add(r.statusCode() + " " + r.asString());
                } else {
                    versions.add(r.jsonPath().getString("ruleSetVersion"));
                }
            }
        });
        load.start();
        try {
            for (int threshold = 4; threshold <= 6; threshold++) {
                MountedLayouts.configMap(Profile.MOUNT, payload(threshold));
                String expected = HotReloadTest.version(Profile.MOUNT);
                HotReloadTest.await("ConfigMap update " + threshold, () -> rules().getString("ruleSetVersion").equals(expected));
            }
        } finally {
            running.set(false);
            load.join();
        }
        assertTrue(failures.isEmpty(), failures.toString());
        assertFalse(versions.isEmpty());

        // a link out of the folder: refused by its relative name, nothing of the target shown, last good set kept
        String served = rules().getString("ruleSetVersion");
        Path escape = Profile.MOUNT.resolve("passwd.drl");
        Files.createSymbolicLink(escape, Path.of("/etc/passwd"));
        try {
            HotReloadTest.await("the escaping link to be refused", () -> "FAILED".equals(rules().getString("lastReload.outcome")));
            String failed = given().get("/rules").asString();
            assertEquals("passwd.drl", rules().getString("lastReload.errors[0].file"));
            assertFalse(failed.contains("root:"), "content of /etc/passwd leaked: " + failed);
            assertEquals(served, rules().getString("ruleSetVersion"));
        } finally {
            Files.delete(escape);
        }
        HotReloadTest.await("recovery", () -> rules().getString("lastReload.outcome").matches("LOADED|UNCHANGED"));
    }
}
