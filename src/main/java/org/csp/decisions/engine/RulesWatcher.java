package org.csp.decisions.engine;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import org.csp.decisions.config.RulesConfig;
import org.jboss.logging.Logger;

/**
 * Watches {@code rules.directory} and reloads after a quiet period, so an editor's save-by-rename, a {@code git pull}
 * touching many files or a ConfigMap update gives one reload; a periodic content-hash rescan catches what events
 * miss (see {@link FolderWatch} for the layouts and swaps it follows). Reloads run on the watcher's own thread, never
 * on a request thread. Inactive for the bundled rules or with {@code rules.watch=false}.
 */
@ApplicationScoped
public class RulesWatcher {
    private static final Logger LOG = Logger.getLogger(RulesWatcher.class);

    @Inject
    RulesConfig config;
    @Inject
    RuleEngine engine;

    private FolderWatch watch;

    void onStart(@Observes StartupEvent event) {
        if (config.directory().isEmpty() || !config.watch() || !config.serve()) {
            return;
        }
        try {
            watch = new FolderWatch(engine.folder(), config.reloadDebounce(), config.rescanInterval(),
                    new FolderWatch.Target() {
                        @Override
                        public void reload(String trigger) {
                            engine.reload(trigger);
                        }

                        @Override
                        public boolean knows(String version) {
                            ReloadResult last = engine.lastReload();
                            return (engine.isServing() && version.equals(engine.current().version()))
                                    || (last != null && version.equals(last.version()));
                        }
                    });
        } catch (IOException e) {
            LOG.errorf("cannot watch %s for changes: %s; use POST /rules/reload", engine.folder().description(),
                    e.getMessage());
            return;
        }
        LOG.infof("watching %s for rule changes (debounce %d ms, rescan every %d s)", engine.folder().description(),
                config.reloadDebounce().toMillis(), config.rescanInterval().toSeconds());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (watch != null) {
            watch.close();
        }
    }
}
