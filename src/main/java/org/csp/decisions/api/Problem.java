package org.csp.decisions.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An RFC 9457 problem document, sent as {@code application/problem+json} for every error. Never carries a stack
 * trace or a class name. {@code violations} is present for validation failures; {@code rule} names the rule that
 * ran away when the rules, not the caller, are at fault.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "RFC 9457 problem document", requiredProperties = {"type", "title", "status", "detail"})
public record Problem(
        @Schema(pattern = "^https://csp-decisions/problems/[a-z-]+$") String type,
        String title,
        @Schema(minimum = "400", maximum = "599") int status,
        String detail,
        @Schema(description = "Every invalid field (validation-failed only)", minItems = 1) List<Violation> violations,
        @Schema(description = "The rule that ran away (rule-limit-exceeded only)") String rule) {
    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://csp-decisions/problems/";

    public static Problem of(String type, String title, int status, String detail) {
        return new Problem(TYPE_BASE + type, title, status, detail, null, null);
    }

    /** At most this many violations are listed (3.5 MB of unknown keys used to give a 26 MB answer). */
    public static final int MAX_LISTED = 100;
    /** A field path longer than this is cut (a key can be megabytes long). */
    static final int MAX_FIELD = 200;

    public static Problem validation(List<Violation> violations) {
        int n = violations.size();
        List<Violation> listed = violations.stream().limit(MAX_LISTED)
                .map(v -> v.field() != null && v.field().length() > MAX_FIELD
                        ? new Violation(v.field().substring(0, MAX_FIELD) + "...", v.message()) : v)
                .toList();
        String detail = n + (n == 1 ? " field is invalid" : " fields are invalid")
                + (n > MAX_LISTED ? "; the first " + MAX_LISTED + " are listed" : "");
        return new Problem(TYPE_BASE + "validation-failed", "Request validation failed", 400, detail, listed, null);
    }

    public static Problem malformed(String detail) {
        return of("malformed-json", "Malformed JSON", 400, detail);
    }

    public static Problem tooLarge(long limit) {
        return of("payload-too-large", "Payload too large", 413, "the request body is larger than " + limit + " bytes");
    }

    public static Problem unsupportedMediaType(String contentType) {
        return of("unsupported-media-type", "Unsupported media type", 415,
                "Content-Type must be application/json" + (contentType == null || contentType.isBlank()
                        ? " (none was sent)" : ", not " + sanitize(contentType)));
    }

    /** Keeps caller-supplied text short and printable before echoing it. */
    static String sanitize(String text) {
        String clean = text.replaceAll("[^\\x20-\\x7E]", "?");
        return clean.length() > 100 ? clean.substring(0, 100) + "..." : clean;
    }
}
