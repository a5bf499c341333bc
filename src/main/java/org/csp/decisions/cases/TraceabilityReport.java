package org.csp.decisions.cases;

import java.io.PrintStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.csp.decisions.cases.TraceabilityCheck.ServedFinding;
import org.csp.decisions.engine.RuleMetadata;
import org.csp.decisions.engine.RuleSet;
import org.csp.decisions.engine.RulesFolder;

/**
 * The traceability part of the analysts' {@code check <folder>} command: when the folder has a
 * {@code traceability/} map, checks it against the compiled rules (every finding cites passages, every claim is
 * encoded or explained, ...) and prints the outcome as warnings. It does not fail the check: an analyst's own
 * finding may rest on research outside the five seeds (the project's own build fails on any problem instead, in
 * {@code TraceabilityMapTest}).
 */
public final class TraceabilityReport {
    private TraceabilityReport() {
    }

    /** The findings of a rule set as the map check sees them: id, @source seed, @passageN metadata. */
    public static List<ServedFinding> served(RuleSet set) {
        Map<String, List<String>> metadata = PassageMetadata.read(set.files());
        Map<String, RuleMetadata> byId = new TreeMap<>();
        set.rules().forEach(r -> byId.putIfAbsent(r.findingId(), r));
        return byId.values().stream()
                .map(r -> new ServedFinding(r.findingId(), r.source() == null ? null : r.source().seed(),
                        metadata.get(r.findingId())))
                .toList();
    }

    /** Prints the check; false when the folder has a map and the map has problems. */
    public static boolean print(RulesFolder folder, RuleSet set, PrintStream out) {
        if (!Files.isDirectory(folder.root().resolve(TraceabilityMap.FOLDER))) {
            out.println("Traceability: no " + TraceabilityMap.FOLDER + "/ map in this folder; not checked");
            return true;
        }
        TraceabilityMap map = TraceabilityMap.load(folder.root());
        List<String> problems = TraceabilityCheck.structure(map, served(set));
        if (problems.isEmpty()) {
            var counts = CoverageService.counts(map.claims());
            out.println("Traceability: " + counts.claims() + " claims in " + map.seeds().size() + " seed map(s), "
                    + counts.encoded() + " encoded, the others explained; every finding cites passages");
            return true;
        }
        out.println("TRACEABILITY WARNING: " + problems.size() + " problem(s) in the " + TraceabilityMap.FOLDER
                + "/ map (not failing the check)");
        problems.forEach(p -> out.println("  " + p));
        return false;
    }
}
