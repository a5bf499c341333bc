package org.csp.decisions.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises the jdk.ExecutionSample events of a JFR recording (what `jfr print --events jdk.ExecutionSample`
 * lists one by one): the hottest top frames (self time), the hottest methods anywhere on the stack (total time),
 * per thread group, and the total share of a few areas of interest (JSON, validation, Drools, the product's own
 * code, logging). Usage: JfrTop recording.jfr [top N] [thread-name-prefix]
 */
public final class JfrTop {
    record Area(String name, Predicate<String> matches) {
    }

    static final List<Area> AREAS = List.of(
            new Area("jackson (JSON read/write)", m -> m.startsWith("com.fasterxml.jackson.")),
            new Area("hibernate-validator", m -> m.startsWith("org.hibernate.validator.")),
            new Area("drools/kie (rule engine)", m -> m.startsWith("org.drools.") || m.startsWith("org.kie.")
                    || m.startsWith("org.mvel2.")),
            new Area("org.csp.decisions.api (request reading)", m -> m.startsWith("org.csp.decisions.api.")),
            new Area("org.csp.decisions.engine (evaluator, assembler)", m -> m.startsWith("org.csp.decisions.engine.")),
            new Area("java.util.regex", m -> m.startsWith("java.util.regex.")),
            new Area("logging (jboss-logmanager/slf4j)", m -> m.startsWith("org.jboss.logmanager.")
                    || m.startsWith("org.slf4j.") || m.startsWith("org.jboss.logging.")),
            new Area("vert.x/netty (HTTP)", m -> m.startsWith("io.vertx.") || m.startsWith("io.netty.")),
            new Area("resteasy-reactive (REST layer)", m -> m.startsWith("org.jboss.resteasy.reactive.")
                    || m.startsWith("io.quarkus.resteasy.reactive.")),
            new Area("micrometer", m -> m.startsWith("io.micrometer.") || m.startsWith("io.quarkus.micrometer.")),
            new Area("class loading (incl. misses)", m -> m.equals("java.lang.ClassLoader.loadClass")
                    || m.startsWith("jdk.internal.loader.") || m.startsWith("io.quarkus.bootstrap.runner.RunnerClassLoader")),
            new Area("ECJ (compiling consequences)", m -> m.startsWith("org.eclipse.jdt.")),
            new Area("DRL parser (antlr)", m -> m.startsWith("org.drools.drl.parser.") || m.startsWith("org.antlr.")),
            new Area("RuleMetadataReader (second DRL parse, house rules)",
                    m -> m.startsWith("org.csp.decisions.engine.RuleMetadataReader")),
            new Area("MVEL analysis", m -> m.startsWith("org.mvel2.")),
            new Area("exceptions (fillInStackTrace)", m -> m.equals("java.lang.Throwable.fillInStackTrace")));

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        String threadPrefix = args.length > 2 ? args[2] : "";
        report(file, top, threadPrefix, System.out);
    }

    static void report(Path file, int top, String threadPrefix, PrintStream out) throws IOException {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> total = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Integer> areas = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedThread thread = event.getThread("sampledThread");
            String threadName = thread == null || thread.getJavaName() == null ? "?" : thread.getJavaName();
            if (!threadName.startsWith(threadPrefix)) {
                continue;
            }
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            threads.merge(threadName.replaceAll("[-#]?\\d+$", "-N").replaceAll("\\d+", "N"), 1, Integer::sum);
            List<RecordedFrame> frames = stack.getFrames();
            self.merge(name(frames.get(0)), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            Set<String> seenAreas = new HashSet<>();
            for (RecordedFrame frame : frames) {
                String name = name(frame);
                if (seen.add(name)) {
                    total.merge(name, 1, Integer::sum);
                }
                for (Area area : AREAS) {
                    if (area.matches().test(name) && seenAreas.add(area.name())) {
                        areas.merge(area.name(), 1, Integer::sum);
                    }
                }
            }
        }
        out.printf("%s: %d execution samples%s%n", file.getFileName(), samples,
                threadPrefix.isEmpty() ? "" : " on threads " + threadPrefix + "*");
        if (samples == 0) {
            return;
        }
        print(out, "threads", threads, samples, 10);
        print(out, "areas (share of samples with the area anywhere on the stack)", areas, samples, AREAS.size());
        print(out, "top frames (self)", self, samples, top);
        print(out, "methods on the stack (total)", total, samples, top);
    }

    private static void print(PrintStream out, String title, Map<String, Integer> counts, int samples, int top) {
        out.println();
        out.println("== " + title);
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(top)
                .forEach(e -> out.printf("%6.1f%%  %6d  %s%n", 100.0 * e.getValue() / samples, e.getValue(), e.getKey()));
    }

    private static String name(RecordedFrame frame) {
        RecordedMethod method = frame.getMethod();
        if (method == null) {
            return "?";
        }
        return method.getType().getName() + "." + method.getName();
    }
}
