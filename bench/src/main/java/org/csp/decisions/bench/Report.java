package org.csp.decisions.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Collects what bench/run.sh measured (raw/ folder: env.json, startup.json, wrk-*.txt, jmh.json, retained.json,
 * reloads.json, service-reloads.txt) into latest.json and latest.md: every figure with its target, the measured
 * value and pass/fail. Figures that depend on how busy the machine is are also given as ratios.
 * Usage: Report rawDir latest.json latest.md
 */
public final class Report {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path raw;
    private final ArrayNode rows = JSON.createArrayNode();
    private final ObjectNode details = JSON.createObjectNode();

    private Report(Path raw) {
        this.raw = raw;
    }

    public static void main(String[] args) throws IOException {
        Report report = new Report(Path.of(args[0]));
        report.collect();
        report.write(Path.of(args[1]), Path.of(args[2]));
    }

    // ---------------------------------------------------------------------------------------------------------

    private void collect() throws IOException {
        http();
        inProcess();
        compilation();
        reloads();
        startup();
        checkRules();
        batch();
    }

    private void http() throws IOException {
        List<JsonNode> echo = wrk("wrk-echo-");
        List<JsonNode> eval = wrk("wrk-evaluate-");
        List<JsonNode> all = new ArrayList<>(eval);
        all.addAll(wrk("wrk-warmup-evaluate"));
        all.addAll(wrk("wrk-jfr-evaluate"));
        ObjectNode http = details.putObject("http");
        if (echo.isEmpty() || eval.isEmpty()) {
            row("http.ratio", "HTTP /evaluate throughput / JSON echo ceiling (same run)", ">= 0.80", null, "", null,
                    "wrk did not run");
            return;
        }
        int rounds = Math.min(echo.size(), eval.size());
        double[] ratios = new double[rounds];
        double[] p99 = new double[rounds];
        ArrayNode perRound = http.putArray("rounds");
        for (int i = 0; i < rounds; i++) {
            ratios[i] = eval.get(i).path("rps").asDouble() / echo.get(i).path("rps").asDouble();
            p99[i] = eval.get(i).path("p99_us").asDouble() / 1000.0;
            ObjectNode r = perRound.addObject();
            r.put("round", i + 1);
            r.put("echoRps", echo.get(i).path("rps").asDouble());
            r.put("evaluateRps", eval.get(i).path("rps").asDouble());
            r.put("ratio", round(ratios[i], 3));
            r.put("evaluateP50Ms", eval.get(i).path("p50_us").asDouble() / 1000.0);
            r.put("evaluateP99Ms", p99[i]);
            r.put("echoP99Ms", echo.get(i).path("p99_us").asDouble() / 1000.0);
            r.put("echoCpuUsPerRequest", round(echo.get(i).path("serverCpuUsPerRequest").asDouble(Double.NaN), 1));
            r.put("evaluateCpuUsPerRequest", round(eval.get(i).path("serverCpuUsPerRequest").asDouble(Double.NaN), 1));
            r.put("otherCpuShare", round(Math.max(echo.get(i).path("otherCpuShare").asDouble(0),
                    eval.get(i).path("otherCpuShare").asDouble(0)), 3));
        }
        double ratio = median(ratios);
        double evalRps = median(eval.stream().mapToDouble(n -> n.path("rps").asDouble()).toArray());
        double echoRps = median(echo.stream().mapToDouble(n -> n.path("rps").asDouble()).toArray());
        row("http.ratio", "HTTP `/evaluate` throughput ÷ JSON echo ceiling, 16 conn (median of " + rounds
                + " interleaved rounds)", ">= 0.80", round(ratio, 3), "", ratio >= 0.8,
                String.format(Locale.ROOT, "evaluate %.0f req/s, echo %.0f req/s; other processes used up to %.0f%% "
                        + "of the CPU during these rounds", evalRps, echoRps, 100 * maxOther(echo, eval)));
        double evalCpu = median(eval.stream().mapToDouble(n -> n.path("serverCpuUsPerRequest").asDouble(Double.NaN)).toArray());
        double echoCpu = median(echo.stream().mapToDouble(n -> n.path("serverCpuUsPerRequest").asDouble(Double.NaN)).toArray());
        if (!Double.isNaN(evalCpu) && !Double.isNaN(echoCpu)) {
            double cpuRatio = echoCpu / evalCpu;
            row("http.cpuRatio", "Server CPU per request: echo ÷ `/evaluate` (same rounds; insensitive to other load)",
                    ">= 0.80", round(cpuRatio, 3), "", cpuRatio >= 0.8,
                    String.format(Locale.ROOT, "/evaluate %.0f us CPU per request, echo %.0f us", evalCpu, echoCpu));
            http.put("evaluateCpuUsPerRequest", evalCpu);
            http.put("echoCpuUsPerRequest", echoCpu);
        }
        double p99Median = median(p99);
        double p99Worst = Arrays.stream(p99).max().orElse(Double.NaN);
        row("http.p99", "HTTP `/evaluate` p99 latency at 16 connections (median of rounds)", "< 3 ms",
                round(p99Median, 2), "ms", p99Median < 3.0,
                String.format(Locale.ROOT, "worst round %.2f ms; p50 %.2f ms; the echo ceiling's own p99 in the same "
                        + "rounds: %.2f ms", p99Worst,
                        median(eval.stream().mapToDouble(n -> n.path("p50_us").asDouble() / 1000.0).toArray()),
                        median(echo.stream().mapToDouble(n -> n.path("p99_us").asDouble() / 1000.0).toArray())));
        long errors = 0;
        long requests = 0;
        for (JsonNode n : all) {
            requests += n.path("requests").asLong();
            errors += n.path("errors_connect").asLong() + n.path("errors_read").asLong()
                    + n.path("errors_write").asLong() + n.path("errors_status").asLong()
                    + n.path("errors_timeout").asLong();
        }
        row("http.errors", "HTTP `/evaluate` errors (socket errors, timeouts, non-2xx), all wrk runs", "0", errors, "",
                errors == 0, requests + " requests");
        http.put("evaluateRpsMedian", evalRps);
        http.put("echoRpsMedian", echoRps);
        List<JsonNode> live = wrk("wrk-live-");
        List<JsonNode> compact = wrk("wrk-compact-");
        if (!live.isEmpty()) {
            double liveCpu = median(live.stream().mapToDouble(n -> n.path("serverCpuUsPerRequest").asDouble(Double.NaN)).toArray());
            double liveP99 = median(live.stream().mapToDouble(n -> n.path("p99_us").asDouble() / 1000.0).toArray());
            double floorRatio = evalCpu / liveCpu;
            row("http.cpuFloor", "Server CPU per request: `/evaluate` (A.10) ÷ `GET /q/health/live` (same process, "
                    + "interleaved rounds, median)", "<= 4x", String.format(Locale.ROOT, "%.1fx", floorRatio), "",
                    floorRatio <= 4, String.format(Locale.ROOT, "/evaluate %.0f us, /q/health/live %.0f us CPU per request;"
                            + " live %.0f req/s", evalCpu, liveCpu,
                            median(live.stream().mapToDouble(n -> n.path("rps").asDouble()).toArray())));
            double p99Ratio = p99Median / liveP99;
            row("http.p99Floor", "p99 at 16 connections: `/evaluate` ÷ `GET /q/health/live` (median of rounds)", "<= 2x",
                    String.format(Locale.ROOT, "%.1fx", p99Ratio), "", p99Ratio <= 2,
                    String.format(Locale.ROOT, "/evaluate p99 %.2f ms, /q/health/live p99 %.2f ms", p99Median, liveP99));
            http.put("liveCpuUsPerRequest", liveCpu);
        }
        if (!compact.isEmpty()) {
            double compactCpu = median(compact.stream().mapToDouble(n -> n.path("serverCpuUsPerRequest").asDouble(Double.NaN)).toArray());
            row("http.compact", "Server CPU per request of `/evaluate?view=compact` (A.10), beside the full answer's",
                    "info", String.format(Locale.ROOT, "%.0f us", compactCpu), "", null,
                    String.format(Locale.ROOT, "full answer %.0f us; compact %.0f req/s, p99 %.2f ms", evalCpu,
                            median(compact.stream().mapToDouble(n -> n.path("rps").asDouble()).toArray()),
                            median(compact.stream().mapToDouble(n -> n.path("p99_us").asDouble() / 1000.0).toArray())));
        }
    }

    private void inProcess() throws IOException {
        Path file = raw.resolve("jmh.json");
        if (!Files.exists(file)) {
            row("inprocess.evaluate", "In-process evaluation, 1 thread (JMH)", "<= 15 us", null, "us", null,
                    "JMH did not run");
            return;
        }
        Map<String, JsonNode> byName = new TreeMap<>();
        for (JsonNode b : JSON.readTree(file.toFile())) {
            String name = b.path("benchmark").asText();
            byName.put(name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1), b);
        }
        ObjectNode jmh = details.putObject("jmh");
        byName.forEach((name, b) -> {
            ObjectNode n = jmh.putObject(name);
            n.put("mean", round(b.path("primaryMetric").path("score").asDouble(), 3));
            n.put("error", round(b.path("primaryMetric").path("scoreError").asDouble(), 3));
            n.put("median", round(medianOf(b), 3));
            n.put("min", round(minOf(b), 3));
            n.put("unit", b.path("primaryMetric").path("scoreUnit").asText());
        });
        Double evaluate = jmhMedian(byName, "EvaluateBenchmark.evaluate");
        row("inprocess.evaluate", "In-process evaluation (facts in, findings out), 1 thread, JMH median", "<= 15 us",
                round(evaluate, 1), "us", evaluate == null ? null : evaluate <= 15.0,
                note(byName, "EngineBreakdownBenchmark.sessionOnly", "Drools session alone")
                        + "; " + note(byName, "EngineBreakdownBenchmark.sessionWithRecorder", "with FiringRecorder")
                        + "; " + note(byName, "EngineBreakdownBenchmark.assembleOnly", "FindingAssembler alone"));
        Double read = jmhMedian(byName, "JsonBenchmark.readRequest");
        row("inprocess.readRequest", "Request JSON parse + shape check + bind + validation (RequestReader), JMH", "info",
                round(read, 1), "us", null,
                note(byName, "JsonBenchmark.readRequestParseOnly", "strict parse to tree")
                        + "; " + note(byName, "JsonBenchmark.readRequestValidateOnly", "Bean Validation")
                        + "; " + note(byName, "JsonBenchmark.bindPlainJackson", "plain Jackson bind, for reference"));
        Double write = jmhMedian(byName, "JsonBenchmark.writeResponse");
        row("inprocess.writeResponse", "Response serialisation (Evaluation to JSON bytes), JMH", "info",
                round(write, 1), "us", null, note(byName, "JsonBenchmark.echoRoundTrip", "echo's parse+write of A.10"));
        Double echo = jmhMedian(byName, "JsonBenchmark.echoRoundTrip");
        if (evaluate != null && read != null && write != null && echo != null) {
            double total = evaluate + read + write;
            row("inprocess.ratio", "In-process echo work ÷ (read + evaluate + write), the CPU-bound ceiling of the "
                    + "HTTP ratio", "info", round(echo / total, 3), "", null,
                    String.format(Locale.ROOT, "read+evaluate+write %.1f us vs echo %.1f us", total, echo));
        }
    }

    private void compilation() throws IOException {
        Map<String, JsonNode> byName = new TreeMap<>();
        Path file = raw.resolve("jmh.json");
        if (Files.exists(file)) {
            for (JsonNode b : JSON.readTree(file.toFile())) {
                String name = b.path("benchmark").asText();
                byName.put(name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1), b);
            }
        }
        Double bundled = jmhMedian(byName, "CompileBenchmark.bundledRules");
        List<Long> service = serviceReloads();
        row("compile.bundled", "Bundled rules rebuilt warm (RuleSetBuilder in process, JMH single-shot median)",
                "< 300 ms", bundled == null ? null : Math.round(bundled), "ms", bundled == null ? null : bundled < 300,
                "in a JMH fork on the plain class path; the service's own reload time is the next row");
        if (!service.isEmpty()) {
            double med = medianLong(service);
            row("compile.bundled.service", "Bundled rules reloaded warm in the running service (POST /rules/reload "
                    + "durationMillis, median)", "< 300 ms", Math.round(med), "ms", med < 300, "reloads " + service);
        }
        Double generated = jmhMedian(byName, "CompileBenchmark.generated1000Rules");
        row("compile.generated1000", "1,000 generated rules built warm (JMH single-shot median)", "< 2000 ms",
                generated == null ? null : Math.round(generated), "ms", generated == null ? null : generated < 2000, "");
        Path retained = raw.resolve("retained.json");
        if (Files.exists(retained)) {
            JsonNode r = JSON.readTree(retained.toFile());
            details.set("retained", r);
            double mb = r.path("generated1000").path("retainedPerRuleBaseMb").asDouble();
            row("compile.retained", "Retained heap per rule base of 1,000 rules (used after GC with N held − baseline) ÷ N",
                    "< 25 MB", mb, "MB", mb < 25,
                    "N=" + r.path("generated1000").path("ruleBasesHeld").asInt() + "; bundled rules: "
                            + r.path("bundled").path("retainedPerRuleBaseMb").asDouble() + " MB per rule base");
        } else {
            row("compile.retained", "Retained heap per rule base of 1,000 rules", "< 25 MB", null, "MB", null,
                    "probe did not run");
        }
    }

    private void reloads() throws IOException {
        Path file = raw.resolve("reloads.json");
        if (!Files.exists(file)) {
            row("reloads.heap", "Heap after GC over 500 reloads", "within 10%", null, "", null, "probe did not run");
            return;
        }
        JsonNode r = JSON.readTree(file.toFile());
        details.set("reloads", r);
        double growth = r.path("growthRatio").asDouble();
        row("reloads.heap", "Heap after GC, " + r.path("reloads").asInt() + " reloads vs after "
                + r.path("warmupReloads").asInt() + " (bundled rules, distinct builds, swapped into a RuleSetHolder)",
                "within 10%", String.format(Locale.ROOT, "%+.1f%%", growth * 100), "", Math.abs(growth) <= 0.10,
                r.path("baselineMb").asDouble() + " MB → " + r.path("endMb").asDouble() + " MB; median reload "
                        + r.path("reloadMsMedian").asLong() + " ms (measured while the servers warm up: not a timing)");
    }

    private void checkRules() throws IOException {
        Path file = raw.resolve("check-rules.json");
        if (!Files.exists(file)) {
            row("check.bundled", "bin/check-rules, bundled rules", "< 3000 ms", null, "ms", null, "did not run");
            return;
        }
        JsonNode c = JSON.readTree(file.toFile());
        details.set("checkRules", c);
        double bundled = median(values(c.path("bundledMs")));
        double changed = median(values(c.path("changedMs")));
        row("check.bundled", "`bin/check-rules`, bundled rules, whole command (median of " + c.path("bundledMs").size()
                + ")", "< 3000 ms", Math.round(bundled), "ms", bundled < 3000, "runs " + c.path("bundledMs")
                + " ms; the run before them (fills the compiled-rules cache and writes the check's class-data archive) "
                + c.path("firstMs").asLong() + " ms");
        row("check.changed", "`bin/check-rules` of an analyst's folder with a changed rule (a new version each run, "
                + "median of " + c.path("changedMs").size() + ")", "< 5000 ms", Math.round(changed), "ms", changed < 5000,
                "runs " + c.path("changedMs") + " ms");
    }

    private void batch() throws IOException {
        Path file = raw.resolve("batch.json");
        if (!Files.exists(file)) {
            row("batch", "POST /evaluate/batch of 1,000 varied requests vs one by one", ">= 1.6x", null, "", null,
                    "did not run");
            return;
        }
        JsonNode b = JSON.readTree(file.toFile());
        details.set("batch", b);
        double speedup = b.path("speedup").asDouble();
        row("batch", "POST /evaluate/batch of 1,000 varied requests: time one by one (one connection) ÷ batch time, "
                + "median of 3", ">= 1.6x", String.format(Locale.ROOT, "%.2fx", speedup), "", speedup >= 1.6
                && b.path("inOrder").asBoolean(), "one by one " + b.path("oneByOneSeconds") + " s; batch "
                + b.path("batchSeconds") + " s; answers in order: " + b.path("inOrder").asBoolean());
        double alone = b.path("singleAloneP99Ms").asDouble();
        double during = b.path("singleDuringBatchP99Ms").asDouble();
        row("batch.starve", "Single /evaluate p99 while batches run ÷ alone (one caller, 8 s each)", "<= 2x",
                String.format(Locale.ROOT, "%.2fx", during / alone), "", during <= 2 * alone,
                String.format(Locale.ROOT, "alone p99 %.2f ms (p50 %.2f); during %d batches p99 %.2f ms (p50 %.2f)", alone,
                        b.path("singleAloneP50Ms").asDouble(), b.path("batchesDuring").asInt(), during,
                        b.path("singleDuringBatchP50Ms").asDouble()));
    }

    private static double[] values(JsonNode array) {
        double[] v = new double[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).asDouble();
        }
        return v;
    }

    private void startup() throws IOException {
        Path file = raw.resolve("startup.json");
        if (!Files.exists(file)) {
            row("startup", "Start-up: process start to first ready", "< 2000 ms", null, "ms", null, "did not run");
            return;
        }
        JsonNode s = JSON.readTree(file.toFile());
        details.set("startup", s);
        double[] first = new double[s.path("firstEvaluateMs").size()];
        for (int i = 0; i < first.length; i++) {
            first[i] = s.path("firstEvaluateMs").get(i).asDouble();
        }
        double med = median(first);
        String cold = s.has("coldFirstEvaluateMs") ? "; the start before them (no compiled-rules cache entry, no class-data"
                + " archive: it makes both) " + s.path("coldFirstEvaluateMs").asLong() + " ms" : "";
        row("startup", "Start-up: process start to first 200 of POST /evaluate (median of " + first.length + ", "
                + s.path("mode").asText("plain java -jar") + ")", "< 2000 ms", Math.round(med), "ms", med < 2000,
                "runs " + s.path("firstEvaluateMs") + " ms; first 200 of /q/health/ready " + s.path("readyMs")
                        + " ms; Quarkus' own 'started in' " + s.path("quarkusStartedIn") + cold);
    }

    // ---------------------------------------------------------------------------------------------------------

    private void write(Path jsonOut, Path mdOut) throws IOException {
        JsonNode env = Files.exists(raw.resolve("env.json")) ? JSON.readTree(raw.resolve("env.json").toFile())
                : JSON.createObjectNode();
        ObjectNode out = JSON.createObjectNode();
        out.set("environment", env);
        out.set("results", rows);
        out.set("details", details);
        long failed = 0;
        long passed = 0;
        for (JsonNode r : rows) {
            if (r.path("pass").isBoolean()) {
                if (r.path("pass").asBoolean()) {
                    passed++;
                } else {
                    failed++;
                }
            }
        }
        out.put("passed", passed);
        out.put("failed", failed);
        JSON.writeValue(jsonOut.toFile(), out);

        StringBuilder md = new StringBuilder();
        md.append("# Benchmark results\n\n");
        md.append(String.format(Locale.ROOT, "%s · %s cores · Java %s · Quarkus %s · Drools %s · JVM mode · commit %s%n%n",
                env.path("date").asText("?"), env.path("cores").asText("?"), env.path("java").asText("?"),
                env.path("quarkus").asText("?"), env.path("drools").asText("?"), env.path("commit").asText("?")));
        md.append("| Figure | Target | Measured | Result |\n|---|---|---|---|\n");
        for (JsonNode r : rows) {
            String measured = r.path("measured").isNull() || r.path("measured").isMissingNode() ? "—"
                    : r.path("measured").asText() + (r.path("unit").asText().isEmpty() ? "" : " " + r.path("unit").asText());
            String result = r.path("pass").isBoolean() ? (r.path("pass").asBoolean() ? "PASS" : "**FAIL**") : "info";
            String note = r.path("note").asText();
            md.append("| ").append(r.path("figure").asText()).append(note.isEmpty() ? "" : "<br><sub>" + note + "</sub>")
                    .append(" | ").append(r.path("target").asText().replace("<", "&lt;").replace(">", "&gt;"))
                    .append(" | ").append(measured).append(" | ").append(result).append(" |\n");
        }
        md.append(String.format(Locale.ROOT, "%n%d passed, %d failed%n%n", passed, failed));
        JsonNode other = env.path("otherCpuShare");
        md.append("CPU used by other processes on the machine (not this run's): JMH phase ")
                .append(percent(other.path("jmh")))
                .append(" (heap probes run during the HTTP warm-up and measure heap, not time), HTTP rounds see below. Where this is above ~10%, absolute times are pessimistic; the HTTP "
                        + "figures are therefore also given as ratios to an echo measured in interleaved rounds (by "
                        + "throughput and by server CPU per request), and JMH figures are medians of iterations.\n\n");
        if (details.has("jmh")) {
            md.append("<details><summary>All JMH results (median / mean ± error)</summary>\n\n| Benchmark | Median | Mean ± error | Unit |\n|---|---|---|---|\n");
            details.path("jmh").fields().forEachRemaining(e -> md.append(String.format(Locale.ROOT,
                    "| %s | %.2f | %.2f ± %.2f | %s |%n", e.getKey(), e.getValue().path("median").asDouble(),
                    e.getValue().path("mean").asDouble(), e.getValue().path("error").asDouble(),
                    e.getValue().path("unit").asText())));
            md.append("\n</details>\n\n");
        }
        if (details.has("http")) {
            md.append("<details><summary>HTTP rounds (wrk -t1 -c16, 127.0.0.1)</summary>\n\n| Round | Echo req/s | /evaluate req/s | Ratio | /evaluate p50 ms | /evaluate p99 ms | Echo p99 ms | Echo CPU us/req | /evaluate CPU us/req | CPU used by other processes |\n|---|---|---|---|---|---|---|---|---|---|\n");
            for (JsonNode r : details.path("http").path("rounds")) {
                md.append(String.format(Locale.ROOT, "| %d | %.0f | %.0f | %.3f | %.2f | %.2f | %.2f | %.0f | %.0f | %.0f%% |%n",
                        r.path("round").asInt(), r.path("echoRps").asDouble(), r.path("evaluateRps").asDouble(),
                        r.path("ratio").asDouble(), r.path("evaluateP50Ms").asDouble(),
                        r.path("evaluateP99Ms").asDouble(), r.path("echoP99Ms").asDouble(),
                        r.path("echoCpuUsPerRequest").asDouble(), r.path("evaluateCpuUsPerRequest").asDouble(),
                        100 * r.path("otherCpuShare").asDouble()));
            }
            md.append("\n</details>\n\n");
        }
        md.append("Raw data: `bench/results/raw/` (JMH JSON, wrk output, probe JSON). Profiles: "
                + "`bench/results/evaluate.jfr` and `reload.jfr`, summarised in `raw/profile-evaluate.txt`, "
                + "`raw/profile-evaluate-workers.txt`, `raw/profile-reload.txt`; CPU per service thread under wrk in "
                + "`raw/service-threads-cpu.txt`.\n");
        Files.writeString(mdOut, md.toString(), StandardCharsets.UTF_8);
        System.out.print(md);
    }

    private static String percent(JsonNode share) {
        return share.isNumber() ? String.format(Locale.ROOT, "%.0f%%", share.asDouble() * 100) : "?";
    }

    private void row(String key, String figure, String target, Object measured, String unit, Boolean pass,
            String note) {
        ObjectNode r = rows.addObject();
        r.put("key", key);
        r.put("figure", figure);
        r.put("target", target);
        if (measured == null) {
            r.putNull("measured");
        } else if (measured instanceof Double d) {
            r.put("measured", d);
        } else if (measured instanceof Number n) {
            r.put("measured", n.longValue());
        } else {
            r.put("measured", measured.toString());
        }
        r.put("unit", unit);
        if (pass == null) {
            r.putNull("pass");
        } else {
            r.put("pass", pass);
        }
        r.put("note", note);
    }

    private static double maxOther(List<JsonNode> a, List<JsonNode> b) {
        return Stream.concat(a.stream(), b.stream()).mapToDouble(n -> n.path("otherCpuShare").asDouble(0)).max()
                .orElse(0);
    }

    private List<JsonNode> wrk(String prefix) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(raw)) {
            files = s.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted(
                    java.util.Comparator.comparing(p -> {
                        String n = p.getFileName().toString().replaceAll("\\D", "");
                        return n.isEmpty() ? 0 : Integer.parseInt(n);
                    })).toList();
        }
        List<JsonNode> out = new ArrayList<>();
        for (Path p : files) {
            ObjectNode node = null;
            JsonNode cpu = null;
            for (String line : Files.readAllLines(p)) {
                if (line.startsWith("WRKJSON ")) {
                    node = (ObjectNode) JSON.readTree(line.substring(8));
                } else if (line.startsWith("SERVERCPU ")) {
                    cpu = JSON.readTree(line.substring(10));
                }
            }
            if (node != null) {
                if (cpu != null && node.path("requests").asLong() > 0) {
                    double cpuSeconds = cpu.path("ticks").asDouble() / cpu.path("ticksPerSecond").asDouble(100);
                    node.put("serverCpuSeconds", cpuSeconds);
                    node.put("serverCpuUsPerRequest", cpuSeconds * 1e6 / node.path("requests").asLong());
                    if (cpu.has("otherTicks") && cpu.path("capacityTicks").asDouble() > 0) {
                        node.put("otherCpuShare", Math.max(0, cpu.path("otherTicks").asDouble())
                                / cpu.path("capacityTicks").asDouble());
                        node.put("wrkCpuShare", cpu.path("wrkTicks").asDouble() / cpu.path("capacityTicks").asDouble());
                    }
                }
                out.add(node);
            }
        }
        return out;
    }

    private List<Long> serviceReloads() throws IOException {
        Path file = raw.resolve("service-reloads.txt");
        if (!Files.exists(file)) {
            return List.of();
        }
        List<Long> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                out.add(Long.parseLong(line.strip()));
            }
        }
        return out;
    }

    private static Double jmhMedian(Map<String, JsonNode> byName, String name) {
        JsonNode b = byName.get(name);
        return b == null ? null : medianOf(b);
    }

    private static String note(Map<String, JsonNode> byName, String name, String label) {
        Double v = jmhMedian(byName, name);
        return v == null ? label + " n/a" : String.format(Locale.ROOT, "%s %.1f %s", label, v,
                byName.get(name).path("primaryMetric").path("scoreUnit").asText().replace("/op", ""));
    }

    private static double[] rawData(JsonNode b) {
        List<Double> values = new ArrayList<>();
        for (JsonNode fork : b.path("primaryMetric").path("rawData")) {
            for (JsonNode v : fork) {
                values.add(v.asDouble());
            }
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double medianOf(JsonNode b) {
        double[] v = rawData(b);
        return v.length == 0 ? b.path("primaryMetric").path("score").asDouble() : median(v);
    }

    private static double minOf(JsonNode b) {
        return Arrays.stream(rawData(b)).min().orElse(Double.NaN);
    }

    private static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] s = values.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double medianLong(List<Long> values) {
        return median(values.stream().mapToDouble(Long::doubleValue).toArray());
    }

    private static Double round(Double value, int digits) {
        if (value == null || value.isNaN()) {
            return null;
        }
        double f = Math.pow(10, digits);
        return Math.round(value * f) / f;
    }
}
