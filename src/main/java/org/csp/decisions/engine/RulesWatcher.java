package org.csp.decisions.engine;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.csp.decisions.config.RulesConfig;
import org.jboss.logging.Logger;

/**
 * Watches {@code rules.directory} (recursively) and reloads after a quiet period, so an editor's save-by-rename or
 * a {@code git pull} touching many files gives one reload. Reloads run on this watcher's own thread, never on a
 * request thread. Inactive for the bundled rules or with {@code rules.watch=false}.
 */
@ApplicationScoped
public class RulesWatcher {
    private static final Logger LOG = Logger.getLogger(RulesWatcher.class);

    @Inject
    RulesConfig config;
    @Inject
    RuleEngine engine;

    private WatchService watcher;
    private ScheduledExecutorService scheduler;
    private ScheduledFuture<?> pending;
    private Thread thread;

    void onStart(@Observes StartupEvent event) {
        if (config.directory().isEmpty() || !config.watch()) {
            return;
        }
        Path root = engine.folder().root();
        try {
            watcher = FileSystems.getDefault().newWatchService();
            registerTree(root);
        } catch (IOException e) {
            LOG.errorf("cannot watch %s for changes: %s; use POST /rules/reload", root, e.getMessage());
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "rules-reload"));
        thread = daemon(this::loop, "rules-watch");
        thread.start();
        LOG.infof("watching %s for rule changes (debounce %d ms)", root, config.reloadDebounce().toMillis());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException ignored) {
                // shutting down
            }
            scheduler.shutdownNow();
        }
    }

    private void loop() {
        while (true) {
            WatchKey key;
            try {
                key = watcher.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            boolean relevant = false;
            for (WatchEvent<?> event : key.pollEvents()) {
                // Hidden files and folders (the workbench's history, editors' swap files) are never rules.
                if (event.context() instanceof Path name && name.toString().startsWith(".")) {
                    continue;
                }
                relevant = true;
                if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && key.watchable() instanceof Path dir) {
                    Path created = dir.resolve((Path) event.context());
                    if (Files.isDirectory(created)) {
                        registerQuietly(created);
                    }
                }
            }
            key.reset();
            if (relevant) {
                scheduleReload();
            }
        }
    }

    /** Restarts the quiet period; the reload runs once no change has been seen for the debounce time. */
    private synchronized void scheduleReload() {
        if (pending != null) {
            pending.cancel(false);
        }
        pending = scheduler.schedule(() -> {
            try {
                engine.reload("file change");
            } catch (RuntimeException e) {
                LOG.error("rule reload failed unexpectedly", e);
            }
        }, config.reloadDebounce().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void registerTree(Path root) throws IOException {
        try (Stream<Path> dirs = Files.walk(root)) {
            for (Path dir : (Iterable<Path>) dirs.filter(Files::isDirectory)
                    .filter(d -> d.equals(root) || !RulesFolder.isHidden(root.relativize(d).toString().replace('\\', '/')))::iterator) {
                dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                        StandardWatchEventKinds.ENTRY_MODIFY);
            }
        }
    }

    private void registerQuietly(Path dir) {
        try {
            registerTree(dir);
        } catch (IOException e) {
            LOG.warnf("cannot watch new folder %s: %s", dir, e.getMessage());
        }
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread t = new Thread(runnable, name);
        t.setDaemon(true);
        return t;
    }
}
