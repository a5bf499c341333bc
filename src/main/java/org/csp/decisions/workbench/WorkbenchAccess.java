package org.csp.decisions.workbench;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.csp.decisions.api.AdminAccess;
import org.csp.decisions.api.Problem;
import org.csp.decisions.api.ProblemException;
import org.csp.decisions.config.RulesConfig;

/**
 * Who may use the workbench: whoever knows the admin token. The sign-in page takes the token once and gives the
 * browser a random session id in an HttpOnly, SameSite=Strict cookie; the workbench's JSON endpoints accept that
 * cookie or {@code Authorization: Bearer <admin token>} (checked by {@link AdminAccess}). Without a configured
 * token the workbench does not exist (404), like the admin endpoints.
 *
 * <p>Sessions are kept in memory (a restart signs everyone out; each replica has its own). Written by hand because
 * Quarkus' form authentication needs an identity provider and users, and here there is only one shared token.
 */
@ApplicationScoped
public class WorkbenchAccess {
    public static final String COOKIE = "csp_workbench";
    static final Duration SESSION_LIFETIME = Duration.ofHours(12);
    static final int MAX_SESSIONS = 1000;

    @Inject
    RulesConfig config;
    @Inject
    AdminAccess admin;

    private final SecureRandom random = new SecureRandom();
    /** sha256(session id) -> expiry; only hashes are kept, so a heap dump does not hand out sessions. */
    private final Map<String, Instant> sessions = new ConcurrentHashMap<>();

    public boolean enabled() {
        return config.adminToken().filter(t -> !t.isBlank()).isPresent();
    }

    /** 404 when the workbench is off. */
    public void requireEnabled() {
        if (!enabled()) {
            throw new ProblemException(Problem.of("not-found", "Not found", 404,
                    "the workbench is disabled; set rules.admin-token to enable it"));
        }
    }

    /** A new session id if {@code token} is the admin token, else empty. Constant-time comparison. */
    public Optional<String> signIn(String token) {
        requireEnabled();
        String expected = config.adminToken().orElseThrow();
        if (token == null || !MessageDigest.isEqual(sha256(token.strip()), sha256(expected))) {
            return Optional.empty();
        }
        Instant now = Instant.now();
        sessions.values().removeIf(expiry -> expiry.isBefore(now));
        if (sessions.size() >= MAX_SESSIONS) {
            // Oldest first out: bounded memory even if someone signs in in a loop.
            sessions.entrySet().stream().min(Map.Entry.comparingByValue())
                    .ifPresent(oldest -> sessions.remove(oldest.getKey()));
        }
        byte[] id = new byte[32];
        random.nextBytes(id);
        String session = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
        sessions.put(key(session), now.plus(SESSION_LIFETIME));
        return Optional.of(session);
    }

    public void signOut(String session) {
        if (session != null) {
            sessions.remove(key(session));
        }
    }

    public boolean signedIn(String session) {
        if (!enabled() || session == null || session.isBlank() || session.length() > 100) {
            return false;
        }
        Instant expiry = sessions.get(key(session));
        return expiry != null && expiry.isAfter(Instant.now());
    }

    /** For the JSON endpoints: the session cookie or the bearer token; 404 off, 401 neither, 403 wrong token. */
    public void check(String authorization, String session) {
        requireEnabled();
        if (authorization == null && signedIn(session)) {
            return;
        }
        if (authorization == null && session != null) {
            throw new ProblemException(Problem.of("unauthorized", "Unauthorized", 401,
                    "the workbench session has expired; sign in again"));
        }
        admin.check(authorization);
    }

    /** The Set-Cookie value for a session (or to clear it with an empty value). */
    public static String cookie(String session, boolean secure) {
        long maxAge = session.isEmpty() ? 0 : SESSION_LIFETIME.toSeconds();
        return COOKIE + "=" + session + "; Path=/; Max-Age=" + maxAge + "; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "");
    }

    private static String key(String session) {
        return Base64.getEncoder().encodeToString(sha256(session));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
