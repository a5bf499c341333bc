package org.csp.decisions.engine;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.stream.Stream;

/** Serves a copy of the bundled rules from a temporary folder, watched, with admin endpoints enabled. */
public class LiveRulesProfile implements QuarkusTestProfile {
    public static final String TOKEN = "test-admin-token";
    public static final Path FOLDER = copyOfBundledRules();

    /** A copy of the bundled rules in a new temporary folder (tests that change rules on disk use it). */
    public static Path copyOfBundledRules() {
        try {
            Path target = Files.createTempDirectory("csp-rules-");
            Path source = Path.of("src/main/resources/rules");
            try (Stream<Path> paths = Files.walk(source)) {
                for (Path p : (Iterable<Path>) paths::iterator) {
                    Path to = target.resolve(source.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("rules.directory", FOLDER.toString(), "rules.admin-token", TOKEN, "rules.reload-debounce", "100ms");
    }
}
