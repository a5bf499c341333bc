package org.csp.decisions.api;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The bundled rules with the admin endpoints on, and small in-flight limits so that tests can fill them. */
public class AdminProfile implements QuarkusTestProfile {
    public static final String TOKEN = "input-test-token";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("rules.admin-token", TOKEN, "rules.watch", "false",
                "evaluate.batch.max-in-flight-bytes", "5M", "evaluate.batch.max-in-flight-items", "1500");
    }
}
