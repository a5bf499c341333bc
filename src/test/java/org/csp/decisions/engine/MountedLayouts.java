package org.csp.decisions.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Rules folders laid out and changed the way deployments do it, step by step as the real tools do.
 */
final class MountedLayouts {
    private MountedLayouts() {
    }

    /**
     * Kubernetes' AtomicWriter (pkg/volume/util/atomic_writer.go), as kubelet projects a ConfigMap volume: the payload
     * (relative path -> content; keys with '/' come from {@code items[].path}) goes into a new
     * {@code ..<yyyy_MM_dd_HH_mm_ss>.<random>} folder, a link {@code ..data_tmp} to it is renamed over {@code ..data}
     * (the atomic step), each top-level name is a link {@code name -> ..data/name} (created if missing), names no
     * longer in the payload are removed, and the previous timestamped folder is deleted.
     */
    static void configMap(Path target, Map<String, String> payload) {
        try {
            Files.createDirectories(target);
            Path data = target.resolve("..data");
            String oldTs = Files.isSymbolicLink(data) ? Files.readSymbolicLink(data).toString() : null;
            Set<String> oldTop = oldTs == null ? Set.of() : topLevel(target.resolve(oldTs));
            String tsName = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("..yyyy_MM_dd_HH_mm_ss."))
                    + ThreadLocalRandom.current().nextInt(100_000_000, 999_999_999);
            Path ts = Files.createDirectory(target.resolve(tsName));
            write(ts, payload);
            Path tmp = target.resolve("..data_tmp");
            Files.createSymbolicLink(tmp, Path.of(tsName));
            Files.move(tmp, data, StandardCopyOption.ATOMIC_MOVE); // rename(2): replaces the old ..data link at once
            Set<String> newTop = topLevel(ts);
            for (String name : newTop) {
                Path visible = target.resolve(name);
                if (!Files.isSymbolicLink(visible)) {
                    Files.createSymbolicLink(visible, Path.of("..data", name));
                }
            }
            for (String name : oldTop) {
                if (!newTop.contains(name)) {
                    Files.deleteIfExists(target.resolve(name));
                }
            }
            if (oldTs != null) {
                deleteTree(target.resolve(oldTs));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * git-sync: each revision is checked out into its own folder and the link the service reads ({@code link}) is
     * swapped to it atomically (a new link renamed over the old one); the old checkout is then deleted.
     */
    static void gitSync(Path link, Map<String, String> payload) {
        try {
            Path parent = link.getParent();
            Path old = Files.isSymbolicLink(link) ? parent.resolve(Files.readSymbolicLink(link)) : null;
            String rev = "rev-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 8);
            write(Files.createDirectories(parent.resolve(".worktrees").resolve(rev)), payload);
            Path tmp = parent.resolve("tmp-link-" + rev);
            Files.createSymbolicLink(tmp, Path.of(".worktrees", rev));
            Files.move(tmp, link, StandardCopyOption.ATOMIC_MOVE);
            if (old != null) {
                deleteTree(old);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A deploy script's {@code mv}: the new folder is written beside, the old one moved away, the new one moved in. */
    static void mvReplace(Path folder, Map<String, String> payload) {
        try {
            Path fresh = folder.resolveSibling(folder.getFileName() + ".new");
            write(Files.createDirectories(fresh), payload);
            Path old = folder.resolveSibling(folder.getFileName() + ".old");
            if (Files.exists(folder)) {
                Files.move(folder, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(fresh, folder, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(old);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes plain files (relative path -> content) below dir. */
    static void write(Path dir, Map<String, String> payload) throws IOException {
        for (Map.Entry<String, String> e : payload.entrySet()) {
            Path file = dir.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
        }
    }

    /** The bundled rules folder as a payload (relative path -> content). */
    static Map<String, String> bundledRules() {
        Path source = Path.of("src/main/resources/rules");
        try (Stream<Path> paths = Files.walk(source)) {
            Map<String, String> payload = new TreeMap<>();
            for (Path p : (Iterable<Path>) paths.filter(Files::isRegularFile)::iterator) {
                payload.put(source.relativize(p).toString().replace('\\', '/'), Files.readString(p));
            }
            return payload;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Set<String> topLevel(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
