package org.csp.decisions.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.csp.decisions.engine.Evaluator;
import org.csp.decisions.engine.RuleFile;
import org.csp.decisions.engine.RuleSet;
import org.csp.decisions.engine.RuleSetBuilder;
import org.csp.decisions.engine.RuleSetHolder;
import org.csp.decisions.model.EvaluationRequest;

/**
 * Heap measurements that JMH cannot make, written as JSON:
 * <ul>
 * <li>{@code retained}: retained heap per rule base of 1,000 generated rules (and of the bundled rules): used heap
 * after GC with N rule bases held, minus the baseline, divided by N. Target under 25 MB.</li>
 * <li>{@code reloads}: 500 reloads of the bundled rules, each build distinct (an added comment file), swapped into a
 * RuleSetHolder so the previous set is retired, with an evaluation after each swap. Heap after GC must stay within
 * 10% of the heap after the warm-up reloads.</li>
 * </ul>
 * Usage: MemoryProbe retained|reloads out.json [n]
 */
public final class MemoryProbe {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: MemoryProbe retained|reloads out.json [n]");
            System.exit(2);
        }
        BenchSupport.quietLogging();
        ObjectNode out = switch (args[0]) {
            case "retained" -> retained(args.length > 2 ? Integer.parseInt(args[2]) : 5);
            case "reloads" -> reloads(args.length > 2 ? Integer.parseInt(args[2]) : 500);
            default -> throw new IllegalArgumentException(args[0]);
        };
        out.put("logManager", BenchSupport.logManager());
        out.put("maxHeapMb", Runtime.getRuntime().maxMemory() / 1048576);
        JSON.writeValue(new File(args[1]), out);
        System.out.println(JSON.writeValueAsString(out));
        System.exit(0);
    }

    static ObjectNode retained(int n) {
        ObjectNode out = JSON.createObjectNode();
        RuleSetBuilder builder = new RuleSetBuilder();
        out.set("generated1000", retainedFor(builder, RuleGenerator.generate(1000, 50), n, 2));
        out.set("bundled", retainedFor(builder, BenchSupport.bundledRules(), Math.max(n, 10), 3));
        return out;
    }

    private static ObjectNode retainedFor(RuleSetBuilder builder, List<RuleFile> files, int n, int warmups) {
        long edit = System.nanoTime();
        for (int i = 0; i < warmups; i++) { // classes loaded, caches filled, JIT warm
            BenchSupport.build(builder, BenchSupport.distinct(files, edit++), "warm-up").retire();
        }
        long baseline = BenchSupport.usedHeapAfterGc();
        List<RuleSet> held = new ArrayList<>();
        long[] buildMs = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            held.add(BenchSupport.build(builder, BenchSupport.distinct(files, edit++), "held " + i));
            buildMs[i] = (System.nanoTime() - t0) / 1_000_000;
        }
        long withSets = BenchSupport.usedHeapAfterGc();
        int rules = held.get(0).rules().size();
        held.forEach(RuleSet::retire);
        held.clear();
        long after = BenchSupport.usedHeapAfterGc();
        ObjectNode node = JSON.createObjectNode();
        node.put("rules", rules);
        node.put("ruleBasesHeld", n);
        node.put("baselineMb", mb(baseline));
        node.put("withRuleBasesMb", mb(withSets));
        node.put("afterRetireMb", mb(after));
        node.put("retainedPerRuleBaseMb", mb((withSets - baseline) / n));
        node.put("buildMsMedian", median(buildMs));
        System.err.printf("retained: %d rules, %d held: %.1f MB each (baseline %.1f MB, held %.1f MB, after retire %.1f MB)%n",
                rules, n, mb((withSets - baseline) / n), mb(baseline), mb(withSets), mb(after));
        return node;
    }

    static ObjectNode reloads(int reloads) {
        List<RuleFile> bundled = BenchSupport.bundledRules();
        RuleSetBuilder builder = new RuleSetBuilder();
        RuleSetHolder holder = new RuleSetHolder();
        // A generous limit: this probe measures heap and runs beside the HTTP warm-up, so it may be starved of CPU.
        Evaluator evaluator = new Evaluator(holder, BenchSupport.MAX_FIRINGS, java.time.Duration.ofMinutes(1), BenchSupport.THREADS);
        EvaluationRequest request = BenchSupport.requestReader().read(BenchSupport.a10Body());
        int warmups = 20;
        long baseline = 0;
        long[] reloadMs = new long[reloads];
        ArrayNode checkpoints = JSON.createArrayNode();
        long started = System.nanoTime();
        for (int i = 0; i < reloads; i++) {
            long t0 = System.nanoTime();
            holder.swap(BenchSupport.build(builder, BenchSupport.distinct(bundled, i), "reload " + i));
            reloadMs[i] = (System.nanoTime() - t0) / 1_000_000;
            evaluator.evaluate(request); // the swapped-in set serves; the previous one is retired
            if (i + 1 == warmups) {
                baseline = BenchSupport.usedHeapAfterGc();
                checkpoints.add(checkpoint(i + 1, baseline));
            } else if ((i + 1) % 100 == 0) {
                checkpoints.add(checkpoint(i + 1, BenchSupport.usedHeapAfterGc()));
            }
        }
        long end = BenchSupport.usedHeapAfterGc();
        double growth = (end - baseline) / (double) baseline;
        ObjectNode out = JSON.createObjectNode();
        out.put("reloads", reloads);
        out.put("warmupReloads", warmups);
        out.put("baselineMb", mb(baseline));
        out.put("endMb", mb(end));
        out.put("growthRatio", Math.round(growth * 10000) / 10000.0);
        out.put("reloadMsMedian", median(reloadMs));
        out.put("reloadMsMax", Arrays.stream(reloadMs).max().orElse(0));
        out.put("totalSeconds", (System.nanoTime() - started) / 1e9);
        out.set("heapAfterGcMb", checkpoints);
        holder.current().retire();
        System.err.printf("reloads: %d, heap after %d: %.1f MB, at end: %.1f MB (%+.1f%%), median reload %d ms%n",
                reloads, warmups, mb(baseline), mb(end), growth * 100, median(reloadMs));
        return out;
    }

    private static ObjectNode checkpoint(int reload, long used) {
        ObjectNode node = JSON.createObjectNode();
        node.put("reload", reload);
        node.put("usedMb", mb(used));
        System.err.printf("  after %d reloads: %.1f MB%n", reload, mb(used));
        return node;
    }

    private static double mb(long bytes) {
        return Math.round(bytes / 1048576.0 * 10) / 10.0;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
