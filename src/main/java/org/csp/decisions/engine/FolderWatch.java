package org.csp.decisions.engine;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Notices every change to a rules folder, however the deployment makes it, and asks for a reload after a quiet
 * period. What is watched is worked out again before every reload and rescan, because the usual ways of changing a
 * mounted folder replace directories instead of editing files:
 * <ul>
 * <li>a Kubernetes ConfigMap update writes a new {@code ..<timestamp>} folder and renames {@code ..data_tmp} over
 * {@code ..data} (events in the root);</li>
 * <li>git-sync (or {@code ln -sfn}) swaps the link that is the root: the old target is deleted, so its watch dies
 * silently; the link's parent is watched for the link's name;</li>
 * <li>{@code mv new rules} puts a different directory at the same path: the parent is watched for the name, and a
 * directory whose identity (file key) changed is registered again;</li>
 * <li>a linked file whose target changes: the folder that really holds each file is watched too.</li>
 * </ul>
 * A content-hash rescan every {@code rescanInterval} catches anything the events still miss (network file systems,
 * overflowed event queues): it reloads only when the folder's version is neither served nor the last one tried.
 * <p>
 * Hand-written on {@link WatchService} because no library in the stack re-resolves a swapped root: Quarkus' own
 * file watching is for dev mode only, and commons-io's monitor polls every file (this does too, but only as the
 * backstop).
 */
final class FolderWatch implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(FolderWatch.class);

    /** What the watch drives: the rule engine, or a test's recorder. */
    interface Target {
        void reload(String trigger);

        /** True if this version is served or was the last one tried (so a rescan need not reload it). */
        boolean knows(String version);
    }

    /** One watched directory: its key, its identity when registered, and the names that matter (null: all). */
    private record Registration(WatchKey key, Object fileKey, Set<String> names) {
    }

    private final RulesFolder folder;
    private final Target target;
    private final long debounceMillis;
    private final WatchService watcher;
    private final ScheduledExecutorService scheduler;
    private final Map<Path, Registration> registrations = new HashMap<>(); // scheduler thread only
    private final Map<WatchKey, Set<String>> filters = new ConcurrentHashMap<>();
    private final Thread thread;
    private ScheduledFuture<?> pending;
    private String lastRescanError;

    FolderWatch(RulesFolder folder, Duration debounce, Duration rescanInterval, Target target) throws IOException {
        this.folder = folder;
        this.target = target;
        this.debounceMillis = debounce.toMillis();
        this.watcher = FileSystems.getDefault().newWatchService();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "rules-reload"));
        try {
            scheduler.submit(this::refresh).get();
        } catch (Exception e) {
            close();
            throw new IOException("cannot watch the rules folder: " + e.getMessage(), e);
        }
        if (!rescanInterval.isZero() && !rescanInterval.isNegative()) {
            scheduler.scheduleWithFixedDelay(this::rescan, rescanInterval.toMillis(), rescanInterval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        thread = daemon(this::loop, "rules-watch");
        thread.start();
    }

    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        scheduler.shutdownNow();
    }

    /** Number of directories watched now (for tests and the log). */
    int watchedDirectoryCount() {
        try {
            return scheduler.submit(registrations::size).get();
        } catch (Exception e) {
            return -1;
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
            Set<String> names = filters.get(key);
            boolean relevant = false;
            for (WatchEvent<?> event : key.pollEvents()) {
                if (names == null || event.kind() == StandardWatchEventKinds.OVERFLOW
                        || (event.context() instanceof Path p && names.contains(p.toString()))) {
                    relevant = true;
                }
            }
            if (!key.reset()) {
                relevant = true; // the directory is gone (deleted or swapped away): find out what replaced it
            }
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
        try {
            pending = scheduler.schedule(() -> {
                refresh();
                reload("file change");
            }, debounceMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed
        }
    }

    private void reload(String trigger) {
        try {
            target.reload(trigger);
        } catch (RuntimeException e) {
            LOG.error("rule reload failed unexpectedly", e);
        }
    }

    /** The backstop: reload if the folder's content hash is one the service has neither served nor tried. */
    private void rescan() {
        refresh();
        String version;
        try {
            version = RuleSetBuilder.version(folder.ruleFiles());
            lastRescanError = null;
        } catch (IOException | RuntimeException e) {
            if (!Objects.equals(e.getMessage(), lastRescanError)) {
                lastRescanError = e.getMessage();
                reload("rescan");
            }
            return;
        }
        if (!target.knows(version)) {
            LOG.warnf("rescan: the rules folder changed to %s without a file event; reloading", version);
            reload("rescan");
        }
    }

    /**
     * Registers every directory that matters now and cancels those that no longer do: the folders of the tree (all
     * events), and the parent of the root and of every link on the way to it (only events for that name).
     */
    private void refresh() {
        Map<Path, Set<String>> wanted = new HashMap<>();
        for (Path dir : folder.watchedDirectories()) {
            wanted.put(dir, null);
        }
        for (Path p = folder.root(); p != null && p.getParent() != null; p = p.getParent()) {
            if (p.equals(folder.root()) || Files.isSymbolicLink(p)) {
                try {
                    Path parent = p.getParent().toRealPath();
                    if (!wanted.containsKey(parent) || wanted.get(parent) != null) {
                        Set<String> names = new HashSet<>(wanted.getOrDefault(parent, Set.of()));
                        names.add(p.getFileName().toString());
                        wanted.put(parent, names);
                    }
                } catch (IOException e) {
                    // the parent is gone too; the rescan keeps looking
                }
            }
        }
        registrations.entrySet().removeIf(e -> {
            Registration r = e.getValue();
            boolean keep = wanted.containsKey(e.getKey()) && r.key().isValid()
                    && Objects.equals(r.fileKey(), fileKey(e.getKey()));
            if (!keep) {
                r.key().cancel();
                filters.remove(r.key());
            }
            return !keep;
        });
        wanted.forEach((dir, names) -> {
            Registration existing = registrations.get(dir);
            if (existing != null && Objects.equals(existing.names(), names)) {
                return;
            }
            try {
                Object identity = fileKey(dir);
                WatchKey key = dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY);
                registrations.put(dir, new Registration(key, identity, names));
                if (names == null) {
                    filters.remove(key);
                } else {
                    filters.put(key, Set.copyOf(names));
                }
            } catch (IOException | ClosedWatchServiceException e) {
                // gone between the scan and now: the next event or rescan registers its successor
            }
        });
    }

    private static Object fileKey(Path dir) {
        try {
            return Files.readAttributes(dir, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread t = new Thread(runnable, name);
        t.setDaemon(true);
        return t;
    }
}
