package org.csp.decisions.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Results are collected per call, never in shared state: 1,000 concurrent calls with different inputs, each checked
 * against its own expectation (its own partnership id, its own partner ids as subjects, threshold findings that
 * depend on its own numbers).
 */
@QuarkusTest
class ConcurrentEvaluationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/evaluate")
    URI evaluate;

    static String request(int i) {
        int horizon = i % 20;                  // FUN-002 iff < 10
        double share = (i % 7) / 10.0 + 0.3;   // GOV-001 iff >= 0.6 (with formalStructure false)
        String phase = i % 3 == 0 ? "EARLIER" : i % 3 == 1 ? "MIDDLE" : "LATER";
        return "{\"partnership\":{\"id\":\"c-" + i + "\",\"name\":\"Concurrent " + i + "\",\"phase\":\"" + phase + "\","
                + "\"governance\":{\"formalStructure\":false},\"financing\":{\"planningHorizonYears\":" + horizon + "},"
                + "\"infrastructure\":{\"status\":\"FRAGILE\"}},"
                + "\"partners\":[{\"id\":\"big-" + i + "\",\"name\":\"B\",\"sector\":\"BUSINESS\",\"resourceShare\":" + share + "},"
                + "{\"id\":\"npo-" + i + "\",\"name\":\"N\",\"sector\":\"NONPROFIT\"}]}";
    }

    static Set<String> expectedIds(int i) {
        Set<String> ids = new TreeSet<>();
        if (i % 20 < 10) {
            ids.add("FUN-002");
        }
        if ((i % 7) / 10.0 + 0.3 >= 0.6) {
            ids.add("GOV-001");
        }
        ids.add(i % 3 == 0 ? "PHA-EARLY-002" : "PHA-COMMON-001");
        return ids;
    }

    @Test
    void thousandConcurrentCallsEachGetTheirOwnAnswer() throws Exception {
        HttpClient client = org.csp.decisions.contract.CheckedHttpClient.of(HttpClient.newBuilder().executor(Executors.newFixedThreadPool(8)).build());
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int n = 0; n < 1000; n++) {
                final int i = n;
                results.add(pool.submit(() -> {
                    HttpResponse<String> response = client.send(HttpRequest.newBuilder(evaluate)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(request(i))).build(), HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200) {
                        return "call " + i + ": status " + response.statusCode();
                    }
                    JsonNode answer = JSON.readTree(response.body());
                    if (!answer.path("partnershipId").asText().equals("c-" + i)) {
                        return "call " + i + ": answer for " + answer.path("partnershipId");
                    }
                    Set<String> ids = new TreeSet<>();
                    for (JsonNode f : answer.path("findings")) {
                        ids.add(f.path("id").asText());
                        for (JsonNode subject : f.path("subjects")) {
                            if (!subject.asText().endsWith("-" + i)) {
                                return "call " + i + ": foreign subject " + subject;
                            }
                        }
                    }
                    Set<String> expected = expectedIds(i);
                    Set<String> relevant = new TreeSet<>(ids);
                    relevant.retainAll(Set.of("FUN-002", "GOV-001", "PHA-EARLY-002", "PHA-COMMON-001"));
                    return relevant.equals(expected) ? null : "call " + i + ": expected " + expected + " got " + relevant;
                }));
            }
            List<String> failures = new ArrayList<>();
            for (Future<String> result : results) {
                String failure = result.get();
                if (failure != null) {
                    failures.add(failure);
                }
            }
            assertTrue(failures.isEmpty(), failures.size() + " wrong answers, e.g. " + failures.subList(0, Math.min(5, failures.size())));
            assertEquals(1000, results.size());
        } finally {
            pool.shutdownNow();
        }
    }
}
