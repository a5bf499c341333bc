package org.csp.decisions.engine;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One piece of a rule's advice: an {@code @recommendationN} (from the cited research) or an {@code @practiceN}
 * (practical advice the catalogue adds, FINDINGS.md C {@code practiceNotes}). Its text is a template like the
 * explanation ({@code {name}} filled from the hit's parameters), and it may be shown only when a condition on the
 * finding's triggering facts holds, written beside it as {@code @recommendationNIf("<fact key> <op> <value>")}, so
 * advice never contradicts the facts that fired the finding (FINDINGS.md B, COO-007 revised 2026-11-29).
 *
 * <p>Condition grammar: a key exactly as it appears in {@code triggeringFacts} ({@code partners[*].field} matches
 * any partner), one of {@code == != < <= > >=}, and {@code true}, {@code false}, a number or an enum name. A
 * condition on a fact the finding did not record is false: unknown is never taken as true (A.1). Parsed once at
 * load; the parse error is the load error.
 */
public final class Advice {
    private static final Pattern CONDITION = Pattern.compile(
            "^\\s*((?:partnership|agreements|coordination|profile)\\.[A-Za-z][A-Za-z0-9.]*"
                    + "|partners\\[(?:\\*|[A-Za-z0-9][A-Za-z0-9._-]{0,63})\\]\\.[A-Za-z][A-Za-z0-9]*)"
                    + "\\s*(==|!=|<=|>=|<|>)\\s*(true|false|-?[0-9]+(?:\\.[0-9]+)?|[A-Z][A-Z0-9_]*)\\s*$");

    private final String text;
    private final String condition;
    private final ExplanationTemplate template;
    private final String key;
    private final String op;
    private final String value;

    private Advice(String text, String condition, String key, String op, String value) {
        this.text = text;
        this.condition = condition;
        this.template = ExplanationTemplate.parse(text);
        this.key = key;
        this.op = op;
        this.value = value;
    }

    /** Unconditional advice. */
    static Advice of(String text) {
        return new Advice(text, null, null, null, null);
    }

    /**
     * Advice shown only when {@code condition} holds; throws {@link IllegalArgumentException} with what is wrong
     * when the condition does not parse.
     */
    static Advice of(String text, String condition) {
        if (condition == null) {
            return of(text);
        }
        Matcher m = CONDITION.matcher(condition);
        if (!m.matches()) {
            throw new IllegalArgumentException("cannot read the condition \"" + condition + "\"; write <fact key> <op> "
                    + "<value> with a key as in triggeringFacts (e.g. partnership.measurement.targets or "
                    + "partners[*].capabilityStrength), one of == != < <= > >=, and true, false, a number or an "
                    + "enum name, e.g. \"partnership.measurement.targets == VAGUE\"");
        }
        boolean ordered = !m.group(2).equals("==") && !m.group(2).equals("!=");
        if (ordered && !m.group(3).matches("-?[0-9].*")) {
            throw new IllegalArgumentException("the condition \"" + condition + "\" compares with " + m.group(2)
                    + " but " + m.group(3) + " is not a number");
        }
        return new Advice(text, condition.strip(), m.group(1), m.group(2), m.group(3));
    }

    /** The advice as written (a template when it has {@code {placeholders}}). */
    public String text() {
        return text;
    }

    /** The condition as written, or null when the advice is always shown. */
    public String condition() {
        return condition;
    }

    /** For people reading the catalogue: the text, and when it is shown if that depends on the facts. */
    public String describe() {
        return condition == null ? text : text + " (only when " + condition + ")";
    }

    /** The advice for one finding, or null when its condition does not hold for the finding's facts. */
    String render(Map<String, Object> params, Map<String, Object> facts) {
        return holds(facts) ? template.fill(params) : null;
    }

    boolean holds(Map<String, Object> facts) {
        if (key == null) {
            return true;
        }
        if (key.startsWith("partners[*].")) {
            String field = key.substring("partners[*]".length());
            for (Map.Entry<String, Object> fact : facts.entrySet()) {
                if (fact.getKey().startsWith("partners[") && fact.getKey().endsWith("]" + field)
                        && compare(fact.getValue())) {
                    return true;
                }
            }
            return false;
        }
        return facts.containsKey(key) && compare(facts.get(key));
    }

    private boolean compare(Object actual) {
        if (actual == null) {
            return false;
        }
        if (actual instanceof Number number && value.matches("-?[0-9].*")) {
            int c = new BigDecimal(number.toString()).compareTo(new BigDecimal(value));
            return switch (op) {
                case "==" -> c == 0;
                case "!=" -> c != 0;
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                default -> c >= 0;
            };
        }
        boolean equal = String.valueOf(actual).equals(value);
        return switch (op) {
            case "==" -> equal;
            case "!=" -> !equal;
            default -> false;
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Advice a && text.equals(a.text) && Objects.equals(condition, a.condition);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text, condition);
    }

    @Override
    public String toString() {
        return condition == null ? text : text + " [if " + condition + "]";
    }
}
