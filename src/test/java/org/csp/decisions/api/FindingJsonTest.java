package org.csp.decisions.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.csp.decisions.model.Category;
import org.csp.decisions.model.Finding;
import org.csp.decisions.model.FindingSource;
import org.csp.decisions.model.Severity;
import org.junit.jupiter.api.Test;

/** Prepared JSON must be exactly what Jackson writes, as text and as a tree (the case runner compares trees). */
class FindingJsonTest {
    private static final Finding FINDING = new Finding("LEG-001", Category.LEGITIMACY_RISK, Severity.HIGH, "Title",
            "Explanation with \"quotes\", é and a \\ backslash.", List.of("First \"step\".", "Second step – ü."),
            List.of("Practice \"note\" – ö."), List.of("p2"), Map.of("partnership.form", "INTEGRATIVE"), false,
            new FindingSource("002.txt", "Herlin, \"Better Safe\"", null));

    @Test
    void sameTextAndTreeAsPlainJackson() throws Exception {
        ObjectMapper plain = new ObjectMapper();
        ObjectMapper prepared = new ObjectMapper();
        new FindingJson().customize(prepared);
        for (int i = 0; i < 3; i++) { // first call prepares, later calls use the cache
            assertEquals(plain.writeValueAsString(FINDING), prepared.writeValueAsString(FINDING));
            assertEquals(new String(plain.writeValueAsBytes(FINDING), "UTF-8"),
                    new String(prepared.writeValueAsBytes(FINDING), "UTF-8"));
            assertEquals(plain.valueToTree(FINDING), prepared.valueToTree(FINDING));
        }
        assertTrue(prepared.valueToTree(FINDING).get("recommendations").isArray());
        assertEquals("Practice \"note\" – ö.", prepared.valueToTree(FINDING).get("practiceNotes").get(0).asText());
        assertTrue(prepared.writeValueAsString(FINDING).contains("\"recommendations\":[\"First \\\"step\\\".\","
                + "\"Second step – ü.\"],\"practiceNotes\":[\"Practice"), "practiceNotes follow recommendations");
    }
}
