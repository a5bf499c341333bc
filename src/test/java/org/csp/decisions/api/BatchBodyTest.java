package org.csp.decisions.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A batch body read item by item ({@link RequestReader#batch}) answers exactly what reading it whole as one tree
 * ({@link RequestReader#parse}) answered: the same 400 problem for a broken body, and otherwise the same root type,
 * item count and items.
 */
class BatchBodyTest {
    private final RequestReader reader = new RequestReader(null); // batch() and parse() never validate

    static Stream<String> bodies() throws IOException {
        String a10 = Files.readString(Path.of("examples/a10-request.json"));
        List<String> bodies = new ArrayList<>(List.of(
                "[" + a10 + "]",
                "[" + a10 + ", " + a10 + "]",
                "  [ {\"a\" : [1, 2.50, -0.0, 1e3, true, null, \"x\\\"\\u00e9\\n\"]} ,\n\t{} ] \n",
                "[1, \"two\", 3.0, null, false, [], {}, [[[]]], \"\\ud83d\\ude00\", \"caf\u00e9\"]",
                "[\"\"]", "[0]", "[-1]", "[12345678901234567890123]", "[1.5E-7]",
                "[1e-2147483648]", "[1e2147483647]", "[1E+999999999]", "[0.000e-400]", "[1" + "0".repeat(1200) + "]",
                "[]", "{}", "{\"a\":1}", "5", "\"text\"", "null",
                "[", "[1,]", "[1 2]", "[1] 2", "[1]]", "[{\"a\":1,\"a\":2}]", "[{\"a\":1} {\"b\":2}]", "[\"\\x\"]",
                "[\"unterminated]", "[\"ctl\u0001\"]", "[NaN]", "[01]", "[1.]", "[-]", "[tru]", "[{\"a\"}]",
                "[{\"a\":1},]", "[" + "[".repeat(20) + "]".repeat(20) + "]", "[" + "[".repeat(14) + "]".repeat(14) + "]",
                "{\"a\":1,\"a\":2}", "[{\"a\":1}] trailing", "[1]\n/* c */"));
        StringBuilder thousand = new StringBuilder("[");
        for (int i = 0; i < 1001; i++) {
            thousand.append(i == 0 ? "" : ",").append("{\"i\":").append(i).append('}');
        }
        bodies.add(thousand.append(']').toString());
        return bodies.stream();
    }

    @ParameterizedTest
    @MethodSource("bodies")
    void readingItemByItemAgreesWithReadingTheWholeTree(String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        JsonNode whole;
        try {
            whole = reader.parse(body);
        } catch (ProblemException expected) {
            ProblemException e = assertThrowsProblem(body);
            assertEquals(expected.problem().toString(), e.problem().toString(), text);
            return;
        }
        RequestReader.BatchBody batch = reader.batch(body);
        assertEquals(whole.isArray(), batch.isArray(), text);
        if (whole.isArray()) {
            assertEquals(whole.size(), batch.size(), text);
            for (int i = 0; i < whole.size(); i++) {
                assertEquals(whole.get(i), batch.item(i), text + " item " + i);
            }
        }
    }

    @Test
    void plainlyValidItemsAreReadAsSingleBodiesAre() throws IOException {
        String a10 = Files.readString(Path.of("examples/a10-request.json"));
        String other = a10.replace("\"phase\": \"MIDDLE\"", "\"phase\": \"LATER\"");
        byte[] body = ("[" + a10 + ",\n " + other + "]").getBytes(StandardCharsets.UTF_8);
        RequestReader.BatchBody batch = reader.batch(body);
        JsonNode whole = reader.parse(body);
        for (int i = 0; i < 2; i++) {
            assertEquals(reader.read(whole.get(i)), batch.read(i), "item " + i);
        }
        assertEquals(reader.read(a10.getBytes(StandardCharsets.UTF_8)), batch.read(0));
    }

    @Test
    void emptyAndNonUtf8BodiesGetTheSameProblemsAsSingleCalls() {
        for (byte[] body : List.of(new byte[0], "  \n".getBytes(StandardCharsets.UTF_8), new byte[] {'[', 0, ']'},
                new byte[] {'[', '"', (byte) 0xC0, (byte) 0x80, '"', ']'})) {
            ProblemException whole = org.junit.jupiter.api.Assertions.assertThrows(ProblemException.class,
                    () -> reader.parse(body));
            assertEquals(whole.problem().toString(), assertThrowsProblem(body).problem().toString());
        }
    }

    private ProblemException assertThrowsProblem(byte[] body) {
        ProblemException e = org.junit.jupiter.api.Assertions.assertThrows(ProblemException.class,
                () -> reader.batch(body), new String(body, StandardCharsets.UTF_8));
        assertNotNull(e.problem());
        return e;
    }
}
