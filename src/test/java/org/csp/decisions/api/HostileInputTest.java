package org.csp.decisions.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Property-based robustness: thousands of generated bodies (mutations of the A.10 request, random JSON, random bytes)
 * sent to /evaluate and /evaluate/batch. Properties: never a 5xx; every 4xx is a parseable problem document without
 * internals; every 200 is a well-formed answer, and mutations that touch only fields no rule reads give exactly the
 * A.10 findings. The seed is printed so a failure can be replayed with -Dhostile.seed=...
 */
@QuarkusTest
class HostileInputTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final int BODIES = Integer.getInteger("hostile.bodies", 2500);

    final long seed = Long.getLong("hostile.seed", System.nanoTime());
    final HttpClient client = org.csp.decisions.contract.CheckedHttpClient.of(HttpClient.newHttpClient());

    @TestHTTPResource("/evaluate")
    URI evaluateUri;
    @TestHTTPResource("/evaluate/batch")
    URI batchUri;
    final Random random = new Random(seed);

    @Test
    void generatedBodiesNeverBreakTheService() throws Exception {
        System.out.println("HostileInputTest seed: " + seed);
        ObjectNode a10 = (ObjectNode) JSON.readTree(Files.readString(Path.of("examples/a10-request.json")));
        Set<String> a10Ids = new TreeSet<>(A10ExampleTest.EXPECTED);
        int ok = 0;
        int rejected = 0;
        for (int i = 0; i < BODIES; i++) {
            int kind = random.nextInt(10);
            byte[] body;
            boolean irrelevant = false;
            if (kind < 5) {
                ObjectNode mutated = a10.deepCopy();
                int mutations = 1 + random.nextInt(3);
                for (int m = 0; m < mutations; m++) {
                    mutate(mutated);
                }
                body = JSON.writeValueAsBytes(mutated);
            } else if (kind < 7) {
                ObjectNode mutated = a10.deepCopy();
                irrelevantChange(mutated);
                irrelevant = true;
                body = JSON.writeValueAsBytes(mutated);
            } else if (kind < 8) {
                body = JSON.writeValueAsBytes(randomJson(0));
            } else if (kind < 9) {
                byte[] valid = JSON.writeValueAsBytes(a10);
                body = java.util.Arrays.copyOf(valid, random.nextInt(valid.length));
            } else {
                body = new byte[random.nextInt(200)];
                random.nextBytes(body);
            }
            boolean batch = random.nextInt(8) == 0;
            if (batch) {
                body = ("[" + new String(body, StandardCharsets.UTF_8) + "," + JSON.writeValueAsString(a10) + "]").getBytes(StandardCharsets.UTF_8);
            }
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(batch ? batchUri : evaluateUri)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            String text = response.body();
            String context = "seed " + seed + ", body " + i + ": " + new String(body, StandardCharsets.UTF_8);
            assertTrue(status < 500, "5xx for " + context + " -> " + text);
            if (status >= 400) {
                rejected++;
                assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""), context);
                JsonNode problem = JSON.readTree(text);
                assertEquals(status, problem.path("status").asInt(), context);
                assertTrue(problem.path("type").asText().startsWith("https://csp-decisions/problems/"), context);
                assertFalse(text.contains("Exception") || text.contains("\tat ") || text.contains("org.csp"), context);
                continue;
            }
            ok++;
            JsonNode answer = JSON.readTree(text);
            if (batch) {
                checkWellFormed(answer.get(1));
                assertEquals(a10Ids, ids(answer.get(1)), context);
                JsonNode first = answer.get(0);
                if (first.has("findings")) {
                    checkWellFormed(first);
                } else {
                    assertEquals(400, first.path("status").asInt(), context);
                }
            } else {
                checkWellFormed(answer);
                if (irrelevant) {
                    assertEquals(a10Ids, ids(answer), "fields no rule reads changed the findings: " + context);
                }
            }
        }
        System.out.printf("HostileInputTest: %d bodies, %d answered 200, %d rejected with 4xx%n", BODIES, ok, rejected);
        assertTrue(ok > BODIES / 10 && rejected > BODIES / 10, "generator should produce both valid and invalid bodies");
    }

    static Set<String> ids(JsonNode answer) {
        Set<String> ids = new TreeSet<>();
        answer.path("findings").forEach(f -> ids.add(f.path("id").asText()));
        return ids;
    }

    /** Findings sorted by severity then id; summary counts agree with them; firedRules sorted. */
    static void checkWellFormed(JsonNode answer) {
        List<String> order = List.of("HIGH", "MEDIUM", "LOW", "INFO");
        String previous = null;
        int[] counts = new int[4];
        for (JsonNode f : answer.path("findings")) {
            String key = order.indexOf(f.path("severity").asText()) + f.path("id").asText();
            if (previous != null && previous.compareTo(key) > 0) {
                fail("findings out of order: " + answer);
            }
            previous = key;
            if (!f.path("aggregate").asBoolean()) {
                counts[order.indexOf(f.path("severity").asText())]++;
            }
            assertTrue(f.path("practiceNotes").isArray(), "practiceNotes is always an array: " + f);
            assertTrue(f.path("recommendations").size() + f.path("practiceNotes").size() > 0, "finding without advice: " + f);
            assertTrue((f.path("recommendations").toString() + f.path("practiceNotes")).indexOf('{') < 0, "unfilled placeholder: " + f);
            assertTrue(f.path("explanation").asText().indexOf('{') < 0, "unfilled placeholder: " + f);
        }
        for (int s = 0; s < 4; s++) {
            assertEquals(counts[s], answer.path("summary").path("bySeverity").path(order.get(s)).asInt(), "summary: " + answer);
        }
        List<String> fired = new ArrayList<>();
        answer.path("firedRules").forEach(n -> fired.add(n.asText()));
        assertEquals(fired.stream().sorted().toList(), fired);
    }

    /** Changes only fields that no v1.0.0 rule reads: names, roles, attributes. */
    void irrelevantChange(ObjectNode request) {
        ObjectNode partnership = (ObjectNode) request.get("partnership");
        switch (random.nextInt(4)) {
            case 0 -> partnership.put("name", "Renamed " + random.nextInt(1000));
            case 1 -> ((ObjectNode) request.get("partners").get(random.nextInt(4))).put("role",
                    List.of("CONVENER", "BACKBONE", "FUNDER", "IMPLEMENTER", "MEMBER", "ADVISOR").get(random.nextInt(6)));
            case 2 -> partnership.putObject("attributes").put("k" + random.nextInt(100), random.nextInt(2) == 0 ? "v" : "w");
            default -> ((ObjectNode) request.get("partners").get(random.nextInt(4))).put("name", "Org " + random.nextInt(1000));
        }
    }

    void mutate(ObjectNode root) {
        List<ObjectNode> objects = new ArrayList<>();
        collect(root, objects);
        ObjectNode target = objects.get(random.nextInt(objects.size()));
        List<String> names = new ArrayList<>();
        target.fieldNames().forEachRemaining(names::add);
        String name = names.isEmpty() ? "x" : names.get(random.nextInt(names.size()));
        switch (random.nextInt(7)) {
            case 0 -> target.remove(name);
            case 1 -> target.set(name, randomJson(0));
            case 2 -> target.set(name + (random.nextBoolean() ? "X" : ""), target.get(name) == null ? NODES.nullNode() : target.get(name));
            case 3 -> {
                JsonNode value = target.get(name);
                if (value != null && value.isTextual()) {
                    target.put(name, value.asText().toLowerCase());
                }
            }
            case 4 -> target.put(name, random.nextBoolean() ? random.nextInt() : random.nextDouble() * 1e6 - 5e5);
            case 5 -> {
                if (root.get("partners") instanceof ArrayNode partners && partners.size() > 0) {
                    partners.add(partners.get(random.nextInt(partners.size())).deepCopy());
                }
            }
            default -> target.put(name, random.nextBoolean() ? "" : "x".repeat(random.nextInt(1000)));
        }
    }

    static void collect(JsonNode node, List<ObjectNode> into) {
        if (node instanceof ObjectNode object) {
            into.add(object);
        }
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
            collect(it.next(), into);
        }
    }

    JsonNode randomJson(int depth) {
        int choice = random.nextInt(depth > 20 ? 6 : 9);
        return switch (choice) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(random.nextLong());
            case 3 -> NODES.numberNode(new java.math.BigDecimal(random.nextGaussian() * 1e300).scaleByPowerOfTen(random.nextInt(40)));
            case 4 -> NODES.textNode(List.of("PUBLIC", "MIDDLE", "middle", "", "\u0000", "\uD83D\uDE00", "x".repeat(600)).get(random.nextInt(7)));
            case 5 -> NODES.numberNode(random.nextDouble());
            case 6, 7 -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.add(randomJson(depth + 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    object.set(List.of("partnership", "partners", "id", "name", "sector", "a").get(random.nextInt(6)), randomJson(depth + 1));
                }
                yield object;
            }
        };
    }
}
