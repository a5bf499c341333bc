package org.csp.decisions.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A folder of rules: one folder per area with a {@code .drl} file per finding and its {@code <ID>.cases.json} beside
 * it (any depth works; an older folder with its cases under {@code cases/} still loads), plus the aggregate file. The
 * bundled rules are the same kind of folder, read from the application's own jar or classes directory, so copying
 * {@code src/main/resources/rules} elsewhere and pointing {@code rules.directory} at it works unchanged.
 */
public final class RulesFolder {
    public static final String BUNDLED_ROOT = "rules";
    /** A finding's case file beside its rule: {@code coordination/COO-007.cases.json}. */
    public static final String CASES_SUFFIX = ".cases.json";
    private static volatile FileSystem jarFileSystem;

    private final Path root;
    private final String description;

    private RulesFolder(Path root, String description) {
        this.root = root;
        this.description = description;
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
        return new RulesFolder(dir, dir.toString());
    }

    /** The rules shipped inside the application (src/main/resources/rules). */
    public static RulesFolder bundled() {
        try {
            Path location = Path.of(RulesFolder.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(location)) {
                return new RulesFolder(location.resolve(BUNDLED_ROOT), "classpath:" + BUNDLED_ROOT);
            }
            return new RulesFolder(jarFileSystem(location).getPath("/" + BUNDLED_ROOT), "classpath:" + BUNDLED_ROOT);
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

    /** Where the rules come from, for logs and GET /rules. */
    public String description() {
        return description;
    }

    /**
     * Every rule file below the root, sorted by relative path, read as strict UTF-8: the {@code .drl} files and the
     * aggregate file ({@code *.aggregate.json}, the words of LEG-900).
     */
    public List<RuleFile> ruleFiles() throws IOException {
        return list(p -> p.endsWith(".drl") || AggregateDefinition.isAggregateFile(p), null);
    }

    /**
     * Every case file, sorted by relative path: {@code <ID>.cases.json} beside its rule anywhere in the folder, and
     * (the layout before one folder per area) any {@code .json} below {@code cases/}.
     */
    public List<RuleFile> caseFiles() throws IOException {
        return list(p -> p.endsWith(CASES_SUFFIX) || (p.startsWith("cases/") && p.endsWith(".json")), null);
    }

    private List<RuleFile> list(java.util.function.Predicate<String> relativePath, Path under) throws IOException {
        Path start = under == null ? root : under;
        if (!Files.isDirectory(start)) {
            throw new IOException("rules folder " + description + " does not exist");
        }
        try (Stream<Path> paths = Files.walk(start)) {
            return paths.filter(p -> p.getFileName() != null && relativePath.test(relative(p)))
                    .filter(Files::isRegularFile)
                    .map(p -> new RuleFile(relative(p), read(p)))
                    .sorted(java.util.Comparator.comparing(RuleFile::path))
                    .toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private String relative(Path file) {
        return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    private String read(Path file) {
        try {
            return RuleFile.utf8(Files.readAllBytes(file));
        } catch (CharacterCodingException e) {
            throw new UncheckedIOException(new IOException(relative(file) + " is not valid UTF-8"));
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("cannot read " + relative(file) + ": " + e.getMessage(), e));
        }
    }
}
