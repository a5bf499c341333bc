package org.csp.decisions.engine;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The placeholder names a consequence fills: the string literals given as the name of {@code .param("name", ...)}
 * and {@code .paramIf(condition, "name", ...)}. Read from the consequence's text at load (never by running it), so an
 * {@code @explanation} placeholder that nothing fills is a load error instead of text left in an answer.
 */
final class ConsequenceParams {
    private static final Pattern CALL = Pattern.compile("\\.(param|paramIf)\\s*\\(");
    private static final Pattern LITERAL = Pattern.compile("^\\s*\"([A-Za-z][A-Za-z0-9_]*)\"\\s*$");

    private ConsequenceParams() {
    }

    /** The names filled, or null when a name is not a plain string literal (then nothing can be checked). */
    static Set<String> names(String consequence) {
        Set<String> names = new HashSet<>();
        Matcher call = CALL.matcher(consequence);
        while (call.find()) {
            int argument = call.group(1).equals("param") ? 0 : 1;
            String name = argument(consequence, call.end(), argument);
            Matcher literal = name == null ? null : LITERAL.matcher(name);
            if (literal == null || !literal.matches()) {
                return null;
            }
            names.add(literal.group(1));
        }
        return names;
    }

    /** The text of argument {@code index} of the call whose argument list starts at {@code start}, or null. */
    private static String argument(String text, int start, int index) {
        int depth = 0;
        int current = 0;
        int from = start;
        boolean inString = false;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            switch (c) {
                case '"' -> inString = true;
                case '(', '[', '{' -> depth++;
                case ')', ']', '}' -> {
                    if (depth == 0) {
                        return current == index ? text.substring(from, i) : null;
                    }
                    depth--;
                }
                case ',' -> {
                    if (depth == 0) {
                        if (current == index) {
                            return text.substring(from, i);
                        }
                        current++;
                        from = i + 1;
                    }
                }
                default -> {
                }
            }
        }
        return null;
    }
}
