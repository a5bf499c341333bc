package org.csp.decisions.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.csp.decisions.config.RulesConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The start-up preload ({@link RulePreload}): its own reading of the configuration agrees with Quarkus', and its build
 * is taken only for the configuration it was made from.
 */
@QuarkusTest
class RulePreloadTest {
    @Inject
    RulesConfig serviceConfig;

    @AfterEach
    void clear() {
        System.clearProperty("rules.max-rules");
        System.clearProperty("rules.evaluation-timeout");
        System.clearProperty("rules.cache-directory");
        RulePreload.take(serviceConfig); // nothing left pending for other tests
    }

    @Test
    void readsTheRulesConfigurationAsQuarkusDoes() throws Exception {
        // Same defaults, same converters (durations like 2s, sizes like 4M), same bundled application.properties.
        assertEquals(RulePreload.Inputs.of(serviceConfig), RulePreload.Inputs.of(RulePreload.standaloneConfig()));
        System.setProperty("rules.max-rules", "123");
        System.setProperty("rules.evaluation-timeout", "750ms");
        RulesConfig changed = RulePreload.standaloneConfig();
        assertEquals(123, changed.maxRules());
        assertEquals(Duration.ofMillis(750), changed.evaluationTimeout());
        assertNotEquals(RulePreload.Inputs.of(serviceConfig), RulePreload.Inputs.of(changed));
    }

    @Test
    void aPreloadIsTakenOnlyForTheConfigurationItWasMadeFrom() throws Exception {
        Path cache = Files.createTempDirectory("preload-cache");
        System.setProperty("rules.cache-directory", cache.toString());
        RulePreload.start();
        System.clearProperty("rules.cache-directory");
        // The service's configuration has another cache folder: the preload is thrown away, never served.
        assertNull(RulePreload.take(serviceConfig));
        assertNull(RulePreload.take(serviceConfig), "taken once");

        System.setProperty("rules.cache-directory", cache.toString());
        RulesConfig same = RulePreload.standaloneConfig();
        RulePreload.start();
        RulePreload.Preloaded preloaded = RulePreload.take(same);
        assertTrue(preloaded.build().ok(), () -> preloaded.build().errors().toString());
        assertNull(preloaded.warmUpError());
        assertEquals(RuleSetBuilder.version(RulesFolder.bundled().ruleFiles(RuleSetLimits.DEFAULTS)), preloaded.version());
        assertTrue(preloaded.build().ruleSet().rules().stream().anyMatch(r -> "LEG-001".equals(r.findingId())));
        preloaded.discard();
    }
}
