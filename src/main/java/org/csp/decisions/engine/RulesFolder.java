package org.csp.decisions.engine;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A folder of rules: one folder per area with a {@code .drl} file per finding and its {@code <ID>.cases.json} beside
 * it (any depth works, except hidden entries such as {@code .workbench/}, {@code .git/} or a ConfigMap's
 * {@code ..data}; an older folder with its cases under {@code cases/} still loads), plus the aggregate file. The
 * bundled rules are the same kind of folder, read from the application's own jar or classes directory, so copying
 * {@code src/main/resources/rules} elsewhere and pointing {@code rules.directory} at it works unchanged.
 */
public final class RulesFolder {
    public static final String BUNDLED_ROOT = "rules";
    /** A finding's case file beside its rule: {@code coordination/COO-007.cases.json}. */
    public static final String CASES_SUFFIX = ".cases.json";
    private static volatile FileSystem jarFileSystem;

    /** What GET /rules, readiness and reload errors call a folder on disk: never its absolute path. */
    public static final String DIRECTORY_ORIGIN = "rules.directory";
    /** Attempts to read a folder that is being swapped (ConfigMap update, git-sync) before giving up. */
    private static final int READ_ATTEMPTS = 5;

    private final Path root;
    private final String description;
    private final String location;

    private RulesFolder(Path root, String description, String location) {
        this.root = root;
        this.description = description;
        this.location = location;
    }

    /** A folder on disk. Fails with a message naming the path when it is missing, not a folder, unreadable or has no rules. */
    public static RulesFolder of(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        if (!Files.exists(dir)) {
            throw new IllegalStateException("rules folder " + dir + " does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("rules folder " + dir + " is not a directory");
        }
        if (!Files.isReadable(dir)) {
            throw new IllegalStateException("rules folder " + dir + " is not readable");
        }
        return new RulesFolder(dir, DIRECTORY_ORIGIN, dir.toString());
    }

    /** The rules shipped inside the application (src/main/resources/rules). */
    public static RulesFolder bundled() {
        try {
            Path location = Path.of(RulesFolder.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(location)) {
                return new RulesFolder(location.resolve(BUNDLED_ROOT), "classpath:" + BUNDLED_ROOT, "classpath:" + BUNDLED_ROOT);
            }
            return new RulesFolder(jarFileSystem(location).getPath("/" + BUNDLED_ROOT), "classpath:" + BUNDLED_ROOT,
                    "classpath:" + BUNDLED_ROOT);
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot locate the bundled rules: " + e.getMessage(), e);
        }
    }

    private static synchronized FileSystem jarFileSystem(Path jar) throws IOException {
        if (jarFileSystem == null) {
            jarFileSystem = FileSystems.newFileSystem(jar, (ClassLoader) null);
        }
        return jarFileSystem;
    }

    public Path root() {
        return root;
    }

    /**
     * Where the rules come from, as logs, GET /rules and reload errors show it: {@code classpath:rules} or
     * {@code rules.directory} (the folder's absolute path is the operator's own setting and is not shown to callers).
     */
    public String description() {
        return description;
    }

    /** Where the folder is on this machine, for the analysts' own command line tool. */
    public String location() {
        return location;
    }

    /**
     * Every rule file below the root, sorted by relative path, read as strict UTF-8: the {@code .drl} files and the
     * aggregate file ({@code *.aggregate.json}, the words of LEG-900).
     */
    public List<RuleFile> ruleFiles() throws IOException {
        return list(RulesFolder::isRuleFile, null);
    }

    /**
     * As {@link #ruleFiles()}, but refuses (IOException naming the limit) a folder over the limits' file count, file
     * size or total size before reading any file: the sizes come from the file system, so nothing is spent on it.
     */
    public List<RuleFile> ruleFiles(RuleSetLimits limits) throws IOException {
        return list(RulesFolder::isRuleFile, limits);
    }

    /**
     * True for a path (relative to the root) with a segment starting with '.': hidden folders such as the workbench's
     * history ({@code .workbench/}), editors' lock and swap files, and {@code .git/} are never loaded as rules or cases
     * ({@link FolderScan} skips them while walking).
     */
    public static boolean isHidden(String relativePath) {
        for (String segment : relativePath.split("/")) {
            if (segment.startsWith(".") && !segment.equals(".")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isRuleFile(String path) {
        return path.endsWith(".drl") || AggregateDefinition.isAggregateFile(path);
    }

    /**
     * Every case file, sorted by relative path: {@code <ID>.cases.json} beside its rule anywhere in the folder, and
     * (the layout before one folder per area) any {@code .json} below {@code cases/}.
     */
    public List<RuleFile> caseFiles() throws IOException {
        return list(p -> p.endsWith(CASES_SUFFIX) || (p.startsWith("cases/") && p.endsWith(".json")), null);
    }

    private List<RuleFile> list(java.util.function.Predicate<String> relativePath, RuleSetLimits limits)
            throws IOException {
        // A folder being swapped (a ConfigMap update renames ..data, git-sync relinks the root) can change between
        // listing and reading: read, list again, and accept only when both listings name the same real files.
        for (int attempt = 1; ; attempt++) {
            FolderScan scan = scan(relativePath);
            if (!scan.errors().isEmpty()) {
                throw new RulesFolderException(scan.errors());
            }
            if (limits != null) {
                // Sizes come from the file system, so a folder over the limits costs nothing to refuse.
                List<Long> sizes = new java.util.ArrayList<>(scan.files().size());
                for (FolderScan.Entry entry : scan.files()) {
                    sizes.add(Files.size(entry.real()));
                }
                String refused = limits.checkBeforeReading(scan.files().stream().map(FolderScan.Entry::path).toList(), sizes);
                if (refused != null) {
                    throw new IOException(refused);
                }
            }
            List<RuleFile> files = new java.util.ArrayList<>();
            try {
                for (FolderScan.Entry entry : scan.files()) {
                    files.add(new RuleFile(entry.path(), read(entry)));
                }
            } catch (java.nio.file.NoSuchFileException e) {
                if (attempt < READ_ATTEMPTS) {
                    continue;
                }
                throw new IOException("the rules folder kept changing while it was read; try again");
            }
            FolderScan again = scan(relativePath);
            if (again.files().equals(scan.files()) || attempt == READ_ATTEMPTS) {
                return files;
            }
        }
    }

    private FolderScan scan(java.util.function.Predicate<String> relativePath) throws IOException {
        try {
            return FolderScan.of(root, null, relativePath);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException(description + " does not exist");
        } catch (IOException e) {
            throw new IOException(description + " cannot be read (" + FolderScan.reason(e) + ")");
        }
    }

    /**
     * Real paths of every folder a change to the rules can happen in: the folders walked and the folders that
     * really hold the files (a ConfigMap's timestamped folder, a link's target). Empty if the root is gone.
     */
    public java.util.Set<Path> watchedDirectories() {
        try {
            FolderScan scan = FolderScan.of(root, null, name -> true);
            java.util.Set<Path> dirs = new java.util.LinkedHashSet<>(scan.directories());
            scan.files().forEach(f -> dirs.add(f.real().getParent()));
            return dirs;
        } catch (IOException e) {
            return java.util.Set.of();
        }
    }

    private String relative(Path file) {
        return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    private String read(FolderScan.Entry entry) throws IOException {
        try {
            return RuleFile.utf8(Files.readAllBytes(entry.real()));
        } catch (CharacterCodingException e) {
            throw new RulesFolderException(List.of(new RuleError(entry.path(), 0, 0, "is not valid UTF-8")));
        } catch (java.nio.file.NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw new RulesFolderException(List.of(new RuleError(entry.path(), 0, 0,
                    "cannot be read (" + FolderScan.reason(e) + ")")));
        }
    }
}
