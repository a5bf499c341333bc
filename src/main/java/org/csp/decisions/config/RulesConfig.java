package org.csp.decisions.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Everything about where rules come from and how they run ({@code rules.*}, or env {@code RULES_*}). */
@ConfigMapping(prefix = "rules")
public interface RulesConfig {

    /** Folder of .drl files (searched recursively) to serve instead of the bundled rules. */
    Optional<Path> directory();

    /** Watch {@link #directory()} and reload on change. */
    @WithDefault("true")
    boolean watch();

    /** Quiet period after the last file change before a reload starts (one reload for a burst of saves). */
    @WithDefault("300ms")
    Duration reloadDebounce();

    /** Cap on rule firings per evaluation; a looping rule is stopped here. */
    @WithDefault("10000")
    int maxFirings();

    /** Time limit per evaluation. */
    @WithDefault("2s")
    Duration evaluationTimeout();

    /** Bearer token for the admin endpoints; they are disabled when it is not set. */
    Optional<String> adminToken();

    /**
     * Refuse a reload whose cases ({@code <ID>.cases.json} beside each rule, or under {@code cases/} in an older
     * folder) fail, like a compile error.
     */
    @WithDefault("false")
    boolean requirePassingCases();
}
