package org.csp.decisions.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's coverage table is generated from the traceability map; this fails when it is out of date and, run
 * with {@code UPDATE_README=true}, rewrites it: {@code UPDATE_README=true ./mvnw -q test -Dtest=ReadmeCoverageTableTest}.
 */
class ReadmeCoverageTableTest {
    static final Path README = Path.of("README.md");
    static final Path RULES = Path.of("src", "main", "resources", "rules");

    @Test
    void readmeTableMatchesTheMap() throws Exception {
        String table = CoverageTable.markdown(TraceabilityMap.load(RULES));
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        if ("true".equals(System.getenv("UPDATE_README"))) {
            Files.writeString(README, CoverageTable.replaceRegion(readme, table), StandardCharsets.UTF_8);
            readme = Files.readString(README, StandardCharsets.UTF_8);
        }
        String current = CoverageTable.region(readme);
        assertNotNull(current, "README.md has no coverage table region (" + CoverageTable.BEGIN + " ... "
                + CoverageTable.END + ")");
        assertEquals(table, current, "the README coverage table is out of date; regenerate it with "
                + "UPDATE_README=true ./mvnw -q test -Dtest=ReadmeCoverageTableTest");
    }

    @Test
    void readmeProposalsTableMatchesTheMap() throws Exception {
        String table = CoverageTable.proposals(TraceabilityMap.load(RULES));
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        if ("true".equals(System.getenv("UPDATE_README"))) {
            Files.writeString(README, CoverageTable.replaceRegion(readme, table, CoverageTable.PROPOSALS_BEGIN,
                    CoverageTable.PROPOSALS_END), StandardCharsets.UTF_8);
            readme = Files.readString(README, StandardCharsets.UTF_8);
        }
        String current = CoverageTable.region(readme, CoverageTable.PROPOSALS_BEGIN, CoverageTable.PROPOSALS_END);
        assertNotNull(current, "README.md has no proposals table region");
        assertEquals(table, current, "the README proposals table is out of date; regenerate it with "
                + "UPDATE_README=true ./mvnw -q test -Dtest=ReadmeCoverageTableTest");
        assertEquals(3 + 2, table.lines().count(), "three proposals today");
    }

    @Test
    void tableCountsEveryClaimOnce() {
        TraceabilityMap map = TraceabilityMap.load(RULES);
        String table = CoverageTable.markdown(map);
        var all = CoverageService.counts(map.claims());
        assertEquals(all.claims(), all.encoded() + all.needsFact() + all.descriptiveOnly() + all.coveredBy()
                + all.proposed() + all.unexplained());
        assertEquals(0, all.unexplained());
        String total = table.lines().filter(l -> l.startsWith("| **All seeds**")).findFirst().orElseThrow();
        assertEquals("| **All seeds** | " + all.claims() + " | " + all.encoded() + " | " + all.needsFact() + " | "
                + all.descriptiveOnly() + " | " + all.coveredBy() + " | " + all.proposed() + " | " + all.proposals()
                + " |", total);
    }
}
