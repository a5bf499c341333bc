package org.csp.decisions.cases;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.csp.decisions.engine.RuleFile;
import org.drools.drl.ast.descr.AnnotationDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsParserException;

/**
 * Reads the passages a rule names in its metadata: {@code @passage1("002#p31")}, {@code @passage2(...)}, numbered
 * like {@code @recommendationN}, each a claim id of the traceability map. Parsing only (Drools' DRL parser): nothing
 * in the rule is compiled or run. The loader keeps unknown metadata keys, so these need no Java change to add.
 */
public final class PassageMetadata {
    /** The metadata key, numbered from 1: {@code @passage1}, {@code @passage2}, ... */
    public static final String KEY = "passage";
    private static final Pattern NUMBERED = Pattern.compile("^" + KEY + "([1-9]\\d*)$");

    private PassageMetadata() {
    }

    /** Passage ids by finding id (the union over the rules of one finding, in metadata order). */
    public static Map<String, List<String>> read(List<RuleFile> files) {
        Map<String, Set<String>> byFinding = new LinkedHashMap<>();
        for (RuleFile file : files) {
            DrlParser parser = new DrlParser();
            PackageDescr pkg;
            try {
                pkg = parser.parse(false, file.content());
            } catch (DroolsParserException e) {
                continue; // a served set parses; an unparsable file has no metadata to read
            }
            if (pkg == null || parser.hasErrors()) {
                continue;
            }
            for (RuleDescr rule : pkg.getRules()) {
                String id = value(rule.getAnnotation("id"));
                if (id == null) {
                    continue;
                }
                Map<Integer, String> numbered = new TreeMap<>();
                for (String key : rule.getAnnotationNames()) {
                    Matcher m = NUMBERED.matcher(key);
                    String passage = value(rule.getAnnotation(key));
                    if (m.matches() && passage != null) {
                        numbered.put(Integer.parseInt(m.group(1)), passage);
                    }
                }
                byFinding.computeIfAbsent(id, k -> new LinkedHashSet<>()).addAll(numbered.values());
            }
        }
        Map<String, List<String>> result = new LinkedHashMap<>();
        byFinding.forEach((id, passages) -> result.put(id, new ArrayList<>(passages)));
        return result;
    }

    private static String value(AnnotationDescr annotation) {
        if (annotation == null || annotation.getSingleValue() == null) {
            return null;
        }
        String text = annotation.getSingleValue().toString().strip();
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            return text.substring(1, text.length() - 1);
        }
        return null;
    }
}
