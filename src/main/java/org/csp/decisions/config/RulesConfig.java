package org.csp.decisions.config;

import io.quarkus.runtime.configuration.MemorySize;
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

    /**
     * Load and serve rules at start-up. {@code bin/check-rules} turns it off: the check builds the folder it is given
     * itself, and loading (and warming up) the service's own rules first only made it slower.
     */
    @WithDefault("true")
    boolean serve();

    /** Watch {@link #directory()} and reload on change. */
    @WithDefault("true")
    boolean watch();

    /** Quiet period after the last file change before a reload starts (one reload for a burst of saves). */
    @WithDefault("300ms")
    Duration reloadDebounce();

    /**
     * Interval of the content-hash rescan of a watched {@link #directory()}: a change no file event reported (a
     * network file system, an overflowed event queue) is served within this time. 0 turns it off.
     */
    @WithDefault("10s")
    Duration rescanInterval();

    /** Cap on rule firings per evaluation; a looping rule is stopped here. */
    @WithDefault("10000")
    int maxFirings();

    /** Time limit per evaluation. */
    @WithDefault("2s")
    Duration evaluationTimeout();

    /**
     * Threads that evaluate rules (a pool of their own, apart from the HTTP worker threads); unset: twice the number
     * of processors. Batch items run on half as many more, at the lowest priority.
     */
    java.util.OptionalInt evaluationThreads();

    /** Evaluations waiting for a rule thread before new ones are refused with 503 and Retry-After. */
    @WithDefault("64")
    int evaluationQueue();

    /**
     * A rule whose consequence is still running after the time limit and the halt and interrupt on this many calls is
     * quarantined: taken out of the served set until its file changes.
     */
    @WithDefault("3")
    int quarantineAfter();

    /** Stop a consequence that is stuck past its time limit with Thread.stop, reclaiming its thread. */
    @WithDefault("true")
    boolean reclaimStuckThreads();

    /** Stuck threads tolerated (each replaced by a new one); past this, liveness is DOWN so the process is restarted. */
    @WithDefault("8")
    int maxStuckThreads();

    /** Bearer token for the admin endpoints; they are disabled when it is not set. */
    Optional<String> adminToken();

    /**
     * Refuse a reload whose cases ({@code <ID>.cases.json} beside each rule, or under {@code cases/} in an older
     * folder) fail, like a compile error.
     */
    @WithDefault("false")
    boolean requirePassingCases();

    /** A rule set with fewer rules is FAILED (an empty set would tell every caller that nothing applies). */
    @WithDefault("1")
    int minRules();

    /** A rule set with more rules is FAILED before it is compiled. */
    @WithDefault("2000")
    int maxRules();

    /** A rules folder with more .drl files is FAILED before any is read. */
    @WithDefault("1000")
    int maxFiles();

    /** A .drl file larger than this is FAILED before it is read. */
    @WithDefault("4M")
    MemorySize maxFileSize();

    /** .drl files adding up to more than this are FAILED before any is read. */
    @WithDefault("8M")
    MemorySize maxFolderSize();

    /**
     * Folder of the compiled-rules cache (CompiledRulesCache): a rule set compiled before is loaded from here instead
     * of compiled again. Unset: {@code csp-rules-cache-<user>} in the OS temp folder. Created 700; refused (the cache
     * off, one warning) if it is open to other users.
     */
    Optional<Path> cacheDirectory();

    /**
     * Entries the compiled-rules cache keeps (the most recently used): one per rule file (or one per rule set whose
     * files share functions or declarations); 0 turns the cache off.
     */
    @WithDefault("2000")
    int cacheMaxEntries();

    /** Bytes the compiled-rules cache may hold in all (the bundled rules take about 1 MB in all). */
    @WithDefault("64M")
    MemorySize cacheMaxSize();
}
