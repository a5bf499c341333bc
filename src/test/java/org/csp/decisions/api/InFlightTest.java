package org.csp.decisions.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 item 6: work in flight is bounded (the excess gets 503 + Retry-After), a batch whose caller has gone
 * stops, error answers are bounded in size, and slow-header sockets do not block an ordinary request. The profile
 * allows 5 MiB of batch bodies in flight.
 */
@QuarkusTest
@TestProfile(AdminProfile.class)
class InFlightTest {
    private static final String A10_REQUEST = read("examples/a10-request.json");

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    static String batchOf(int n) throws Exception {
        String a10 = Files.readString(Path.of("examples/a10-request.json"));
        return IntStream.range(0, n).mapToObj(i -> a10).collect(Collectors.joining(",", "[", "]"));
    }

    /** Opens a batch request that declares {@code length} bytes and sends only the headers and a few bytes. */
    Socket holdBatch(int length) throws Exception {
        Socket socket = new Socket(base.getHost(), base.getPort());
        OutputStream out = socket.getOutputStream();
        out.write(("POST /evaluate/batch HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                + length + "\r\n\r\n[").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    @Test
    void batchesBeyondTheBytesInFlightAre503WithRetryAfter() throws Exception {
        String batch = batchOf(700); // ~1.9 MB
        try (Socket held = holdBatch(4 * 1024 * 1024)) {
            Thread.sleep(300); // the held request's headers are read and its permits taken
            given().contentType("application/json").body(batch).post("/evaluate/batch").then().statusCode(503)
                    .contentType("application/problem+json").header("Retry-After", "1")
                    .body("type", org.hamcrest.Matchers.endsWith("/overloaded"));
            assertTrue(given().get("/q/metrics").asString().matches(
                    "(?s).*csp_requests_refused_total\\{limit=\"evaluate.batch.max-in-flight-bytes\"\\} [1-9].*"),
                    "the refusal is not counted");
            // an ordinary single request is not refused because of batches
            given().contentType("application/json").body(A10_REQUEST)
                    .post("/evaluate").then().statusCode(200);
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        int status;
        do {
            Thread.sleep(100);
            status = given().contentType("application/json").body(batch).post("/evaluate/batch").statusCode();
        } while (status == 503 && System.nanoTime() < deadline);
        assertEquals(200, status, "the permits of a closed connection were not returned");
    }

    static double evaluations() {
        String metrics = given().get("/q/metrics").asString();
        Matcher m = Pattern.compile("(?m)^csp_evaluations_total\\{[^}]*\\} ([0-9.E]+)").matcher(metrics);
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    @Test
    void aBatchWhoseCallerHasGoneStops() throws Exception {
        byte[] batch = batchOf(1000).getBytes(StandardCharsets.UTF_8);
        double before = evaluations();
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /evaluate/batch HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                    + batch.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(batch);
            out.flush();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (evaluations() == before && System.nanoTime() < deadline) {
                Thread.sleep(5); // until the batch has started evaluating
            }
        } // then closed: nobody will read the answer
        // wait until the count has stood still for 2 s (the batch finished or stopped), at most 90 s
        double done = evaluations() - before;
        long deadline = System.nanoTime() + 90_000_000_000L;
        long stillSince = System.nanoTime();
        while (System.nanoTime() - stillSince < 2_000_000_000L && System.nanoTime() < deadline) {
            Thread.sleep(200);
            double now = evaluations() - before;
            if (now != done) {
                done = now;
                stillSince = System.nanoTime();
            }
        }
        assertTrue(done < 1000, "all " + done + " items were evaluated for a caller who had left");
    }

    @Test
    void errorAnswersAreBoundedInSize() throws Exception {
        StringBuilder body = new StringBuilder("{");
        for (int i = 0; body.length() < 250_000; i++) {
            body.append(i == 0 ? "" : ",").append("\"unknown").append(i).append("\":1");
        }
        body.append(",\"").append("k".repeat(5000)).append("\":1}");
        String answer = given().contentType("application/json").body(body.toString()).post("/evaluate").then()
                .statusCode(400).extract().asString();
        JsonNode problem = JSON.readTree(answer);
        assertEquals(Problem.MAX_LISTED, problem.path("violations").size());
        assertTrue(problem.path("detail").asText().contains("the first 100 are listed"), problem.path("detail").asText());
        assertTrue(answer.length() < 20_000, "error answer of " + answer.length() + " bytes");
    }

    @Test
    void slowHeaderSocketsDoNotBlockAnOrdinaryRequest() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                Socket s = new Socket(base.getHost(), base.getPort());
                s.getOutputStream().write("POST /evaluate HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                slow.add(s);
            }
            given().contentType("application/json").body(A10_REQUEST)
                    .post("/evaluate").then().statusCode(200);
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
    }
}
