package org.csp.decisions.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.WithDefault;
import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/**
 * How much evaluation work may be in flight at once ({@code evaluate.*}, or env {@code EVALUATE_*}); the excess is
 * answered 503 with {@code Retry-After} instead of running the heap out. The defaults held under -Xmx512m in
 * bench/attack/input-attacks.sh (24 concurrent 4 MiB batches); raise them with the heap. A batch in flight holds its
 * body, its JSON tree, its evaluations and its answer (about 24 KB of JSON per A.10 item) at once.
 */
@ConfigMapping(prefix = "evaluate")
public interface EvaluateConfig {

    Batch batch();

    Single single();

    /** What the 503 answers advise in {@code Retry-After}. */
    @WithDefault("1s")
    Duration retryAfter();

    interface Batch {
        /** Request bodies of /evaluate/batch being read or evaluated at once (declared Content-Length, else 4 MiB). */
        @WithDefault("16M")
        MemorySize maxInFlightBytes();

        /** Batch items being evaluated at once, over all batches. */
        @WithDefault("2000")
        int maxInFlightItems();
    }

    interface Single {
        /** Request bodies of /evaluate being read or evaluated at once (declared Content-Length, else 256 KiB). */
        @WithDefault("32M")
        MemorySize maxInFlightBytes();
    }
}
