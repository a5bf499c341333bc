package org.csp.decisions.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The two placeholder forms of an {@code @explanation}: values (lists read "a, b and c") and choices of wording. */
class ExplanationTemplateTest {

    @Test
    void valuesAndListsAreFilled() {
        ExplanationTemplate t = ExplanationTemplate.parse("The partnership includes no {missing}.");
        assertEquals("The partnership includes no area residents.", t.fill(Map.of("missing", List.of("area residents"))));
        assertEquals("The partnership includes no a and b.", t.fill(Map.of("missing", List.of("a", "b"))));
        assertEquals("The partnership includes no a, b and c.", t.fill(Map.of("missing", List.of("a", "b", "c"))));
        assertEquals("The partnership includes no x.", t.fill(Map.of("missing", "x")));
        assertEquals("The partnership includes no {missing}.", t.fill(Map.of()));
    }

    @Test
    void aChoiceIsSelectedByTheValueAndMayHoldPlaceholders() {
        ExplanationTemplate t = ExplanationTemplate.parse(
                "Here {here: diversity = diversity is low | capability = partner {subjects} has weak capability "
                        + "| diversity and capability = both}.");
        assertEquals("Here diversity is low.", t.fill(Map.of("here", "diversity")));
        assertEquals("Here partner p1, p2 has weak capability.",
                t.fill(Map.of("here", List.of("capability"), "subjects", "p1, p2")));
        assertEquals("Here both.", t.fill(Map.of("here", List.of("diversity", "capability"))));
        assertEquals(Set.of("here", "subjects"), t.placeholders());
        assertEquals(Map.of("here", List.of("diversity", "capability", "diversity and capability")), t.choices());
    }

    @Test
    void aChoiceWithoutAMatchingOptionIsLeftAsWritten() {
        String text = "{backbone: NONE = no backbone | UNFUNDED = an unfunded one}";
        ExplanationTemplate t = ExplanationTemplate.parse(text);
        assertEquals(text, t.fill(Map.of("backbone", "FUNDED")));
        assertEquals("an unfunded one", t.fill(Map.of("backbone", "UNFUNDED")));
    }

    @Test
    void otherBracesAreText() {
        ExplanationTemplate t = ExplanationTemplate.parse("A set {1, 2} and {not a placeholder} and {n}.");
        assertEquals("A set {1, 2} and {not a placeholder} and 3.", t.fill(Map.of("n", 3)));
        assertEquals(Set.of("n"), t.placeholders());
    }
}
