package org.csp.decisions.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@code @explanation} split once, at load time, into literal text and {@code {name}} placeholders, so filling it
 * per finding is a few appends instead of a regex scan. A placeholder without a value is left as written.
 */
final class ExplanationTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]*)\\}");

    /** Even indexes: literal text; odd indexes: placeholder names. */
    private final String[] parts;
    private final int length;

    private ExplanationTemplate(String[] parts, int length) {
        this.parts = parts;
        this.length = length;
    }

    static ExplanationTemplate parse(String template) {
        List<String> parts = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(template);
        int last = 0;
        while (m.find()) {
            parts.add(template.substring(last, m.start()));
            parts.add(m.group(1));
            last = m.end();
        }
        parts.add(template.substring(last));
        return new ExplanationTemplate(parts.toArray(String[]::new), template.length());
    }

    String fill(Map<String, Object> params) {
        if (parts.length == 1) {
            return parts[0];
        }
        StringBuilder out = new StringBuilder(length + 32);
        for (int i = 0; i < parts.length; i++) {
            if (i % 2 == 0) {
                out.append(parts[i]);
            } else {
                Object value = params.get(parts[i]);
                if (value == null) {
                    out.append('{').append(parts[i]).append('}');
                } else {
                    out.append(value);
                }
            }
        }
        return out.toString();
    }
}
