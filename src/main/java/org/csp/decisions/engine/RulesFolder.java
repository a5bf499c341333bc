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
 * A folder of rules: {@code *.drl} files anywhere below it (except in hidden folders), and the analysts' case files under {@code cases/}. The
 * bundled rules are the same kind of folder, read from the application's own jar or classes directory, so copying
 * {@code src/main/resources/rules} elsewhere and pointing {@code rules.directory} at it works unchanged.
 */
public final class RulesFolder {
    public static final String BUNDLED_ROOT = "rules";
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

    /** Every .drl file below the root, sorted by relative path, read as strict UTF-8. */
    public List<RuleFile> ruleFiles() throws IOException {
        return list(".drl", null);
    }

    /** Every case file ({@code cases/**}{@code /*.json}), sorted by relative path. */
    public List<RuleFile> caseFiles() throws IOException {
        Path cases = root.resolve("cases");
        if (!Files.isDirectory(cases)) {
            return List.of();
        }
        return list(".json", cases);
    }

    private List<RuleFile> list(String suffix, Path under) throws IOException {
        Path start = under == null ? root : under;
        if (!Files.isDirectory(start)) {
            throw new IOException("rules folder " + description + " does not exist");
        }
        try (Stream<Path> paths = Files.walk(start)) {
            return paths.filter(p -> p.getFileName() != null && p.getFileName().toString().endsWith(suffix))
                    .filter(p -> !isHidden(relative(p)))
                    .filter(Files::isRegularFile)
                    .map(p -> new RuleFile(relative(p), read(p)))
                    .sorted(java.util.Comparator.comparing(RuleFile::path))
                    .toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * True for a path (relative to the root) with a segment starting with '.': hidden folders such as the workbench's
     * history ({@code .workbench/}), editors' lock and swap files, and {@code .git/} are never loaded as rules or cases.
     */
    public static boolean isHidden(String relativePath) {
        for (String segment : relativePath.split("/")) {
            if (segment.startsWith(".") && !segment.equals(".")) {
                return true;
            }
        }
        return false;
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
