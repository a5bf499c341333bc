package org.csp.decisions.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Repeated rebuilds and swaps of the bundled rules must not grow the heap: each build has its own ReleaseId, its
 * module is removed from the KieRepository, and the replaced set's container and session pool are disposed.
 */
class ReloadMemoryTest {

    static long usedAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    @Test
    void heapStaysFlatAcrossReloads() throws Exception {
        List<RuleFile> bundled = RulesFolder.bundled().ruleFiles();
        RuleSetBuilder builder = new RuleSetBuilder(2);
        RuleSetHolder holder = new RuleSetHolder();
        int reloads = 60;
        long baseline = 0;
        for (int i = 0; i < reloads; i++) {
            // a trailing comment makes each build distinct, as an analyst's edit would
            List<RuleFile> files = new java.util.ArrayList<>(bundled);
            files.add(new RuleFile("zz-edit.drl", "package edits;\n// edit " + i + "\n"));
            BuildResult result = builder.build(files, "memory test");
            assertTrue(result.ok(), result.errors().toString());
            holder.swap(result.ruleSet());
            if (i == 9) {
                baseline = usedAfterGc(); // after warm-up: classes loaded, caches filled
            }
        }
        long end = usedAfterGc();
        double growthMb = (end - baseline) / 1024.0 / 1024.0;
        System.out.printf("heap after 10 reloads: %.1f MB, after %d: %.1f MB, growth %.1f MB%n",
                baseline / 1048576.0, reloads, end / 1048576.0, growthMb);
        // one rule base is a few MB; a leak of one per reload would add 50 of them
        assertTrue(growthMb < 20, "heap grew by " + growthMb + " MB over " + (reloads - 10) + " reloads");
    }
}
