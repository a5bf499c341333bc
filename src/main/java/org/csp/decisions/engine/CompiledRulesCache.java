package org.csp.decisions.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectOutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.drools.base.common.DroolsObjectInputStream;
import org.drools.base.common.DroolsObjectOutputStream;
import org.drools.base.definitions.InternalKnowledgePackage;
import org.jboss.logging.Logger;

/**
 * Compiled rules kept on disk between runs, so that a start (or a reload, or {@code bin/check-rules}) of a rule set
 * that was compiled before loads its packages instead of compiling the DRL again (a cold compile of the bundled rules
 * is most of a cold start).
 *
 * <p>What is stored: the compiled packages of a successful build (rules, constraints and the bytecode of the
 * consequences), serialised by Drools' own {@code DroolsObjectOutputStream}. The DRL safety check, the metadata checks
 * and the warm-up still run on every load: only the compiler is skipped.
 *
 * <p>The key is a SHA-256 over the rule files (paths and contents, all of them), the Drools version, the application
 * build (the bytes of the jar or class folder the model classes come from) and the JDK, so rules compiled against other
 * model classes, another engine or another JDK are never loaded. An entry is a header (magic, key, payload length,
 * payload SHA-256) and the payload; anything that does not match - another key, a short or altered file, a class
 * outside the allowlist ({@link #FILTER}), any failure while reading - is deleted and the rules are compiled as if
 * there were no cache; it is never served.
 *
 * <p>The folder is created readable and writable by the service's user only (700) and refused when it is a link, is
 * owned by someone else or is writable by others: only the service can put an entry there. Bounded: at most
 * {@code maxEntries} entries and {@code maxBytes} in all, the least recently used deleted first.
 *
 * <p>Hand-written: Drools 10 has no cache of compiled DRL for run-time builds (the KieModule cache of kie-maven-plugin
 * and the executable model are build-time, and analysts change rules at run time).
 */
public final class CompiledRulesCache {
    private static final Logger LOG = Logger.getLogger(CompiledRulesCache.class);
    private static final byte[] MAGIC = "CSP-RULES-CACHE-1\n".getBytes(StandardCharsets.US_ASCII);
    private static final String SUFFIX = ".rules";
    private static final String ENVIRONMENT = environment();

    private static final List<String> ALLOWED_PREFIXES = List.of("java.lang.", "java.util.", "java.math.",
            "java.time.", "org.drools.", "org.kie.", "org.mvel2.", "org.csp.decisions.model.",
            "org.csp.decisions.engine.ConsequenceParams");

    /**
     * Deserialisation allowlist: Drools' and MVEL's own classes, the JDK's collections and values, and the model the
     * rules are written against; anything else (and any graph deeper or larger than a rule set needs) is refused
     * before it is instantiated.
     */
    static final ObjectInputFilter FILTER = info -> {
        if (info.depth() > 2_000 || info.references() > 20_000_000) {
            return ObjectInputFilter.Status.REJECTED;
        }
        Class<?> type = info.serialClass();
        if (type == null) {
            return ObjectInputFilter.Status.UNDECIDED;
        }
        while (type.isArray()) {
            type = type.getComponentType();
        }
        if (type.isPrimitive()) {
            return ObjectInputFilter.Status.ALLOWED;
        }
        String name = type.getName();
        for (String prefix : ALLOWED_PREFIXES) {
            if (name.startsWith(prefix)) {
                return ObjectInputFilter.Status.ALLOWED;
            }
        }
        return ObjectInputFilter.Status.REJECTED;
    };

    private final Path directory;
    private final int maxEntries;
    private final long maxBytes;
    private final java.util.concurrent.atomic.AtomicLong hits = new java.util.concurrent.atomic.AtomicLong();
    /**
     * Entries are written off the build's thread (a cold start writes one per rule file): one writer; the payloads
     * waiting are bounded by the cache's byte limit, beyond which an entry is dropped - that only costs a compile later.
     */
    private final java.util.concurrent.ThreadPoolExecutor writer = new java.util.concurrent.ThreadPoolExecutor(1, 1,
            30, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "rules-cache-writer");
                t.setDaemon(true);
                return t;
            });
    private final java.util.concurrent.atomic.AtomicLong waitingBytes = new java.util.concurrent.atomic.AtomicLong();

    private CompiledRulesCache(Path directory, int maxEntries, long maxBytes) {
        this.directory = directory;
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    /**
     * A cache in {@code directory} (created 700 if missing), or null - with one warning saying why - when the folder
     * cannot be made private to this user or the application build cannot be identified.
     */
    public static CompiledRulesCache open(Path directory, int maxEntries, long maxBytes) {
        if (maxEntries <= 0 || maxBytes <= 0) {
            return null;
        }
        if (ENVIRONMENT == null) {
            LOG.warn("compiled-rules cache off: the application build could not be identified");
            return null;
        }
        try {
            Path dir = directory.toAbsolutePath().normalize();
            if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(dir.getParent());
                try {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (UnsupportedOperationException e) {
                    Files.createDirectory(dir);
                }
            }
            String refused = refusal(dir);
            if (refused != null) {
                LOG.warnf("compiled-rules cache off: %s %s (rules.cache-directory)", dir, refused);
                return null;
            }
            return new CompiledRulesCache(dir, maxEntries, maxBytes);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("compiled-rules cache off: %s cannot be used (%s)", directory, e.toString());
            return null;
        }
    }

    /** The cache the configuration asks for ({@code rules.cache-*}), or null when it is off or unusable. */
    public static CompiledRulesCache open(org.csp.decisions.config.RulesConfig config) {
        return open(config.cacheDirectory().orElseGet(CompiledRulesCache::defaultDirectory), config.cacheMaxEntries(),
                config.cacheMaxSize().asLongValue());
    }

    /** The folder, the default being {@code csp-rules-cache-<user>} in the OS temp folder. */
    public static Path defaultDirectory() {
        return Path.of(System.getProperty("java.io.tmpdir"), "csp-rules-cache-"
                + System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_"));
    }

    private static String refusal(Path dir) throws IOException {
        if (Files.isSymbolicLink(dir) || !Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return "is not a directory";
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            String owner = Files.getOwner(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS).getName();
            if (!owner.equals(System.getProperty("user.name"))) {
                return "is owned by " + owner + ", not by the service's user";
            }
            if (permissions.contains(PosixFilePermission.GROUP_WRITE) || permissions.contains(PosixFilePermission.OTHERS_WRITE)
                    || permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                return "is open to other users (" + PosixFilePermissions.toString(permissions) + "; it must be 700)";
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the folder's ACL is the operator's business
        }
        return null;
    }

    public Path directory() {
        return directory;
    }

    /** Rule sets loaded from this cache instead of compiled, since it was opened. */
    public long hits() {
        return hits.get();
    }

    /** The key of a rule set: its files (all of them, paths and contents), the engine, the application and the JDK. */
    public static String key(List<RuleFile> files) {
        MessageDigest digest = sha256();
        digest.update(ENVIRONMENT.getBytes(StandardCharsets.UTF_8));
        files.stream().sorted(Comparator.comparing(RuleFile::path)).forEach(file -> {
            digest.update((byte) 0);
            digest.update(file.path().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(file.content().getBytes(StandardCharsets.UTF_8));
        });
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * The packages stored under {@code key}, deserialised with the given class loader, or null when there is no good
     * entry (a bad one is deleted).
     */
    InternalKnowledgePackage[] load(String key, ClassLoader classLoader) {
        Path file = directory.resolve(key + SUFFIX);
        if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try {
            if (Files.size(file) > maxBytes) {
                throw new IOException("larger than the cache's bound");
            }
            byte[] payload = payload(Files.readAllBytes(file), key);
            InternalKnowledgePackage[] packages;
            try (DroolsObjectInputStream in = new DroolsObjectInputStream(new ByteArrayInputStream(payload), classLoader)) {
                in.setObjectInputFilter(FILTER);
                Object read = in.readObject();
                if (!(read instanceof InternalKnowledgePackage[] array)) {
                    throw new IOException("not a package array");
                }
                packages = array;
            }
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
            hits.incrementAndGet();
            LOG.debugf("compiled-rules cache: loaded %s (%d KB)", file.getFileName(), payload.length / 1024);
            return packages;
        } catch (Exception | LinkageError e) {
            LOG.warnf("compiled-rules cache: ignoring and deleting %s (%s); compiling the rules instead", file, e.toString());
            delete(file);
            return null;
        }
    }

    /**
     * Stores the packages of a good build under {@code key}: serialised now (before they go into a rule base, which
     * may merge other packages into them), written in the background; a failure only costs the next build a compile.
     */
    void store(String key, InternalKnowledgePackage[] packages) {
        byte[] payload;
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
            try (ObjectOutputStream out = new DroolsObjectOutputStream(bytes)) {
                out.writeObject(packages);
            }
            payload = bytes.toByteArray();
        } catch (Exception | LinkageError e) {
            LOG.warnf("compiled-rules cache: could not serialise the packages for %s (%s)", key, e.toString());
            return;
        }
        if (waitingBytes.addAndGet(payload.length) > maxBytes) {
            waitingBytes.addAndGet(-payload.length);
            return;
        }
        writer.allowCoreThreadTimeOut(true);
        writer.execute(() -> {
            try {
                write(key, payload);
            } finally {
                waitingBytes.addAndGet(-payload.length);
            }
        });
    }

    /** Waits until the entries asked for so far are written (tests, and a check that exits right after its build). */
    public void flush() {
        try {
            writer.submit(() -> { }).get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void write(String key, byte[] payload) {
        Path file = directory.resolve(key + SUFFIX);
        Path temp = null;
        long started = System.nanoTime();
        try {
            if (payload.length + 256L > maxBytes) {
                LOG.infof("compiled-rules cache: %d bytes of compiled rules exceed rules.cache-max-size; not stored",
                        payload.length);
                return;
            }
            ByteArrayOutputStream entry = new ByteArrayOutputStream(payload.length + 256);
            try (DataOutputStream out = new DataOutputStream(entry)) {
                out.write(MAGIC);
                out.writeUTF(key);
                out.writeInt(payload.length);
                out.write(sha256().digest(payload));
                out.write(payload);
            }
            temp = Files.createTempFile(directory, "tmp-", ".part");
            Files.write(temp, entry.toByteArray());
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
            evict();
            LOG.debugf("compiled-rules cache: stored %s (%d KB, %d ms)", file.getFileName(), entry.size() / 1024,
                    (System.nanoTime() - started) / 1_000_000);
        } catch (Exception | LinkageError e) {
            LOG.warnf("compiled-rules cache: could not store %s (%s)", file, e.toString());
        } finally {
            if (temp != null) {
                delete(temp);
            }
        }
    }

    /** Checks the header against the key and the payload against its hash; the payload, or IOException. */
    private static byte[] payload(byte[] entry, String key) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(entry));
        byte[] magic = new byte[MAGIC.length];
        in.readFully(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException("not a cache entry of this version");
        }
        if (!key.equals(in.readUTF())) {
            throw new IOException("stored under another key");
        }
        int length = in.readInt();
        byte[] hash = new byte[32];
        in.readFully(hash);
        if (length < 0 || length != in.available()) {
            throw new IOException("truncated or padded");
        }
        byte[] payload = in.readNBytes(length);
        if (!MessageDigest.isEqual(hash, sha256().digest(payload))) {
            throw new IOException("its content does not match its hash");
        }
        return payload;
    }

    /** Keeps the {@code maxEntries} most recently used entries within {@code maxBytes}; removes stray temp files. */
    private void evict() throws IOException {
        List<Path> entries = new ArrayList<>();
        try (Stream<Path> list = Files.list(directory)) {
            list.forEach(p -> {
                String name = p.getFileName().toString();
                if (name.endsWith(SUFFIX)) {
                    entries.add(p);
                } else if (name.startsWith("tmp-") && name.endsWith(".part") && olderThanMinutes(p, 10)) {
                    delete(p);
                }
            });
        }
        entries.sort(Comparator.comparing(CompiledRulesCache::modified).reversed());
        long total = 0;
        for (int i = 0; i < entries.size(); i++) {
            long size = Files.size(entries.get(i));
            total += size;
            if (i >= maxEntries || total > maxBytes) {
                delete(entries.get(i));
            }
        }
    }

    private static boolean olderThanMinutes(Path p, int minutes) {
        return modified(p).toMillis() < System.currentTimeMillis() - minutes * 60_000L;
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // the next store's eviction tries again
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Engine, application build and JDK as one string: the Drools jars' versions, a hash of the application's classes
     * (the jar or folder the model comes from) and the JDK's version and vendor. Null if the application's classes
     * cannot be read.
     */
    private static String environment() {
        try {
            StringBuilder s = new StringBuilder("format=1");
            for (String artifact : List.of("drools-core", "drools-base", "drools-compiler", "drools-mvel", "drools-ecj")) {
                s.append(';').append(artifact).append('=').append(mavenVersion("org.drools", artifact));
            }
            s.append(";app=").append(applicationHash());
            s.append(";jdk=").append(Runtime.version()).append(' ').append(System.getProperty("java.vm.vendor"))
                    .append(' ').append(System.getProperty("java.vm.name"));
            return s.toString();
        } catch (Exception e) {
            return null;
        }
    }

    private static String mavenVersion(String group, String artifact) throws IOException {
        String resource = "META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = CompiledRulesCache.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return "absent";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        }
    }

    /** SHA-256 of the jar the model classes were loaded from, or of every file under their class folder. */
    private static String applicationHash() throws IOException, URISyntaxException {
        CodeSource source = org.csp.decisions.model.Partnership.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new IOException("no code source");
        }
        Path location = Path.of(source.getLocation().toURI());
        MessageDigest digest = sha256();
        if (Files.isDirectory(location)) {
            try (Stream<Path> walk = Files.walk(location)) {
                for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                    digest.update(location.relativize(p).toString().getBytes(StandardCharsets.UTF_8));
                    digest.update(Files.readAllBytes(p));
                }
            }
        } else {
            try (InputStream in = Files.newInputStream(location)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0;) {
                    digest.update(buffer, 0, n);
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
