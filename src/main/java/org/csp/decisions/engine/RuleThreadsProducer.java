package org.csp.decisions.engine;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.csp.decisions.config.RulesConfig;

/** The one {@link RuleThreads} pool of the process, sized from {@code rules.*}, closed at shutdown. */
@ApplicationScoped
public class RuleThreadsProducer {

    @Produces
    @Singleton
    RuleThreads ruleThreads(RulesConfig config) {
        int threads = config.evaluationThreads().orElse(Math.max(2, Runtime.getRuntime().availableProcessors() * 2));
        return new RuleThreads(Math.max(1, threads), config.evaluationQueue(), config.maxStuckThreads(),
                config.reclaimStuckThreads());
    }

    /** After the HTTP server has let the requests in flight finish (quarkus.shutdown.timeout). */
    void close(@Disposes RuleThreads threads) {
        threads.close();
    }
}
