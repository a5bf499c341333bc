package org.csp.decisions.workbench;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.stream.Stream;

/** The workbench on a temporary copy of the bundled rules: watched, writable, with an admin token. */
public class WorkbenchProfile implements QuarkusTestProfile {
    public static final String TOKEN = "workbench-test-token";
    public static final Path FOLDER = copyOfBundledRules();

    public static Path copyOfBundledRules() {
        try {
            Path target = Files.createTempDirectory("csp-workbench-rules-");
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
