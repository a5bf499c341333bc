package org.csp.decisions.workbench;

import io.quarkus.qute.TemplateExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Helpers the workbench templates call: {@code {path.url}} encodes a value for a query string. */
@TemplateExtension
final class TemplateExtensions {
    private TemplateExtensions() {
    }

    static String url(String value) {
        return value == null ? "" : URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
