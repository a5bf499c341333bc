package org.csp.decisions.cases;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.csp.decisions.engine.RuleEngine;
import org.csp.decisions.engine.RuleSet;
import org.csp.decisions.engine.RulesFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The traceability part of {@code check <folder>} (bin/check-rules): it passes the bundled folder, warns about a
 * finding citing no passage, and says so when a folder has no map. (The command itself is run by
 * CheckRulesCommandTest; this checks what it prints, against the served bundled rules and a copy of their map,
 * without launching it again.)
 */
@QuarkusTest
class TraceabilityReportTest {

    @Inject
    RuleEngine engine;

    @Test
    void warnsAboutAFindingCitingNoPassageAndPassesTheBundledFolder(@TempDir Path folder) throws Exception {
        Path source = Path.of("src/main/resources/rules", TraceabilityMap.FOLDER);
        Files.createDirectories(folder.resolve(TraceabilityMap.FOLDER));
        try (Stream<Path> files = Files.list(source)) {
            for (Path file : files.toList()) {
                Files.copy(file, folder.resolve(TraceabilityMap.FOLDER).resolve(file.getFileName().toString()));
            }
        }
        RulesFolder rules = RulesFolder.of(folder);
        RuleSet served = engine.current();
        String ok = print(rules, served);
        assertTrue(ok.startsWith("Traceability: "), ok);
        assertTrue(ok.contains("every finding cites passages"), ok);

        Path map = folder.resolve("traceability/002_80e93118022a0e8d.map.json");
        Files.writeString(map, Files.readString(map).replace("\"encodedBy\": [\"GOV-008\"]",
                "\"encodedBy\": [\"GOV-007\"]"));
        String warned = print(rules, served);
        // The bundled rules name their passages (@passageN), so the edited map now disagrees with GOV-007 and GOV-008.
        assertTrue(warned.startsWith("TRACEABILITY WARNING: "), warned);
        assertTrue(warned.contains("finding GOV-008: rule metadata cites [002#p10, 002#p13] but the map's encodedBy gives []"),
                warned);

        try (Stream<Path> files = Files.list(folder.resolve(TraceabilityMap.FOLDER))) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(folder.resolve(TraceabilityMap.FOLDER));
        String none = print(rules, served);
        assertTrue(none.startsWith("Traceability: no traceability/ map in this folder; not checked"), none);
        assertFalse(none.contains("WARNING"), none);
    }

    private static String print(RulesFolder folder, RuleSet set) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TraceabilityReport.print(folder, set, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
