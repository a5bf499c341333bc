package org.csp.decisions.model;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The open {@code attributes} maps of A.7 as rules see them: values are String, BigDecimal or Boolean, never null.
 * A rule reads one as {@code attributes["countiesCovered"]}; a missing key means unknown.
 */
public final class Attributes {
    private Attributes() {
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
