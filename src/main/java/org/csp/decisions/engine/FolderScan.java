package org.csp.decisions.engine;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One pass over a rules folder as deployments mount it, without reading any file: which logical files there are
 * (relative path) and where each really is.
 * <ul>
 * <li>Entries whose name starts with '.' are not rules and are not entered: a Kubernetes ConfigMap volume keeps its
 * data in {@code ..data} and {@code ..<timestamp>} folders and shows each key as a link through {@code ..data}, so
 * walking those too would load every file twice; {@code .git} and editors' lock and backup files are skipped too.</li>
 * <li>Links are followed while they stay inside the folder's real path (the folder itself may be a link, as git-sync
 * makes it). A link out of it is an error naming the relative path; nothing of its target is read or shown.</li>
 * <li>A file reachable under several names (two links to one file, a linked sub-folder) is listed once, under the
 * first name; a link back to a parent folder is not entered again.</li>
 * </ul>
 * {@link java.nio.file.Files#walk} does not fit: without FOLLOW_LINKS it does not enter the ConfigMap's linked
 * sub-folders (nor a root that is a link); with it, it walks the hidden copies and follows links anywhere.
 */
final class FolderScan {

    /** A logical file: its path relative to the folder ('/' separators) and its real location. */
    record Entry(String path, Path real) {
    }

    private final Path rootReal;
    private final Predicate<String> wanted;
    private final List<Entry> files = new ArrayList<>();
    private final List<RuleError> errors = new ArrayList<>();
    private final Set<Path> directories = new LinkedHashSet<>();
    private final Set<Path> seenFiles = new HashSet<>();

    private FolderScan(Path rootReal, Predicate<String> wanted) {
        this.rootReal = rootReal;
        this.wanted = wanted;
    }

    /**
     * Scans {@code under} (a relative sub-folder, or null for the whole folder) of {@code root} for files whose relative path
     * {@code wanted} accepts. Fails only when the root itself cannot be resolved; problems with single entries are
     * collected in {@link #errors()}.
     */
    static FolderScan of(Path root, String under, Predicate<String> wanted) throws IOException {
        Path rootReal = root.toRealPath();
        FolderScan scan = new FolderScan(rootReal, wanted);
        if (under == null) {
            scan.walk(rootReal, "");
        } else {
            Path start = rootReal.resolve(under);
            if (Files.isDirectory(start)) {
                Path real = start.toRealPath();
                if (real.startsWith(rootReal)) {
                    scan.walk(real, under);
                } else {
                    scan.errors.add(new RuleError(under, 0, 0, OUTSIDE));
                }
            }
        }
        scan.files.sort(Comparator.comparing(Entry::path));
        return scan;
    }

    static final String OUTSIDE = "is a link to outside the rules folder; links are only followed inside it";

    private void walk(Path dirReal, String prefix) throws IOException {
        if (!directories.add(dirReal)) {
            return; // reached again through a link: already listed
        }
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dirReal)) {
            stream.forEach(entries::add);
        } catch (NoSuchFileException e) {
            return; // removed while we looked (a swap in progress): the caller compares two scans
        } catch (IOException e) {
            errors.add(new RuleError(prefix.isEmpty() ? null : prefix, 0, 0, "cannot be listed (" + reason(e) + ")"));
            return;
        }
        entries.sort(Comparator.comparing(p -> p.getFileName().toString()));
        for (Path entry : entries) {
            String name = entry.getFileName().toString();
            if (name.startsWith(".")) {
                continue;
            }
            String relative = prefix.isEmpty() ? name : prefix + "/" + name;
            Path real;
            try {
                real = entry.toRealPath();
            } catch (NoSuchFileException e) {
                if (Files.isSymbolicLink(entry) && wanted.test(relative)) {
                    errors.add(new RuleError(relative, 0, 0, "is a link to nothing"));
                }
                continue;
            } catch (IOException e) {
                if (wanted.test(relative)) {
                    errors.add(new RuleError(relative, 0, 0, "cannot be read (" + reason(e) + ")"));
                }
                continue;
            }
            boolean directory = Files.isDirectory(real);
            if (!real.startsWith(rootReal)) {
                if (directory || wanted.test(relative)) {
                    errors.add(new RuleError(relative, 0, 0, OUTSIDE));
                }
                continue;
            }
            if (directory) {
                walk(real, relative);
            } else if (wanted.test(relative)) {
                if (!Files.isRegularFile(real)) {
                    errors.add(new RuleError(relative, 0, 0, "is not a regular file"));
                } else if (seenFiles.add(real)) {
                    files.add(new Entry(relative, real));
                }
            }
        }
    }

    /** Why an entry could not be read, without the absolute path the JDK's messages carry. */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "it disappeared";
        }
        if (e instanceof java.nio.file.FileSystemLoopException) {
            return "links form a loop";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getClass().getSimpleName();
    }

    /** The wanted files, sorted by relative path. */
    List<Entry> files() {
        return files;
    }

    List<RuleError> errors() {
        return errors;
    }

    /** Real paths of the folders walked (the root's first): what a watcher has to watch. */
    Set<Path> directories() {
        return directories;
    }

    Path rootReal() {
        return rootReal;
    }
}
