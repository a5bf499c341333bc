package org.csp.decisions.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.csp.decisions.api.RequestReader;
import org.csp.decisions.engine.BuildResult;
import org.csp.decisions.engine.RuleFile;
import org.csp.decisions.engine.RuleSet;
import org.csp.decisions.engine.RuleSetBuilder;
import org.csp.decisions.engine.RulesFolder;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/** What the benchmarks share: quiet logging, the A.10 body, a validator, the service's JSON mapper, rule sets. */
public final class BenchSupport {
    /** Strong references: JUL (and the JBoss LogManager behind it) keep loggers weakly. */
    private static final List<Logger> QUIETED = new ArrayList<>();

    /** Same defaults as the product: application.properties has no rules.max-firings / evaluation-timeout. */
    public static final int MAX_FIRINGS = 10_000;
    public static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** Rule threads for the in-process benchmarks (evaluations run on them, as in the service). */
    public static final org.csp.decisions.engine.RuleThreads THREADS =
            new org.csp.decisions.engine.RuleThreads(Math.max(2, Runtime.getRuntime().availableProcessors() * 2), 64, 8, true);

    private BenchSupport() {
    }

    /**
     * Outside Quarkus, slf4j-jboss-logmanager reports Drools' TRACE as enabled and every evaluation formats trace
     * messages. Sets org.drools, org.kie and org.mvel2 to WARN (as application.properties does in the service) and
     * fails if TRACE or DEBUG is still on, so a benchmark never measures logging by accident.
     */
    public static synchronized void quietLogging() {
        if (Boolean.getBoolean("bench.noisyLogging")) {
            // only to demonstrate the slowdown this method prevents
            System.err.println("bench.noisyLogging: logging levels left as they are; TRACE enabled for Drools: "
                    + org.slf4j.LoggerFactory.getLogger("org.drools.core.phreak.RuleExecutor").isTraceEnabled());
            return;
        }
        if (QUIETED.isEmpty()) {
            for (String name : List.of("org.drools", "org.kie", "org.mvel2", "org.hibernate.validator")) {
                Logger logger = Logger.getLogger(name);
                logger.setLevel(Level.WARNING);
                QUIETED.add(logger);
            }
        }
        for (String probe : List.of("org.drools.core.phreak.RuleExecutor", "org.drools.core.common.DefaultAgenda",
                "org.drools.compiler.kie.builder.impl.KieBuilderImpl", "org.kie.api.builder")) {
            org.slf4j.Logger slf = org.slf4j.LoggerFactory.getLogger(probe);
            if (slf.isTraceEnabled() || slf.isDebugEnabled()) {
                throw new IllegalStateException("logging is still on for " + probe + " (" + slf.getClass().getName()
                        + "); run with -Djava.util.logging.manager=org.jboss.logmanager.LogManager "
                        + "-Dlogging.configuration=file:bench/logging.properties");
            }
        }
    }

    /** true if the JBoss LogManager is the JUL manager (the configuration the service runs with). */
    public static String logManager() {
        return java.util.logging.LogManager.getLogManager().getClass().getName();
    }

    /** The A.10 example request (examples/a10-request.json, copied into the benchmarks jar), or -Dbench.request. */
    public static byte[] a10Body() {
        try {
            String override = System.getProperty("bench.request");
            if (override != null) {
                return Files.readAllBytes(Path.of(override));
            }
            try (InputStream in = BenchSupport.class.getResourceAsStream("/bench/a10-request.json")) {
                if (in == null) {
                    throw new IllegalStateException("bench/a10-request.json is not on the class path");
                }
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Bean Validation validator as Quarkus would give RequestReader, without EL. */
    public static Validator validator() {
        return Validation.byDefaultProvider().configure()
                .messageInterpolator(new ParameterMessageInterpolator())
                .buildValidatorFactory().getValidator();
    }

    public static RequestReader requestReader() {
        return new RequestReader(validator());
    }

    /**
     * The mapper quarkus-rest-jackson writes responses with: Quarkus' default ObjectMapper (jdk8, jsr310 and
     * parameter-names modules, ISO dates, unknown properties ignored).
     */
    public static ObjectMapper responseMapper() {
        return JsonMapper.builder()
                .addModule(new Jdk8Module())
                .addModule(new JavaTimeModule())
                .addModule(new ParameterNamesModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    /** What the service writes answers with: Quarkus' defaults plus the product's customizer (FindingJson). */
    public static ObjectMapper productResponseMapper() {
        ObjectMapper mapper = responseMapper();
        new org.csp.decisions.api.FindingJson().customize(mapper);
        return mapper;
    }

    public static List<RuleFile> bundledRules() {
        try {
            return RulesFolder.bundled().ruleFiles();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Builds a rule set or fails with the errors. */
    public static RuleSet build(RuleSetBuilder builder, List<RuleFile> files, String origin) {
        BuildResult result = builder.build(files, origin);
        if (!result.ok()) {
            throw new IllegalStateException("build failed: " + result.errors());
        }
        return result.ruleSet();
    }

    /** The bundled files plus a comment-only file, so each build has a distinct version, as an analyst's edit would. */
    public static List<RuleFile> distinct(List<RuleFile> files, long n) {
        List<RuleFile> out = new ArrayList<>(files);
        out.add(new RuleFile("zz-bench-edit.drl", "package org.csp.rules.benchedit;\n// edit " + n + "\n"));
        return out;
    }

    /** Used heap after full GCs (the minimum of a few readings). */
    public static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
