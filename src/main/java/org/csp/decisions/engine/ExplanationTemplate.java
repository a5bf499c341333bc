package org.csp.decisions.engine;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@code @explanation} parsed once, at load time, into literal text and placeholders, so filling it per finding is a
 * few appends instead of a scan. Two kinds of placeholder:
 * <ul>
 * <li>{@code {name}}: the value the consequence gave with {@code .param("name", value)}; a list of values (the
 * same name given several times, or a list) reads "a, b and c". {@code {subjects}} is filled by the engine.</li>
 * <li>{@code {name: key1 = text one | key2 = text two | ...}}: a choice of wording, as the catalogue writes
 * "{a | b | both}". The value of {@code name}, written as text the same way (so a list of two reads "x and y"),
 * selects the option whose key it equals; the option's text may itself hold placeholders. Spaces around keys and
 * texts are ignored.</li>
 * </ul>
 * A placeholder without a value (or a choice without a matching option) is left as written. Any other brace is text.
 * The code is hand-written because the two placeholder forms are all an analyst needs, and a template library
 * (Mustache, FreeMarker) would bring its own syntax and escaping rules to every explanation.
 */
final class ExplanationTemplate {
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final Pattern CHOICE_HEAD = Pattern.compile("\\s*([A-Za-z][A-Za-z0-9_]*)\\s*:");

    private sealed interface Part permits Literal, Value, Choice {
    }

    private record Literal(String text) implements Part {
    }

    private record Value(String name, String source) implements Part {
    }

    private record Choice(String name, List<String> keys, List<ExplanationTemplate> texts, String source) implements Part {
    }

    private final Part[] parts;
    private final int length;

    private ExplanationTemplate(List<Part> parts, int length) {
        this.parts = parts.toArray(Part[]::new);
        this.length = length;
    }

    static ExplanationTemplate parse(String template) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            int close = c == '{' ? matchingBrace(template, i) : -1;
            Part placeholder = close < 0 ? null : placeholder(template.substring(i + 1, close), template.substring(i, close + 1));
            if (placeholder == null) {
                literal.append(c);
                i++;
                continue;
            }
            if (!literal.isEmpty()) {
                parts.add(new Literal(literal.toString()));
                literal.setLength(0);
            }
            parts.add(placeholder);
            i = close + 1;
        }
        if (!literal.isEmpty() || parts.isEmpty()) {
            parts.add(new Literal(literal.toString()));
        }
        return new ExplanationTemplate(parts, template.length());
    }

    /** Index of the brace closing the one at {@code open}, counting nested braces; -1 if none. */
    static int matchingBrace(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** The placeholder written between braces, or null when the braces hold ordinary text. */
    private static Part placeholder(String inside, String source) {
        if (NAME.matcher(inside).matches()) {
            return new Value(inside, source);
        }
        Matcher head = CHOICE_HEAD.matcher(inside);
        if (!head.lookingAt()) {
            return null;
        }
        List<String> keys = new ArrayList<>();
        List<ExplanationTemplate> texts = new ArrayList<>();
        for (String option : splitOptions(inside.substring(head.end()))) {
            int equals = option.indexOf('=');
            if (equals < 0) {
                return null;
            }
            keys.add(option.substring(0, equals).strip());
            texts.add(parse(option.substring(equals + 1).strip()));
        }
        return new Choice(head.group(1), List.copyOf(keys), List.copyOf(texts), source);
    }

    /** Splits on '|' outside nested braces. */
    private static List<String> splitOptions(String options) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < options.length(); i++) {
            char c = options.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            } else if (c == '|' && depth == 0) {
                out.add(options.substring(start, i));
                start = i + 1;
            }
        }
        out.add(options.substring(start));
        return out;
    }

    /** Every placeholder name the template reads, choices and placeholders inside their options included. */
    Set<String> placeholders() {
        Set<String> names = new LinkedHashSet<>();
        for (Part part : parts) {
            if (part instanceof Value v) {
                names.add(v.name());
            } else if (part instanceof Choice choice) {
                names.add(choice.name());
                choice.texts().forEach(t -> names.addAll(t.placeholders()));
            }
        }
        return names;
    }

    /** The choices of the template: placeholder name to its option keys (for checks and documentation). */
    Map<String, List<String>> choices() {
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        for (Part part : parts) {
            if (part instanceof Choice choice) {
                out.put(choice.name(), choice.keys());
                choice.texts().forEach(t -> out.putAll(t.choices()));
            }
        }
        return out;
    }

    String fill(Map<String, Object> params) {
        if (parts.length == 1 && parts[0] instanceof Literal literal) {
            return literal.text();
        }
        StringBuilder out = new StringBuilder(length + 32);
        fill(params, out);
        return out.toString();
    }

    private void fill(Map<String, Object> params, StringBuilder out) {
        for (Part part : parts) {
            if (part instanceof Literal literal) {
                out.append(literal.text());
            } else if (part instanceof Value v) {
                Object value = params.get(v.name());
                out.append(value == null ? v.source() : text(value));
            } else if (part instanceof Choice choice) {
                Object value = params.get(choice.name());
                int option = value == null ? -1 : choice.keys().indexOf(text(value));
                if (option < 0) {
                    out.append(choice.source());
                } else {
                    choice.texts().get(option).fill(params, out);
                }
            }
        }
    }

    /** A value as the explanation shows it: a list as "a", "a and b" or "a, b and c". */
    static String text(Object value) {
        if (!(value instanceof List<?> list)) {
            return String.valueOf(value);
        }
        int n = list.size();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.append(i == n - 1 ? " and " : ", ");
            }
            out.append(list.get(i));
        }
        return out.toString();
    }
}
