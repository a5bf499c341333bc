package org.csp.decisions.workbench;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The workbench on a temporary copy of the bundled rules: watched, writable, with an admin token. */
public class WorkbenchProfile implements QuarkusTestProfile {
    public static final String TOKEN = "workbench-test-token";
    public static final Path FOLDER = copyOfBundledRules();

    public static Path copyOfBundledRules() {
        return org.csp.decisions.engine.LiveRulesProfile.copyOfBundledRules();
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("rules.directory", FOLDER.toString(), "rules.admin-token", TOKEN, "rules.reload-debounce", "100ms");
    }
}
