package org.csp.decisions.workbench;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.csp.decisions.api.Problem;
import org.csp.decisions.api.ProblemException;
import org.csp.decisions.api.Violation;
import org.csp.decisions.cases.CaseFiles;
import org.csp.decisions.config.RulesConfig;
import org.csp.decisions.engine.ReloadResult;
import org.csp.decisions.engine.RuleEngine;
import org.csp.decisions.engine.RuleError;
import org.csp.decisions.engine.RuleFile;
import org.csp.decisions.engine.RuleMetadata;
import org.csp.decisions.engine.RuleSet;
import org.csp.decisions.engine.RuleSetBuilder;
import org.csp.decisions.engine.RulesFolder;
import org.csp.decisions.engine.RulesReloaded;
import org.jboss.logging.Logger;

/**
 * The rules folder as the workbench sees it: its rule and case files, atomic publishing with conflict detection,
 * the history of reload attempts and the last good versions. History and versions live in the folder's hidden
 * sub-folder {@code .workbench/} (never loaded as rules, never watched), so every replica sharing a writable folder
 * sees the same history; for bundled or read-only rules the history is kept in memory only.
 */
@ApplicationScoped
public class RulesStore {
    private static final Logger LOG = Logger.getLogger(RulesStore.class);
    public static final String HIDDEN = ".workbench";
    public static final int HISTORY_SHOWN = 50;
    public static final int VERSIONS_KEPT = 20;
    static final int HISTORY_FILE_MAX = 500;
    static final long MAX_FILE_BYTES = 1024 * 1024;
    /** Relative, no segment starting with '.', so neither '..' nor hidden files; rule or case files only. */
    static final Pattern SAFE_PATH = Pattern.compile("^(?!/)(?!.*(^|/)\\.)[A-Za-z0-9._/-]{1,200}$");
    private static final String VERSION_META = ".version.json";

    /** One rule or case file of the folder, with the sha the editor sends back as {@code baseSha}. */
    public record FileInfo(String path, String kind, String sha, int length) {
    }

    /** A file's text and its sha. */
    public record Source(String path, String sha, String content) {
    }

    /** One reload attempt as the history shows it. Added/removed/changed are rule names (null when unknown). */
    public record HistoryEntry(Instant time, ReloadResult.Outcome outcome, @Schema(nullable = true) String trigger,
            @Schema(description = "null when the folder could not be read", nullable = true) String version, int ruleCount,
            @Schema(nullable = true) List<String> rulesAdded, @Schema(nullable = true) List<String> rulesRemoved,
            @Schema(nullable = true) List<String> rulesChanged, List<RuleError> errors,
            long durationMillis, @Schema(nullable = true) String replica) {
    }

    /** A good version kept for roll back. */
    public record KeptVersion(String version, Instant servedAt, int ruleCount, int files) {
    }

    /** What publishing did; the page then waits until {@code expectedVersion} is served (or its reload failed). */
    public record PublishResult(String expectedVersion, List<String> written, List<String> deleted, String message) {
    }

    @Inject
    RulesConfig config;
    @Inject
    ObjectMapper json;
    @Inject
    RuleEngine engine;

    private final Deque<HistoryEntry> memoryHistory = new ArrayDeque<>();
    private volatile Map<String, String> lastFingerprints;
    private final String replica = replicaName();

    // ---------------------------------------------------------------- files

    /** The disk folder, or empty for the bundled rules. */
    Optional<Path> root() {
        return config.directory().map(p -> p.toAbsolutePath().normalize());
    }

    /** Null when the folder can be published to; otherwise why not (read-only, bundled, git, ConfigMap). */
    public String readOnlyReason() {
        Optional<Path> root = root();
        if (root.isEmpty()) {
            return "the service serves the rules bundled in the application, which cannot be changed in place; "
                    + "set rules.directory to a writable copy of them, or download the change and apply it there";
        }
        Path dir = root.get();
        if (Files.exists(dir.resolve("..data"))) {
            return "the rules folder " + dir + " is a mounted ConfigMap; download the change and apply it to the ConfigMap";
        }
        if (Files.exists(dir.resolve(".git"))) {
            return "the rules folder " + dir + " is a git working tree; download the change and commit it, so git stays the source of truth";
        }
        if (!Files.isWritable(dir)) {
            return "the rules folder " + dir + " is read-only; download the change and apply it where the rules are kept";
        }
        try {
            Files.createDirectories(dir.resolve(HIDDEN).resolve("tmp"));
        } catch (IOException e) {
            return "the rules folder " + dir + " is read-only (" + e.getMessage() + "); download the change instead";
        }
        return null;
    }

    /** Every rule and case file, sorted by path. */
    public List<FileInfo> files() {
        List<FileInfo> files = new ArrayList<>();
        try {
            RulesFolder folder = engine.folder();
            folder.ruleFiles().forEach(f -> files.add(new FileInfo(f.path(), "rules", sha(f.content()), f.content().length())));
            folder.caseFiles().forEach(f -> files.add(new FileInfo(f.path(), "cases", sha(f.content()), f.content().length())));
        } catch (IOException | UncheckedIOException e) {
            throw new ProblemException(Problem.of("rules-folder-unreadable", "Rules folder unreadable", 409,
                    "the rules folder cannot be read: " + message(e)));
        }
        files.sort(Comparator.comparing(FileInfo::path));
        return files;
    }

    /** Rule and case files currently on disk, path to text. */
    Map<String, String> snapshot() {
        Map<String, String> files = new TreeMap<>();
        try {
            engine.folder().ruleFiles().forEach(f -> files.put(f.path(), f.content()));
            engine.folder().caseFiles().forEach(f -> files.put(f.path(), f.content()));
        } catch (IOException | UncheckedIOException e) {
            throw new ProblemException(Problem.of("rules-folder-unreadable", "Rules folder unreadable", 409,
                    "the rules folder cannot be read: " + message(e)));
        }
        return files;
    }

    /** A rule or case file's text, or empty when there is no such file. */
    public Optional<Source> read(String path) {
        checkPath(path, "file");
        Path file = engine.folder().root().resolve(path);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String content = RuleFile.utf8(Files.readAllBytes(file));
            return Optional.of(new Source(path, sha(content), content));
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ProblemException(Problem.validation(List.of(new Violation("file", path + " is not valid UTF-8"))));
        } catch (IOException e) {
            throw new ProblemException(Problem.of("rules-folder-unreadable", "File unreadable", 409,
                    "cannot read " + path + ": " + e.getMessage()));
        }
    }

    /** 400 unless {@code path} is a safe relative path of a .drl or case file. */
    public static void checkPath(String path, String field) {
        if (path == null || !SAFE_PATH.matcher(path).matches() || !(path.endsWith(".drl") || CaseFiles.isCaseFile(path))) {
            throw new ProblemException(Problem.validation(List.of(new Violation(field,
                    "must be a relative path of a .drl file or a case file (cases/<area>/<ID>.json), without '..' or hidden folders"))));
        }
    }

    /** 400 for an empty, oversized or malformed change set. */
    public static void checkChanges(ChangeSet changes) {
        if (changes == null || changes.changes() == null || changes.changes().isEmpty()) {
            throw new ProblemException(Problem.validation(List.of(new Violation("changes", "must list 1 to "
                    + ChangeSet.MAX_FILES + " files"))));
        }
        if (changes.changes().size() > ChangeSet.MAX_FILES) {
            throw new ProblemException(Problem.validation(List.of(new Violation("changes", "must list 1 to "
                    + ChangeSet.MAX_FILES + " files (it has " + changes.changes().size() + ")"))));
        }
        List<Violation> violations = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < changes.changes().size(); i++) {
            FileChange change = changes.changes().get(i);
            String field = "changes[" + i + "]";
            if (change == null) {
                violations.add(new Violation(field, "must be an object"));
                continue;
            }
            try {
                checkPath(change.path(), field + ".path");
            } catch (ProblemException e) {
                violations.addAll(e.problem().violations());
                continue;
            }
            if (!seen.add(change.path())) {
                violations.add(new Violation(field + ".path", change.path() + " is listed twice"));
            }
            if (change.content() != null && change.content().length() > MAX_FILE_BYTES) {
                violations.add(new Violation(field + ".content", "must be at most " + MAX_FILE_BYTES + " characters"));
            }
        }
        if (!violations.isEmpty()) {
            throw new ProblemException(Problem.validation(violations));
        }
    }

    /** The folder's files as they would be after the change: rule files and case files. */
    Map<String, String> apply(Map<String, String> current, ChangeSet changes) {
        Map<String, String> after = new TreeMap<>(current);
        for (FileChange change : changes.changes()) {
            if (change.content() == null) {
                after.remove(change.path());
            } else {
                after.put(change.path(), change.content());
            }
        }
        return after;
    }

    /** Files whose text on disk is no longer what the change started from. */
    List<Violation> conflicts(Map<String, String> current, ChangeSet changes) {
        List<Violation> conflicts = new ArrayList<>();
        for (FileChange change : changes.changes()) {
            String now = current.get(change.path());
            String nowSha = now == null ? null : sha(now);
            if (!java.util.Objects.equals(nowSha, blankToNull(change.baseSha()))) {
                conflicts.add(new Violation(change.path(), change.baseSha() == null || change.baseSha().isBlank()
                        ? "already exists: someone created it since you started; open it again"
                        : now == null ? "was deleted by someone else since you opened it"
                        : "was changed by someone else since you opened it (you edited " + change.baseSha()
                                + ", it is now " + nowSha + "); open it again and redo your change"));
            }
        }
        return conflicts;
    }

    /**
     * Writes the change into the folder, serialised across threads and (through a file lock in the hidden folder)
     * across replicas sharing it. Each file is written to a temporary file and renamed into place, so the watcher
     * never reads half a file. {@code check} runs under the lock, after the conflict check, before anything is written.
     */
    public PublishResult publish(ChangeSet changes, java.util.function.Function<Map<String, String>, String> check) {
        checkChanges(changes);
        String readOnly = readOnlyReason();
        if (readOnly != null) {
            throw new ProblemException(Problem.of("rules-folder-read-only", "Cannot publish here", 409, readOnly));
        }
        Path root = root().orElseThrow();
        Path hidden = root.resolve(HIDDEN);
        synchronized (this) {
            try (FileChannel lockFile = FileChannel.open(hidden.resolve("publish.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = lockFile.lock()) {
                Map<String, String> current = snapshot();
                List<Violation> conflicts = conflicts(current, changes);
                if (!conflicts.isEmpty()) {
                    throw new ProblemException(new Problem(Problem.TYPE_BASE + "conflict", "Changed by someone else", 409,
                            "the version you edited is no longer current: " + conflicts.size() + " file(s) changed since you opened them",
                            conflicts, null));
                }
                Map<String, String> after = apply(current, changes);
                String expected = check.apply(after);
                List<String> written = new ArrayList<>();
                List<String> deleted = new ArrayList<>();
                for (FileChange change : changes.changes()) {
                    Path target = root.resolve(change.path()).normalize();
                    if (!target.startsWith(root)) {
                        throw new IllegalStateException("path escapes the rules folder: " + change.path());
                    }
                    if (change.content() == null) {
                        if (Files.deleteIfExists(target)) {
                            deleted.add(change.path());
                        }
                    } else {
                        writeAtomically(hidden.resolve("tmp"), target, change.content().getBytes(StandardCharsets.UTF_8));
                        written.add(change.path());
                    }
                }
                LOG.infof("workbench published %d file(s), %d deleted, in %s; expecting version %s", written.size(),
                        deleted.size(), root, expected);
                return new PublishResult(expected, written, deleted,
                        "published; the rules folder reloads and serves " + expected + " when its checks pass");
            } catch (IOException e) {
                throw new ProblemException(Problem.of("rules-folder-read-only", "Cannot publish here", 409,
                        "writing the rules folder failed: " + e.getMessage() + "; nothing more was written"));
            }
        }
    }

    /**
     * The watcher reloads a published folder; without it ({@code rules.watch=false}) the publish reloads it itself,
     * off the request thread, so the page can follow it the same way.
     */
    void afterPublish() {
        if (!config.watch()) {
            Thread reload = new Thread(() -> {
                try {
                    engine.reload("workbench publish");
                } catch (RuntimeException e) {
                    LOG.error("reload after publish failed unexpectedly", e);
                }
            }, "workbench-reload");
            reload.setDaemon(true);
            reload.start();
        }
    }

    /** The version the rules would have with these files: the same hash the loader computes. */
    static String versionOf(Map<String, String> files) {
        return RuleSetBuilder.version(ruleFiles(files));
    }

    static List<RuleFile> ruleFiles(Map<String, String> files) {
        // the folder's rule files are its .drl files and its aggregate file (legitimacy/LEG-900.aggregate.json), as
        // RulesFolder.ruleFiles lists them for the engine; the version the reload will serve hashes both
        return files.entrySet().stream().filter(e -> !CaseFiles.isCaseFile(e.getKey()))
                .map(e -> new RuleFile(e.getKey(), e.getValue())).toList();
    }

    static List<RuleFile> caseFiles(Map<String, String> files) {
        return files.entrySet().stream().filter(e -> CaseFiles.isCaseFile(e.getKey()))
                .map(e -> new RuleFile(e.getKey(), e.getValue())).toList();
    }

    private static void writeAtomically(Path tmpDir, Path target, byte[] content) throws IOException {
        Files.createDirectories(tmpDir);
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(tmpDir, "publish-", ".tmp");
        try {
            Files.write(tmp, content);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    // ---------------------------------------------------------------- history and versions

    /**
     * Records every reload attempt that loaded or failed (UNCHANGED ones are noise) and keeps each newly served
     * version. Runs on the reloading thread, also during start-up, so it uses only the event and the config.
     */
    void onReload(@Observes RulesReloaded event) {
        try {
            ReloadResult result = event.result();
            if (result.outcome() == ReloadResult.Outcome.UNCHANGED) {
                return;
            }
            List<String> added = null;
            List<String> removed = null;
            List<String> changed = null;
            int ruleCount = event.served() == null ? 0 : event.served().rules().size();
            if (result.outcome() == ReloadResult.Outcome.LOADED && event.served() != null) {
                Map<String, String> fingerprints = fingerprints(event.served());
                Map<String, String> before = lastFingerprints;
                if (before != null) {
                    added = fingerprints.keySet().stream().filter(k -> !before.containsKey(k)).sorted().toList();
                    removed = before.keySet().stream().filter(k -> !fingerprints.containsKey(k)).sorted().toList();
                    changed = fingerprints.keySet().stream()
                            .filter(k -> before.containsKey(k) && !before.get(k).equals(fingerprints.get(k))).sorted().toList();
                }
                lastFingerprints = fingerprints;
                keepVersion(event.served());
            }
            List<RuleError> errors = result.errors().size() > 100 ? result.errors().subList(0, 100) : result.errors();
            appendHistory(new HistoryEntry(result.at(), result.outcome(), result.trigger(), result.version(), ruleCount,
                    added, removed, changed, errors, result.durationMillis(), replica));
        } catch (RuntimeException | IOException e) {
            LOG.warnf("the workbench could not record reload history: %s", e.getMessage());
        }
    }

    private static Map<String, String> fingerprints(RuleSet set) {
        Map<String, String> byFile = new java.util.HashMap<>();
        set.files().forEach(f -> byFile.put(f.path(), f.content()));
        Map<String, String> fingerprints = new TreeMap<>();
        for (RuleMetadata rule : set.rules()) {
            String content = byFile.get(rule.file());
            fingerprints.put(rule.ruleName(), sha(content == null ? "" : DrlSource.ruleBlock(content, rule.line()).text()));
        }
        return fingerprints;
    }

    private Path hiddenDir() {
        return root().map(r -> r.resolve(HIDDEN)).orElse(null);
    }

    private boolean persistent() {
        Path hidden = hiddenDir();
        if (hidden == null || !Files.isWritable(hidden.getParent())) {
            return false;
        }
        try {
            Files.createDirectories(hidden);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private synchronized void appendHistory(HistoryEntry entry) throws IOException {
        if (!persistent()) {
            memoryHistory.addLast(entry);
            while (memoryHistory.size() > HISTORY_SHOWN) {
                memoryHistory.removeFirst();
            }
            return;
        }
        Path file = hiddenDir().resolve("history.jsonl");
        Files.writeString(file, json.writeValueAsString(entry) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.size() > HISTORY_FILE_MAX) {
            writeAtomically(hiddenDir().resolve("tmp"), file, (String.join("\n",
                    lines.subList(lines.size() - HISTORY_SHOWN, lines.size())) + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The last 50 reload attempts, newest first. */
    public synchronized List<HistoryEntry> history() {
        List<HistoryEntry> entries = new ArrayList<>();
        Path hidden = hiddenDir();
        Path file = hidden == null ? null : hidden.resolve("history.jsonl");
        if (file != null && Files.isRegularFile(file)) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        try {
                            entries.add(json.readValue(line, HistoryEntry.class));
                        } catch (IOException e) {
                            LOG.debugf("skipping an unreadable history line: %s", e.getMessage());
                        }
                    }
                }
            } catch (IOException e) {
                LOG.warnf("cannot read %s: %s", file, e.getMessage());
            }
        }
        entries.addAll(memoryHistory);
        entries.sort(Comparator.comparing(HistoryEntry::time).reversed());
        return entries.size() > HISTORY_SHOWN ? List.copyOf(entries.subList(0, HISTORY_SHOWN)) : List.copyOf(entries);
    }

    private void keepVersion(RuleSet served) throws IOException {
        if (!persistent()) {
            return;
        }
        Path versions = hiddenDir().resolve("versions");
        Files.createDirectories(versions);
        Path zip = versions.resolve(served.version().replace("sha256:", "") + ".zip");
        if (Files.exists(zip)) {
            Files.setLastModifiedTime(zip, java.nio.file.attribute.FileTime.from(Instant.now()));
        } else {
            Map<String, String> files = new TreeMap<>();
            served.files().forEach(f -> files.put(f.path(), f.content()));
            RulesFolder.of(root().orElseThrow()).caseFiles().forEach(f -> files.put(f.path(), f.content()));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream out = new ZipOutputStream(bytes)) {
                out.putNextEntry(new ZipEntry(VERSION_META));
                out.write(json.writeValueAsBytes(new KeptVersion(served.version(), Instant.now(), served.rules().size(),
                        files.size())));
                for (Map.Entry<String, String> f : files.entrySet()) {
                    out.putNextEntry(new ZipEntry(f.getKey()));
                    out.write(f.getValue().getBytes(StandardCharsets.UTF_8));
                }
            }
            writeAtomically(hiddenDir().resolve("tmp"), zip, bytes.toByteArray());
        }
        try (Stream<Path> kept = Files.list(versions)) {
            List<Path> zips = kept.filter(p -> p.toString().endsWith(".zip"))
                    .sorted(Comparator.comparing(RulesStore::modified).reversed()).toList();
            for (Path old : zips.subList(Math.min(VERSIONS_KEPT, zips.size()), zips.size())) {
                Files.deleteIfExists(old);
            }
        }
    }

    /** The last 20 good versions, newest first (empty for bundled or read-only rules). */
    public List<KeptVersion> versions() {
        Path hidden = hiddenDir();
        if (hidden == null || !Files.isDirectory(hidden.resolve("versions"))) {
            return List.of();
        }
        List<KeptVersion> versions = new ArrayList<>();
        try (Stream<Path> kept = Files.list(hidden.resolve("versions"))) {
            for (Path zip : kept.filter(p -> p.toString().endsWith(".zip"))
                    .sorted(Comparator.comparing(RulesStore::modified).reversed()).toList()) {
                try {
                    KeptVersion meta = json.readValue(readZip(zip).get(VERSION_META), KeptVersion.class);
                    versions.add(new KeptVersion(meta.version(), modified(zip).toInstant(), meta.ruleCount(), meta.files()));
                } catch (IOException | RuntimeException e) {
                    LOG.debugf("skipping unreadable kept version %s: %s", zip, e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.warnf("cannot list kept versions: %s", e.getMessage());
        }
        return versions.size() > VERSIONS_KEPT ? versions.subList(0, VERSIONS_KEPT) : versions;
    }

    /** The changes that restore a kept version's files into the folder (files added since are deleted). */
    public ChangeSet restore(String version) {
        String hex = version == null ? "" : version.replace("sha256:", "");
        if (!hex.matches("[0-9a-f]{12}")) {
            throw new ProblemException(Problem.validation(List.of(new Violation("version", "must be sha256:<12 hex digits>"))));
        }
        Path hidden = hiddenDir();
        Path zip = hidden == null ? null : hidden.resolve("versions").resolve(hex + ".zip");
        if (zip == null || !Files.isRegularFile(zip)) {
            throw new ProblemException(Problem.of("not-found", "Not found", 404, "no kept version sha256:" + hex
                    + "; GET /rules/versions lists the last " + VERSIONS_KEPT));
        }
        Map<String, String> target;
        try {
            target = readZip(zip);
        } catch (IOException e) {
            throw new ProblemException(Problem.of("version-unreadable", "Kept version unreadable", 409, e.getMessage()));
        }
        target.remove(VERSION_META);
        Map<String, String> current = snapshot();
        List<FileChange> changes = new ArrayList<>();
        target.forEach((path, content) -> {
            String now = current.get(path);
            if (!content.equals(now)) {
                changes.add(new FileChange(path, content, now == null ? null : sha(now)));
            }
        });
        current.forEach((path, content) -> {
            if (!target.containsKey(path)) {
                changes.add(new FileChange(path, null, sha(content)));
            }
        });
        changes.sort(Comparator.comparing(FileChange::path));
        return new ChangeSet(changes);
    }

    private static Map<String, String> readZip(Path zip) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                files.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    /** A zip of the changed files (and DELETED.txt listing deletions), to apply where the rules are kept. */
    public static byte[] zip(ChangeSet changes) {
        checkChanges(changes);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            StringBuilder deleted = new StringBuilder();
            for (FileChange change : changes.changes()) {
                if (change.content() == null) {
                    deleted.append(change.path()).append('\n');
                } else {
                    out.putNextEntry(new ZipEntry(change.path()));
                    out.write(change.content().getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!deleted.isEmpty()) {
                out.putNextEntry(new ZipEntry("DELETED.txt"));
                out.write(("Delete these files from the rules folder:\n" + deleted).getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static java.nio.file.attribute.FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return java.nio.file.attribute.FileTime.fromMillis(0);
        }
    }

    /** First 16 hex digits of SHA-256 over the UTF-8 text. */
    public static String sha(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String message(Exception e) {
        return e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause().getMessage() : e.getMessage();
    }

    private static String replicaName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
