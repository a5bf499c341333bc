package org.csp.decisions.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code check <folder>} also checks the folder's traceability map and warns about its problems (a finding citing no
 * passage), without failing the check: an analyst's own finding may rest on research outside the seeds.
 */
@QuarkusMainTest
class CheckRulesTraceabilityTest {

    @Test
    void aFindingThatCitesNoPassageIsWarnedAbout(QuarkusMainLauncher launcher) throws Exception {
        Path source = Path.of("src/main/resources/rules");
        Path folder = Files.createTempDirectory("rules-trace");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path target = folder.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        Path map = folder.resolve("traceability/002_80e93118022a0e8d.map.json");
        Files.writeString(map, Files.readString(map).replace("\"encodedBy\": [\"GOV-008\"]",
                "\"encodedBy\": [\"GOV-007\"]"));
        LaunchResult result = launcher.launch("check", folder.toString());
        String out = result.getOutput();
        assertEquals(0, result.exitCode(), out);
        assertTrue(out.contains("OK: "), "the cases still pass: " + out);
        assertTrue(out.contains("TRACEABILITY WARNING: 1 problem(s)"), out);
        assertTrue(out.contains("finding GOV-008 cites no passage"), out);
    }
}
