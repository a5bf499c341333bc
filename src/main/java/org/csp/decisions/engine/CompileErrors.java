package org.csp.decisions.engine;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Drools' compile messages into what an analyst needs: one error per mistake, at the line and column the
 * message itself names, and for an unknown field the field's name, the nearest valid one ("did you mean ...") and the
 * list of valid fields. Drools reports one unknown field up to three times (the path, the expression, the
 * constraint), and a syntax error again as "Parser returned a null Package"; those repeats are dropped.
 */
final class CompileErrors {
    private static final Pattern UNKNOWN_FIELD = Pattern.compile(
            "unable to resolve method using strict-mode: ([A-Za-z0-9_.$]+)\\.([A-Za-z0-9_]+)\\(([^)]*)\\)");
    private static final Pattern LINE_COLUMN = Pattern.compile("\\[Line: (\\d+), Column: (\\d+)\\]");
    private static final Pattern PARSER_LINE = Pattern.compile("\\bLine (\\d+):(\\d+)\\b");
    private static final String NULL_PACKAGE = "Parser returned a null Package";
    private static final Pattern GENERIC = Pattern.compile("^Unable to analy[sz]e expression '.*'$", Pattern.CASE_INSENSITIVE);

    private CompileErrors() {
    }

    static List<RuleError> clean(List<RuleError> raw, ClassLoader classes) {
        List<RuleError> translated = new ArrayList<>();
        for (RuleError error : raw) {
            translated.add(translate(error, classes));
        }
        Set<String> seen = new LinkedHashSet<>();
        List<RuleError> out = new ArrayList<>();
        for (RuleError error : translated) {
            boolean otherAtSameLine = translated.stream().anyMatch(e -> e != error && sameFile(e, error)
                    && e.line() == error.line() && !GENERIC.matcher(e.message()).matches());
            boolean otherInFile = translated.stream().anyMatch(e -> e != error && sameFile(e, error)
                    && !e.message().equals(NULL_PACKAGE));
            if (GENERIC.matcher(error.message()).matches() && otherAtSameLine) {
                continue;
            }
            if (error.message().equals(NULL_PACKAGE) && (otherInFile || translated.size() > 1)) {
                continue;
            }
            if (seen.add(error.file() + ":" + error.line() + ":" + error.message())) {
                out.add(error);
            }
        }
        return out;
    }

    private static boolean sameFile(RuleError a, RuleError b) {
        return a.file() == null ? b.file() == null : a.file().equals(b.file());
    }

    private static RuleError translate(RuleError error, ClassLoader classes) {
        String message = error.message();
        int line = error.line();
        int column = error.column();
        Matcher at = LINE_COLUMN.matcher(message);
        if (at.find()) {
            // MVEL's position is relative to the pattern; the line is the file's, the column of the constraint.
            line = Integer.parseInt(at.group(1));
            column = Integer.parseInt(at.group(2));
        } else {
            Matcher parser = PARSER_LINE.matcher(message);
            if (parser.find() && Integer.parseInt(parser.group(1)) == line) {
                column = Integer.parseInt(parser.group(2));
            }
        }
        if (message.contains("[ERR 102]") && message.contains("mismatched input")) {
            message = message + " (is a ')' or ',' missing just before it?)";
        }
        Matcher unknown = UNKNOWN_FIELD.matcher(message);
        if (unknown.find()) {
            message = unknown.group(3).isEmpty() ? unknownField(unknown.group(1), unknown.group(2), classes)
                    : unknownMethod(unknown.group(1), unknown.group(2), unknown.group(3), classes);
        } else {
            message = message.replaceAll("\\s*\\[Near : \\{[^}]*}]\\s*\\^?", " ")
                    .replaceAll("\\s*\\[Line: \\d+, Column: \\d+\\]", "")
                    .replaceAll("\\s*\\n\\s*", " ").strip();
        }
        return new RuleError(error.file(), line, column, message);
    }

    /** "Partnership has no field 'phse'; did you mean 'phase'? Fields of Partnership: id, name, ..." */
    static String unknownField(String className, String field, ClassLoader classes) {
        String simple = className.substring(className.lastIndexOf('.') + 1);
        List<String> fields = fields(className, classes);
        if (fields.isEmpty()) {
            return simple + " has no field '" + field + "'";
        }
        String nearest = fields.stream().min(Comparator.comparingInt(f -> distance(f.toLowerCase(), field.toLowerCase())))
                .orElseThrow();
        boolean close = distance(nearest.toLowerCase(), field.toLowerCase()) <= Math.max(2, field.length() / 3);
        return simple + " has no field '" + field + "'" + (close ? "; did you mean '" + nearest + "'?" : ".")
                + " Fields of " + simple + ": " + String.join(", ", fields)
                + (fields.contains("attributes") && !close ? ". An open attribute is read with number(\"" + field
                        + "\"), text(\"" + field + "\"), yes(\"" + field + "\") or no(\"" + field + "\")" : "");
    }

    /** "Partnership has no method numbr(String); did you mean number(String)? ..." */
    static String unknownMethod(String className, String method, String parameters, ClassLoader classes) {
        String simple = className.substring(className.lastIndexOf('.') + 1);
        String params = java.util.Arrays.stream(parameters.split(","))
                .map(String::strip).map(p -> p.substring(p.lastIndexOf('.') + 1)).reduce((a, b) -> a + ", " + b).orElse("");
        List<String> methods = new ArrayList<>();
        try {
            Class<?> type = Class.forName(className, false, classes);
            Set<String> components = type.isRecord() ? new java.util.HashSet<>(Arrays.stream(type.getRecordComponents())
                    .map(RecordComponent::getName).toList()) : Set.of();
            Arrays.stream(type.getMethods())
                    .filter(m -> m.getParameterCount() > 0 && m.getDeclaringClass() == type && !components.contains(m.getName())
                            && !java.lang.reflect.Modifier.isStatic(m.getModifiers()))
                    .map(m -> m.getName() + "(" + String.join(", ", Arrays.stream(m.getParameterTypes())
                            .map(Class::getSimpleName).toList()) + ")")
                    .distinct().sorted().forEach(methods::add);
        } catch (ClassNotFoundException | LinkageError e) {
            // no suggestions
        }
        String text = simple + " has no method " + method + "(" + params + ")";
        if (methods.isEmpty()) {
            return text;
        }
        String nearest = methods.stream().min(Comparator.comparingInt(m -> distance(m.substring(0, m.indexOf('(')), method)))
                .orElseThrow();
        boolean close = distance(nearest.substring(0, nearest.indexOf('(')), method) <= Math.max(2, method.length() / 3);
        return text + (close ? "; did you mean " + nearest + "?" : ".") + " Methods of " + simple + ": "
                + String.join(", ", methods);
    }

    private static List<String> fields(String className, ClassLoader classes) {
        try {
            Class<?> type = Class.forName(className, false, classes);
            if (type.isRecord()) {
                return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
            }
            return Arrays.stream(type.getMethods())
                    .filter(m -> m.getParameterCount() == 0 && m.getDeclaringClass() != Object.class
                            && m.getName().startsWith("get") && m.getName().length() > 3)
                    .map(m -> Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4))
                    .sorted().toList();
        } catch (ClassNotFoundException | LinkageError e) {
            return List.of();
        }
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
