package org.csp.decisions.engine;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.csp.decisions.config.RulesConfig;
import org.jboss.logging.Logger;

/**
 * Start-up: builds and warms the rule set on a thread of its own from the first line of {@code main}, while Quarkus
 * boots. Quarkus fires {@code StartupEvent}, where {@link RuleEngine} loads the rules, only after its own boot (about
 * 1 s of a 2.5 s start on 2 cores), and it offers application code no earlier hook with the run-time configuration;
 * so the preload reads the {@code rules.*} keys itself, with SmallRye Config as Quarkus does (system properties,
 * environment, the bundled application.properties, the same mapping and converters). It is only a guess made early:
 * {@link RuleEngine} takes its result only when the inputs it was made from ({@link Inputs}) equal those of the real
 * configuration and the folder still has the same version; otherwise (another profile, a {@code .env} file, a file
 * changed meanwhile, any failure) the preload is thrown away and the rules are loaded as before. It never serves
 * anything by itself, and the checks that need the service (the verifiers, such as the case gate) still run in
 * {@link RuleEngine}.
 */
public final class RulePreload {
    private static final Logger LOG = Logger.getLogger(RulePreload.class);
    private static volatile CompletableFuture<Preloaded> pending;
    private static volatile String skipped;

    private RulePreload() {
    }

    /**
     * What a preloaded rule set was built and warmed from: the folder, the limits, the compiled-rules cache and the
     * evaluation limits of the warm-up. Equal inputs and an equal folder version give the same build.
     */
    record Inputs(String folder, RuleSetLimits limits, Path cacheDirectory, int cacheMaxEntries, long cacheMaxBytes,
            int maxFirings, Duration evaluationTimeout) {
        static Inputs of(RulesConfig config) {
            return new Inputs(config.directory().map(d -> d.toAbsolutePath().normalize().toString()).orElse(""),
                    RuleSetLimits.of(config),
                    config.cacheDirectory().orElseGet(CompiledRulesCache::defaultDirectory).toAbsolutePath().normalize(),
                    config.cacheMaxEntries(), config.cacheMaxSize().asLongValue(), config.maxFirings(),
                    config.evaluationTimeout());
        }
    }

    /** A build made ahead, with the outcome of the first warm-up round on it (null: it passed). */
    record Preloaded(Inputs inputs, RuleSetBuilder builder, String version, BuildResult build, RuleError warmUpError) {
        void discard() {
            if (build.ok()) {
                build.ruleSet().retire();
            }
        }
    }

    /** From {@code main}, before Quarkus boots. Never throws: without a preload the rules load as they always did. */
    public static void start() {
        try {
            RulesConfig config = standaloneConfig();
            if (!config.serve()) {
                return;
            }
            Inputs inputs = Inputs.of(config);
            CompletableFuture<Preloaded> result = new CompletableFuture<>();
            Thread thread = new Thread(() -> {
                try {
                    result.complete(preload(config, inputs));
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            }, "rules-preload");
            thread.setDaemon(true);
            pending = result;
            thread.start();
        } catch (Throwable e) {
            pending = null;
            skipped = e.toString(); // logged by take(): logging is not set up yet
        }
    }

    /** The {@code rules.*} configuration as Quarkus will see it in the common cases (see the class comment). */
    static RulesConfig standaloneConfig() throws java.io.IOException {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .addDefaultSources() // system properties, environment variables
                .withProfile(System.getProperty("quarkus.profile",
                        System.getenv().getOrDefault("QUARKUS_PROFILE", "prod")))
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(MemorySize.class, 200, new MemorySizeConverter())
                .withMapping(RulesConfig.class)
                .withValidateUnknown(false);
        URL properties = RulePreload.class.getClassLoader().getResource("application.properties");
        if (properties != null) {
            builder.withSources(new PropertiesConfigSource(properties, 250));
        }
        SmallRyeConfig config = builder.build();
        return config.getConfigMapping(RulesConfig.class);
    }

    static Preloaded preload(RulesConfig config, Inputs inputs) throws java.io.IOException {
        RulesFolder folder = RuleEngine.servedFolder(config);
        RuleSetBuilder builder = RuleEngine.newBuilder(config);
        List<RuleFile> files = folder.ruleFiles(builder.limits());
        BuildResult build = builder.build(files, folder.description());
        RuleError warmUpError = null;
        if (build.ok()) {
            // The first warm-up round, on threads of its own (the service's are not made yet): the same one-off costs
            // and the same runaway check as RuleEngine's, under the same firing cap and time limit.
            RuleThreads threads = new RuleThreads(2, 16, 2, true);
            try {
                warmUpError = WarmUp.firstRound(build.ruleSet(),
                        new Evaluator(new RuleSetHolder(), config.maxFirings(), config.evaluationTimeout(), threads));
            } finally {
                threads.close();
            }
        }
        return new Preloaded(inputs, builder, build.version(), build, warmUpError);
    }

    /**
     * The preload, waited for, if it was made from these inputs; null otherwise (or when there was none). Once: later
     * calls return null.
     */
    static Preloaded take(RulesConfig config) {
        CompletableFuture<Preloaded> result = pending;
        pending = null;
        if (result == null) {
            if (skipped != null) {
                LOG.debugf("no rules preload (%s); loading the rules now", skipped);
                skipped = null;
            }
            return null;
        }
        Preloaded preloaded;
        try {
            preloaded = result.join();
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            // Debug only: the load that follows meets the same problem (a missing folder, say) and reports it once.
            LOG.debugf("the rules preload failed (%s); loading the rules now", e.getCause());
            return null;
        }
        Inputs inputs = Inputs.of(config);
        if (!preloaded.inputs().equals(inputs)) {
            LOG.infof("the rules preload read another configuration (%s, the service has %s); loading the rules now",
                    preloaded.inputs(), inputs);
            preloaded.discard();
            return null;
        }
        return preloaded;
    }
}
