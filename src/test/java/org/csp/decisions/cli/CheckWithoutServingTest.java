package org.csp.decisions.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/check-rules} runs with {@code rules.serve=false}: the service's own rules are neither loaded nor warmed up
 * before the check builds the folder it is given. Proof: the service's rules folder here does not exist, which would
 * stop a serving start ("cannot start: rules folder ... does not exist"), and the check still runs.
 */
@QuarkusMainTest
@TestProfile(CheckWithoutServingTest.NotServing.class)
class CheckWithoutServingTest {

    public static class NotServing implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rules.serve", "false", "rules.directory", "/nonexistent/csp-rules-of-the-service");
        }
    }

    @Test
    void theCheckDoesNotLoadTheServicesOwnRules(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("check", "src/main/resources/rules");
        String out = result.getOutput() + result.getErrorOutput();
        assertEquals(0, result.exitCode(), out);
        assertTrue(out.contains("Checking rules in ") && out.contains("OK: "), out);
        assertTrue(!out.contains("cannot start"), out);
    }
}
