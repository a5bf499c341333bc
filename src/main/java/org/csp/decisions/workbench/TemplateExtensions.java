package org.csp.decisions.workbench;

import io.quarkus.qute.TemplateExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Helpers the workbench templates call: {@code {path.url}} encodes a value for a query string. */
@TemplateExtension
final class TemplateExtensions {
    private TemplateExtensions() {
    }

    private static final java.time.format.DateTimeFormatter TIME = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm:ss").withZone(java.time.ZoneOffset.UTC);

    /** {@code {instant.utc}}: an instant to the second, in UTC. */
    static String utc(java.time.Instant value) {
        return value == null ? "" : TIME.format(value);
    }

    static String url(String value) {
        return value == null ? "" : URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
