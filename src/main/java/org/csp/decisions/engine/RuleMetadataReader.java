package org.csp.decisions.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.csp.decisions.model.Category;
import org.csp.decisions.model.FindingSource;
import org.csp.decisions.model.Severity;
import org.drools.drl.ast.descr.AnnotationDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.RuleDescr;

/**
 * Checks the house rules that Drools itself does not: every rule is named {@code "<ID>[/suffix] <title>"} and
 * carries quoted metadata for its finding, its advice marked as research or practice and its words in full sentences
 * ({@link WordingRules}); rules sharing an id use the suffix form and agree on everything but the
 * explanation; consequences only emit findings (no insert, modify or retract of facts, no globals, no salience or
 * agenda tricks, no console output), as FINDINGS.md D.2 requires.
 */
final class RuleMetadataReader {

    static final Pattern RULE_NAME = Pattern.compile("^([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*)(/[A-Za-z0-9_-]+)? (\\S.*)$");
    static final List<String> REQUIRED = List.of("id", "category", "severity", "source", "citation", "paraphrase",
            "explanation");
    private static final Pattern WORKING_MEMORY_CHANGE = Pattern.compile(
            "\\b(insert|insertLogical|modify|update|retract|delete)\\s*\\(");
    private static final Pattern CONSOLE = Pattern.compile("\\bSystem\\s*\\.\\s*(out|err|exit)\\b");
    private static final Set<String> FORBIDDEN_ATTRIBUTES = Set.of("salience", "agenda-group", "activation-group",
            "ruleflow-group", "no-loop", "lock-on-active", "auto-focus");

    /**
     * Reads and checks every rule of every file, from the build's one parse of each ({@link ParsedDrl}); returns the
     * metadata by rule name, or adds to errors. Files that did not parse are skipped (the parse reported them).
     */
    Map<String, RuleMetadata> read(List<RuleFile> files, ParsedDrl parsed, List<RuleError> errors) {
        Map<String, RuleMetadata> byName = new LinkedHashMap<>();
        for (RuleFile file : files) {
            PackageDescr pkg = parsed.descr(file.path());
            if (pkg == null) {
                continue;
            }
            pkg.getGlobals().forEach(g -> errors.add(new RuleError(file.path(), g.getLine(), g.getColumn(),
                    "global '" + g.getIdentifier() + "' is not allowed: globals are shared between concurrent "
                            + "evaluations; emit findings through FindingCollector instead")));
            for (RuleDescr rule : pkg.getRules()) {
                RuleMetadata metadata = readRule(file, rule, errors);
                if (metadata != null) {
                    if (byName.containsKey(metadata.ruleName())) {
                        errors.add(error(file, rule, "rule name is used twice (also in "
                                + byName.get(metadata.ruleName()).file() + ")"));
                    } else {
                        byName.put(metadata.ruleName(), metadata);
                    }
                }
            }
        }
        checkIdsConsistent(byName.values(), errors);
        return byName;
    }

    private RuleMetadata readRule(RuleFile file, RuleDescr rule, List<RuleError> errors) {
        int before = errors.size();
        String name = rule.getName();
        Map<String, String> meta = new HashMap<>();
        Set<String> unquoted = new java.util.HashSet<>();
        for (String key : rule.getAnnotationNames()) {
            AnnotationDescr annotation = rule.getAnnotation(key);
            Object raw = annotation.getSingleValue();
            String text = raw == null ? null : raw.toString().strip();
            if (text == null || text.length() < 2 || !text.startsWith("\"") || !text.endsWith("\"")) {
                // One error per mistake: an unquoted value is not also reported as missing.
                unquoted.add(key);
                errors.add(error(file, rule, annotation, "metadata @" + key + " must be a quoted string: write @"
                        + key + "(\"" + (text == null ? "..." : text.replace("\"", "\\\"")) + "\")"));
                continue;
            }
            meta.put(key, unquote(text));
        }
        for (String key : REQUIRED) {
            String value = meta.get(key);
            if (!unquoted.contains(key) && (value == null || value.isBlank())) {
                errors.add(error(file, rule, "missing metadata @" + key + "(\"...\")"));
            }
        }
        BiConsumer<String, String> wording = (key, message) -> errors.add(new RuleError(file.path(),
                lineOf(file, rule, key), 0, "rule \"" + name + "\": " + message));
        WordingRules.checkKeys(meta.keySet(), wording);
        List<Advice> recommendations = WordingRules.advice(WordingRules.RESEARCH, meta, wording);
        List<Advice> practiceNotes = WordingRules.advice(WordingRules.PRACTICE, meta, wording);
        WordingRules.checkAdvice(recommendations, practiceNotes, wording);
        WordingRules.checkWords(meta, wording);
        Category category = parseEnum(Category.class, meta.get("category"), "category", file, rule, errors);
        Severity severity = parseEnum(Severity.class, meta.get("severity"), "severity", file, rule, errors);
        ExplanationTemplate template = null;
        if (meta.get("explanation") != null) {
            template = ExplanationTemplate.parse(meta.get("explanation"));
            Set<String> filled = ConsequenceParams.names(Objects.toString(rule.getConsequence(), ""));
            if (filled != null) {
                for (String placeholder : template.placeholders()) {
                    if (!placeholder.equals("subjects") && !filled.contains(placeholder)) {
                        errors.add(error(file, rule, rule.getAnnotation("explanation"), "@explanation uses {"
                                + placeholder + "}, but no .param(\"" + placeholder + "\", ...) in the consequence fills it"
                                + (filled.isEmpty() ? "" : " (it fills " + String.join(", ", new java.util.TreeSet<>(filled)) + ")")
                                + "; {subjects} is the only placeholder filled for you"));
                    }
                }
            }
        }

        Matcher matcher = RULE_NAME.matcher(name);
        String id = meta.get("id");
        String title = null;
        if (!matcher.matches()) {
            errors.add(error(file, rule, "rule name must be \"<ID> <title>\" or \"<ID>/<suffix> <title>\""));
        } else {
            title = matcher.group(3);
            if (id != null && !id.equals(matcher.group(1))) {
                errors.add(error(file, rule, "rule name starts with " + matcher.group(1) + " but @id is \"" + id + "\""));
            }
        }
        for (String attribute : rule.getAttributes().keySet()) {
            if (FORBIDDEN_ATTRIBUTES.contains(attribute)) {
                errors.add(error(file, rule, "attribute '" + attribute + "' is not allowed: write mutually exclusive "
                        + "conditions instead, so the firing order cannot change the answer"));
            }
        }
        String consequence = Objects.toString(rule.getConsequence(), "");
        Matcher change = WORKING_MEMORY_CHANGE.matcher(consequence);
        if (change.find()) {
            errors.add(new RuleError(file.path(), rule.getConsequenceLine(), 0, "rule \"" + name + "\" calls "
                    + change.group(1) + "(...): input facts are read-only and consequences only emit findings "
                    + "through $findings.emit(kcontext)"));
        }
        if (CONSOLE.matcher(consequence).find()) {
            errors.add(new RuleError(file.path(), rule.getConsequenceLine(), 0, "rule \"" + name
                    + "\" uses System.out/err/exit: consequences only emit findings"));
        }
        if (errors.size() > before) {
            return null;
        }
        return new RuleMetadata(name, id, title, category, severity,
                new FindingSource(meta.get("source"), meta.get("citation"), meta.get("paraphrase")),
                meta.get("explanation"), List.copyOf(recommendations), List.copyOf(practiceNotes),
                meta.get("interpretation"),
                file.path(), rule.getLine(), template);
    }

    /** Rules that share a finding id must use the suffix form and describe the same finding. */
    private void checkIdsConsistent(Iterable<RuleMetadata> rules, List<RuleError> errors) {
        Map<String, List<RuleMetadata>> byId = new LinkedHashMap<>();
        rules.forEach(r -> byId.computeIfAbsent(r.findingId(), k -> new ArrayList<>()).add(r));
        for (List<RuleMetadata> group : byId.values()) {
            if (group.size() < 2) {
                continue;
            }
            RuleMetadata first = group.get(0);
            for (RuleMetadata rule : group) {
                if (!rule.ruleName().startsWith(rule.findingId() + "/")) {
                    if (rule == first) {
                        RuleMetadata suffixed = group.stream().filter(r -> r.ruleName().startsWith(r.findingId() + "/"))
                                .findFirst().orElse(null);
                        if (suffixed != null) {
                            errors.add(new RuleError(rule.file(), rule.line(), 0, "rule \"" + rule.ruleName()
                                    + "\" repeats id " + rule.findingId() + " of \"" + suffixed.ruleName()
                                    + "\"; name it \"" + rule.findingId() + "/<suffix> " + rule.title() + "\" too"));
                        }
                        continue; // otherwise the first rule of an id keeps it; the later ones are reported
                    }
                    errors.add(new RuleError(rule.file(), rule.line(), 0, "rule \"" + rule.ruleName()
                            + "\" repeats id " + rule.findingId() + " (also used by \"" + first.ruleName() + "\" in "
                            + first.file() + "); if it is a new finding give it a free id such as "
                            + freeId(rule.findingId(), byId.keySet()) + "; if it is the same finding with a second "
                            + "condition, name both rules \"" + rule.findingId() + "/<suffix> <title>\""));
                    continue;
                }
                String differs = rule.category() != first.category() ? "@category"
                        : rule.severity() != first.severity() ? "@severity"
                        : !rule.title().equals(first.title()) ? "title"
                        : !rule.source().equals(first.source()) ? "@source, @citation or @paraphrase"
                        : !rule.recommendations().equals(first.recommendations()) ? "recommendations"
                        : !rule.practiceNotes().equals(first.practiceNotes()) ? "practice notes" : null;
                if (differs != null) {
                    errors.add(new RuleError(rule.file(), rule.line(), 0, "rule \"" + rule.ruleName() + "\" and \""
                            + first.ruleName() + "\" share id " + rule.findingId() + " but differ in " + differs));
                }
            }
        }
    }

    /** The next unused id of the same prefix: GOV-008 taken up to GOV-008 gives GOV-009; PHA-COMMON-001 gives PHA-COMMON-004. */
    static String freeId(String id, Set<String> used) {
        Matcher m = Pattern.compile("^(.*?)(\\d+)$").matcher(id);
        if (!m.matches()) {
            for (int i = 2; ; i++) {
                if (!used.contains(id + "-" + i)) {
                    return id + "-" + i;
                }
            }
        }
        String prefix = m.group(1);
        int width = m.group(2).length();
        int max = 0;
        for (String other : used) {
            if (other.startsWith(prefix) && other.substring(prefix.length()).matches("\\d+")) {
                max = Math.max(max, Integer.parseInt(other.substring(prefix.length())));
            }
        }
        return prefix + String.format("%0" + width + "d", max + 1);
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String value, String key, RuleFile file,
            RuleDescr rule, List<RuleError> errors) {
        if (value == null) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        errors.add(error(file, rule, rule.getAnnotation(key), "unknown @" + key + "(\"" + value + "\"); use one of "
                + java.util.Arrays.toString(type.getEnumConstants())));
        return null;
    }

    /**
     * The line of a metadata annotation, or the rule's line when the rule has no such annotation. The parser does not
     * keep annotation lines, so the first {@code @key(} after the rule's first line is looked up in the file text.
     */
    private static int lineOf(RuleFile file, RuleDescr rule, String key) {
        if (rule.getAnnotation(key) == null || rule.getLine() <= 0) {
            return rule.getLine();
        }
        String text = file.content();
        int offset = 0;
        for (int line = 1; line < rule.getLine() && offset >= 0; line++) {
            offset = text.indexOf('\n', offset) + 1;
            offset = offset == 0 ? -1 : offset;
        }
        int at = offset < 0 ? -1 : text.indexOf("@" + key + "(", offset);
        if (at < 0) {
            return rule.getLine();
        }
        int line = 1;
        for (int i = 0; i < at; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static RuleError error(RuleFile file, RuleDescr rule, String message) {
        return new RuleError(file.path(), rule.getLine(), rule.getColumn(), "rule \"" + rule.getName() + "\": " + message);
    }

    /** An error about one annotation, at the annotation's own line (the rule's when the parser has none). */
    private static RuleError error(RuleFile file, RuleDescr rule, AnnotationDescr annotation, String message) {
        int[] at = annotation == null ? null : annotationPosition(file, rule, annotation.getName());
        if (at == null) {
            return error(file, rule, message);
        }
        return new RuleError(file.path(), at[0], at[1], "rule \"" + rule.getName() + "\": " + message);
    }

    /**
     * Line and column of {@code @key} in the rule's header: the parser keeps no position for annotations, so it is
     * found in the text between the rule's first line and its {@code when}.
     */
    private static int[] annotationPosition(RuleFile file, RuleDescr rule, String key) {
        String[] lines = file.content().split("\n", -1);
        Pattern annotation = Pattern.compile("@" + Pattern.quote(key) + "\\s*\\(");
        for (int i = Math.max(0, rule.getLine() - 1); i < lines.length; i++) {
            Matcher m = annotation.matcher(lines[i]);
            if (m.find()) {
                return new int[] {i + 1, m.start()};
            }
            if (lines[i].strip().startsWith("when")) {
                break;
            }
        }
        return null;
    }

    /** Removes the quotes of a DRL string literal and resolves its escapes (\" \\ \n \t). */
    static String unquote(String quoted) {
        String body = quoted.substring(1, quoted.length() - 1);
        StringBuilder out = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                char next = body.charAt(++i);
                out.append(switch (next) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    default -> next;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
