package org.csp.decisions.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.csp.decisions.config.RulesConfig;

/**
 * Guards the endpoints that change or compile rules: a .drl file can run arbitrary Java, so they are off (404)
 * unless {@code rules.admin-token} is set, and then need {@code Authorization: Bearer <token>}: 401 without it,
 * 403 with a wrong one. Tokens are compared in constant time.
 */
@ApplicationScoped
public class AdminAccess {
    @Inject
    RulesConfig config;

    public void check(String authorization) {
        String token = config.adminToken().filter(t -> !t.isBlank()).orElse(null);
        if (token == null) {
            throw new ProblemException(Problem.of("not-found", "Not found", 404,
                    "admin endpoints are disabled; set rules.admin-token to enable them"));
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ProblemException(Problem.of("unauthorized", "Unauthorized", 401,
                    "send Authorization: Bearer <admin token>"));
        }
        // Hashing first makes both sides the same length, so the comparison time reveals nothing, not even length.
        if (!MessageDigest.isEqual(sha256(authorization.substring(7).strip()), sha256(token))) {
            throw new ProblemException(Problem.of("forbidden", "Forbidden", 403, "the admin token is wrong"));
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
