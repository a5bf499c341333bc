package org.csp.decisions.model;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The open {@code attributes} maps of A.7 as rules see them: values are String, BigDecimal or Boolean, never null; a
 * missing key means unknown. Rules read them through the typed readers of {@link Partnership} and {@link Partner}
 * ({@code number("countiesCovered") > 3}, {@code text("x") == "y"}, {@code yes("flag")}): an absent or wrongly typed
 * value reads as null (number, text) or false (yes, no), so a comparison with it is false, never an exception.
 */
public final class Attributes {
    private Attributes() {
    }

    /** The attribute as a number, or null when it is absent or not a number. */
    static BigDecimal number(Map<String, Object> attributes, String key) {
        return attributes.get(key) instanceof BigDecimal n ? n : null;
    }

    /** The attribute as a text, or null when it is absent or not a text. */
    static String text(Map<String, Object> attributes, String key) {
        return attributes.get(key) instanceof String s ? s : null;
    }

    /** True only when the attribute is the boolean true. */
    static boolean yes(Map<String, Object> attributes, String key) {
        return Boolean.TRUE.equals(attributes.get(key));
    }

    /** True only when the attribute is the boolean false. */
    static boolean no(Map<String, Object> attributes, String key) {
        return Boolean.FALSE.equals(attributes.get(key));
    }

    static Map<String, Object> normalize(Map<String, Object> attributes) {
        if (attributes == null || attributes.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        attributes.forEach((key, value) -> copy.put(key,
                value instanceof Number n && !(value instanceof BigDecimal) ? new BigDecimal(n.toString()) : value));
        return Collections.unmodifiableMap(copy);
    }
}
