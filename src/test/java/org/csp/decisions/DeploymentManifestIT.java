package org.csp.decisions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What `./mvnw package` generated for running on Kubernetes (target/kubernetes/kubernetes.json, by the
 * quarkus-kubernetes extension) and the container image's inputs (src/main/docker/Dockerfile.jvm and the fast-jar it
 * copies) are what the README claims. Runs in the integration-test phase of `./mvnw verify`, after package.
 */
class DeploymentManifestIT {
    static JsonNode deployment;
    static JsonNode container;
    static Properties application = new Properties();

    @BeforeAll
    static void read() throws IOException {
        JsonNode all = new ObjectMapper().readTree(Path.of("target/kubernetes/kubernetes.json").toFile());
        deployment = StreamSupport.stream(all.spliterator(), false)
                .filter(r -> r.path("kind").asText().equals("Deployment")).findFirst().orElseThrow();
        container = deployment.at("/spec/template/spec/containers/0");
        try (Reader in = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            application.load(in);
        }
    }

    static String env(String name) {
        for (JsonNode e : container.path("env")) {
            if (e.path("name").asText().equals(name)) {
                return e.path("value").asText();
            }
        }
        return null;
    }

    @Test
    void severalReplicasRolledWithoutLosingCapacity() {
        assertEquals(3, deployment.at("/spec/replicas").asInt());
        assertEquals("RollingUpdate", deployment.at("/spec/strategy/type").asText());
        assertEquals("0%", deployment.at("/spec/strategy/rollingUpdate/maxUnavailable").asText());
    }

    @Test
    void probesAreWiredToTheHealthChecks() {
        assertEquals("/q/health/ready", container.at("/readinessProbe/httpGet/path").asText());
        assertEquals("/q/health/live", container.at("/livenessProbe/httpGet/path").asText());
        assertEquals("/q/health/started", container.at("/startupProbe/httpGet/path").asText());
        assertEquals(8080, container.at("/readinessProbe/httpGet/port").asInt());
    }

    @Test
    void terminationGraceExceedsTheServicesShutdownDelayPlusGrace() {
        // quarkus.shutdown.delay (readiness DOWN, still serving) + quarkus.shutdown.timeout (requests in flight);
        // 10 s each when not configured here, so the check holds whatever the shutdown settings become.
        long delay = seconds(application.getProperty("quarkus.shutdown.delay"), 10);
        long grace = seconds(application.getProperty("quarkus.shutdown.timeout"), 10);
        long kubernetes = deployment.at("/spec/template/spec/terminationGracePeriodSeconds").asLong();
        assertTrue(kubernetes >= delay + grace + 5, "terminationGracePeriodSeconds " + kubernetes + " vs delay " + delay
                + " s + grace " + grace + " s");
    }

    @Test
    void resourcesAndJvmFlags() {
        for (String path : List.of("/resources/requests/cpu", "/resources/requests/memory", "/resources/limits/memory")) {
            assertFalse(container.at(path).asText().isEmpty(), path);
        }
        assertTrue(env("JAVA_OPTS_APPEND").contains("-XX:+ExitOnOutOfMemoryError"), env("JAVA_OPTS_APPEND"));
        // The pods start the JVM as bin/run does (bin/jvm.options), and so does the container image.
        String dockerfile = read(Path.of("src/main/docker/Dockerfile.jvm"));
        for (String option : jvmOptions()) {
            assertTrue(List.of(env("JAVA_OPTS_APPEND").split(" ")).contains(option), option + " not in the manifest");
            assertTrue(dockerfile.contains(" " + option + " ") || dockerfile.contains(" " + option + "\""),
                    option + " not in Dockerfile.jvm");
        }
    }

    /** The options in bin/jvm.options (a java @-file: # starts a comment). */
    static List<String> jvmOptions() {
        return read(Path.of("bin/jvm.options")).lines().map(l -> l.replaceFirst("#.*", "").strip())
                .filter(l -> !l.isEmpty()).toList();
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void rulesComeFromTheConfigMapMountedWholeWhereRulesDirectoryPoints() {
        String dir = env("RULES_DIRECTORY");
        assertNotNull(dir);
        JsonNode mount = StreamSupport.stream(container.path("volumeMounts").spliterator(), false)
                .filter(m -> m.path("mountPath").asText().equals(dir)).findFirst().orElseThrow();
        assertTrue(mount.path("readOnly").asBoolean());
        assertTrue(mount.path("subPath").isMissingNode(), "kubelet never updates a subPath mount");
        JsonNode volume = StreamSupport.stream(deployment.at("/spec/template/spec/volumes").spliterator(), false)
                .filter(v -> v.path("name").asText().equals(mount.path("name").asText())).findFirst().orElseThrow();
        assertEquals("csp-rules", volume.at("/configMap/name").asText());
        assertEquals(0444, volume.at("/configMap/defaultMode").asInt(), "readable by the image's non-root user");
    }

    @Test
    void theImageIsBuiltFromTheQuarkusDockerfileOverWhatPackageMade() throws IOException {
        String dockerfile = Files.readString(Path.of("src/main/docker/Dockerfile.jvm"));
        Matcher copy = Pattern.compile("(?m)^COPY --chown=185 (\\S+) ").matcher(dockerfile);
        int copies = 0;
        while (copy.find()) {
            String source = copy.group(1);
            Path dir = Path.of(source.endsWith("*.jar") ? "target/quarkus-app" : source);
            assertTrue(Files.exists(dir), "Dockerfile copies " + source + " which package did not make");
            copies++;
        }
        assertEquals(4, copies);
        assertTrue(Files.exists(Path.of("target/quarkus-app/quarkus-run.jar")));
        assertTrue(dockerfile.contains("-XX:+ExitOnOutOfMemoryError"));
        assertEquals(application.getProperty("quarkus.container-image.group") + "/"
                + application.getProperty("quarkus.container-image.name"),
                container.path("image").asText().replaceFirst("^[^/]+/", "").replaceFirst(":.*$", ""));
    }

    /** "10s", "PT10S", "500ms" or a number of seconds; the fallback when unset. */
    static long seconds(String value, long fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        String v = value.trim().toUpperCase();
        if (v.startsWith("P")) {
            return Duration.parse(v).toSeconds();
        }
        if (v.endsWith("MS")) {
            return (Long.parseLong(v.substring(0, v.length() - 2)) + 999) / 1000;
        }
        Matcher m = Pattern.compile("(\\d+)([SMH]?)").matcher(v);
        if (!m.matches()) {
            throw new IllegalArgumentException("cannot read duration " + value);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "M" -> n * 60;
            case "H" -> n * 3600;
            default -> n;
        };
    }
}
