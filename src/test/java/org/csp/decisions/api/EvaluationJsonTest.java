package org.csp.decisions.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.csp.decisions.cases.CaseFiles;
import org.csp.decisions.cases.RuleCase;
import org.csp.decisions.engine.RuleEngine;
import org.csp.decisions.engine.RuleFile;
import org.csp.decisions.engine.RulesFolder;
import org.csp.decisions.model.Category;
import org.csp.decisions.model.CategorySummary;
import org.csp.decisions.model.Evaluation;
import org.csp.decisions.model.Finding;
import org.csp.decisions.model.FindingSource;
import org.csp.decisions.model.Severity;
import org.csp.decisions.model.Summary;
import org.junit.jupiter.api.Test;

/** The hand-written answer writer gives exactly the bytes of the service's Jackson mapper. */
@QuarkusTest
class EvaluationJsonTest {
    @Inject
    ObjectMapper mapper;
    @Inject
    RequestReader reader;
    @Inject
    RuleEngine engine;

    private String written(Evaluation evaluation) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new EvaluationJson(mapper).write(evaluation, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** What Quarkus' Jackson writer sends: the mapper writing to the response's output stream (UTF-8 generator). */
    private String http(Evaluation evaluation) throws Exception {
        return new String(mapper.writeValueAsBytes(evaluation), StandardCharsets.UTF_8);
    }

    @Test
    void sameBytesAsTheMapperForA10AndEveryBundledCase() throws Exception {
        Map<String, JsonNode> requests = new LinkedHashMap<>();
        requests.put("A.10", mapper.readTree(Path.of("examples/a10-request.json").toFile()));
        List<String> errors = new ArrayList<>();
        for (RuleFile file : RulesFolder.bundled().caseFiles()) {
            for (RuleCase c : CaseFiles.parse(file, errors)) {
                requests.put(c.file() + ": " + c.name(), c.request());
            }
        }
        assertTrue(errors.isEmpty(), errors.toString());
        assertTrue(requests.size() > 50, "cases found: " + requests.size());
        EvaluationJson json = new EvaluationJson(mapper);
        for (Map.Entry<String, JsonNode> request : requests.entrySet()) {
            Evaluation evaluation = engine.evaluate(reader.read(request.getValue().deepCopy()));
            String expected = http(evaluation);
            assertEquals(expected, written(evaluation), request.getKey());
            assertEquals(expected, written(evaluation), request.getKey() + " (prepared values cached)");
        }
    }

    @Test
    void sameBytesForNullsOddFactsAndEscapes() throws Exception {
        Map<String, Object> facts = new TreeMap<>();
        facts.put("a.null", null);
        facts.put("b.decimal", new BigDecimal("0.600"));
        facts.put("c.big", new BigDecimal("1E+3"));
        facts.put("d.integer", BigInteger.TEN.pow(30));
        facts.put("e.long", 5_000_000_000L);
        facts.put("f.double", 0.25d);
        facts.put("g.list", List.of("x", "y"));
        facts.put("h.mixed", List.of("x", 3));
        facts.put("i.object", new FindingSource("s", null, "p"));
        facts.put("j.text", "quote \" backslash \\ tab \t nl \n nul \u0000 é 漢 \uD83D\uDE00 </script>");
        facts.put("k.bool", true);
        facts.put("l.int", -7);
        Map<Severity, Integer> bySeverity = new EnumMap<>(Severity.class);
        bySeverity.put(Severity.HIGH, 1);
        bySeverity.put(Severity.LOW, null);
        Map<Category, CategorySummary> byCategory = new EnumMap<>(Category.class);
        byCategory.put(Category.values()[0], new CategorySummary(0, null, List.of()));
        byCategory.put(Category.values()[1], null);
        Finding odd = new Finding("X-1", null, null, null, null, null, null, null, null, true, null);
        Finding full = new Finding("X-2", Category.values()[0], Severity.MEDIUM, "Title \"quoted\" é",
                "Explanation\u2028line \u001f \uD83D\uDE00", List.of("r1 \"q\" \uD83D\uDE00", "r2"), List.of(), List.of("p1", "p2"), facts, false,
                new FindingSource("seed.txt", "Citation é", "Para \\ phrase"));
        List<Finding> findings = new ArrayList<>();
        findings.add(full);
        findings.add(odd);
        findings.add(null);
        for (Evaluation e : List.of(
                new Evaluation("sha256:0123456789ab", "p-1", Instant.parse("2026-11-29T16:23:36.154738329Z"), findings,
                        new Summary(null, bySeverity, byCategory, "NONE_FOUND"), List.of("r \"1\"", "r2")),
                new Evaluation(null, null, null, null, null, null),
                new Evaluation("v", "p", Instant.ofEpochSecond(0), List.of(), new Summary(Severity.INFO, null, null, null),
                        List.of()))) {
            assertEquals(http(e), written(e));
            // The answer leaves in one write: no flush before the end, even for facts the mapper writes.
            int[] flushes = {0};
            java.io.OutputStream counting = new ByteArrayOutputStream() {
                @Override
                public void flush() {
                    flushes[0]++;
                }
            };
            new EvaluationJson(mapper).write(e, counting);
            assertEquals(0, flushes[0], "flushed " + flushes[0] + " times");
        }
    }

    @Test
    void sameBytesForEveryAsciiCharacterAndOddTextsInLongProse() throws Exception {
        StringBuilder ascii = new StringBuilder();
        for (char c = 0; c < 128; c++) {
            ascii.append(c);
        }
        List<String> texts = new ArrayList<>(List.of(ascii.toString(), "plain prose of more than a few words, all ASCII",
                "x".repeat(10_000), "y".repeat(23), "quote \" in a long enough sentence here", "backslash \\ in a long sentence",
                "delete \u007f in a long enough sentence", "slash / and </script> in a long enough sentence",
                "latin é in a long enough sentence",
                "emoji \uD83D\uDE00 in a long enough sentence", "line separator \u2028 in a long enough sentence",
                "tab\tand newline\n in a long enough sentence"));
        for (int c = 0; c < 128; c++) {
            for (int at = 24; at < 40; at++) { // every place in a word of eight bytes, and in the tail
                texts.add("x".repeat(at) + (char) c + "y".repeat(at % 9));
            }
        }
        List<Finding> findings = new ArrayList<>();
        for (String text : texts) {
            findings.add(new Finding("X-1", Category.values()[0], Severity.LOW, text, text, List.of(text), List.of(),
                    List.of(), Map.of(), false, null));
        }
        Map<String, Object> keys = new TreeMap<>(); // triggering facts named by every text, and its shorter starts
        for (String text : texts) {
            for (int length : new int[] {text.length(), Math.min(text.length(), 11), Math.min(text.length(), 12), Math.min(text.length(), 13)}) {
                keys.put(text.substring(0, length), length);
            }
        }
        findings.add(new Finding("X-2", Category.values()[0], Severity.LOW, "t", "e", List.of(), List.of(), List.of(), keys,
                false, null));
        Evaluation e = new Evaluation("v", "p", Instant.ofEpochSecond(0), findings, null, List.of());
        assertEquals(http(e), written(e));
        for (String text : texts) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            boolean plain = true;
            for (byte b : bytes) {
                plain &= b >= 0x20 && b != '"' && b != '\\';
            }
            assertEquals(plain, EvaluationJson.plain(bytes), text);
        }
    }
}
