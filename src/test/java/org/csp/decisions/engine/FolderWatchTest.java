package org.csp.decisions.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watch follows every documented way of changing a mounted rules folder, including repeated swaps (the old
 * watcher died with the first swapped-away directory), and the rescan serves what no event reported. Event tests run
 * with the rescan off, so they pass only through file events.
 */
class FolderWatchTest {

    @TempDir
    Path tmp;

    private FolderWatch watch;
    private final AtomicInteger reloads = new AtomicInteger();
    private volatile String served;

    /** Stands in for the engine: a reload serves what the folder holds now (or records the failure). */
    private FolderWatch watch(Path root, Duration rescan) throws IOException {
        RulesFolder folder = RulesFolder.of(root);
        served = version(root);
        watch = new FolderWatch(folder, Duration.ofMillis(100), rescan, new FolderWatch.Target() {
            @Override
            public void reload(String trigger) {
                reloads.incrementAndGet();
                served = version(root);
            }

            @Override
            public boolean knows(String version) {
                return version.equals(served);
            }
        });
        return watch;
    }

    static String version(Path root) {
        try {
            return RuleSetBuilder.version(RulesFolder.of(root).ruleFiles());
        } catch (IOException | RuntimeException e) {
            return "error: " + e.getMessage();
        }
    }

    void awaitServed(Path root, String what) throws InterruptedException {
        String expected = version(root);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!expected.equals(served)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not served after " + what + ": folder " + expected + ", served " + served);
            }
            Thread.sleep(20);
        }
    }

    @AfterEach
    void close() {
        if (watch != null) {
            watch.close();
        }
    }

    static Map<String, String> rules(int threshold) {
        return Map.of("counties.drl", HotReloadTest.rule("ANA-001", threshold),
                "analyst/more.drl", HotReloadTest.rule("ANA-002", threshold));
    }

    @Test
    void configMapAtomicSwapsAreFollowedAgainAndAgain() throws Exception {
        Path mount = tmp.resolve("etc-rules");
        MountedLayouts.configMap(mount, rules(1));
        watch(mount, Duration.ZERO);
        for (int round = 2; round <= 4; round++) {
            String before = served;
            MountedLayouts.configMap(mount, rules(round));
            awaitServed(mount, "ConfigMap update " + round);
            assertEquals(false, before.equals(served));
        }
        // a key added in a new sub-folder and one removed
        MountedLayouts.configMap(mount, Map.of("counties.drl", HotReloadTest.rule("ANA-001", 9),
                "extra/new.drl", HotReloadTest.rule("ANA-003", 1)));
        awaitServed(mount, "ConfigMap update with other keys");
    }

    @Test
    void gitSyncRootLinkSwapsAreFollowedAndTheNewCheckoutIsWatched() throws Exception {
        Path link = tmp.resolve("git/rules");
        Files.createDirectories(link.getParent());
        MountedLayouts.gitSync(link, rules(1));
        watch(link, Duration.ZERO);
        for (int round = 2; round <= 3; round++) {
            MountedLayouts.gitSync(link, rules(round));
            awaitServed(link, "git-sync swap " + round);
        }
        Files.writeString(link.resolve("analyst/more.drl"), HotReloadTest.rule("ANA-002", 42)); // edit in the new checkout
        awaitServed(link, "an edit inside the checkout swapped in");
    }

    @Test
    void aRulesFolderInsideAGitSyncCheckoutIsFollowedThroughTheLinkAboveIt() throws Exception {
        Path link = tmp.resolve("git/current");
        Files.createDirectories(link.getParent());
        MountedLayouts.gitSync(link, Map.of("src/rules/counties.drl", HotReloadTest.rule("ANA-001", 1)));
        Path root = link.resolve("src/rules"); // RULES_DIRECTORY points through git-sync's link
        watch(root, Duration.ZERO);
        for (int round = 2; round <= 3; round++) {
            MountedLayouts.gitSync(link, Map.of("src/rules/counties.drl", HotReloadTest.rule("ANA-001", round)));
            awaitServed(root, "git-sync swap " + round + " of the repository holding the rules folder");
        }
    }

    @Test
    void aFolderReplacedWithMvIsFollowedAndTheNewOneIsWatched() throws Exception {
        Path folder = tmp.resolve("srv/rules");
        MountedLayouts.mvReplace(folder, rules(1));
        watch(folder, Duration.ZERO);
        for (int round = 2; round <= 3; round++) {
            MountedLayouts.mvReplace(folder, rules(round));
            awaitServed(folder, "mv replace " + round);
        }
        Files.writeString(folder.resolve("analyst/more.drl"), HotReloadTest.rule("ANA-002", 42));
        awaitServed(folder, "an edit inside the folder moved in");
    }

    @Test
    void aLinkedFilesTargetChangingInPlaceOrRelinkedIsServed() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("rules"));
        Files.createDirectories(folder.resolve(".store"));
        Files.writeString(folder.resolve(".store/v1.drl"), HotReloadTest.rule("ANA-001", 1));
        Files.writeString(folder.resolve(".store/v2.drl"), HotReloadTest.rule("ANA-001", 2));
        Files.createSymbolicLink(folder.resolve("counties.drl"), Path.of(".store/v1.drl"));
        watch(folder, Duration.ZERO);

        Files.writeString(folder.resolve(".store/v1.drl"), HotReloadTest.rule("ANA-001", 5)); // the target, in place
        awaitServed(folder, "the link's target edited in place");
        Path tmpLink = folder.resolve(".counties.drl.tmp");
        Files.createSymbolicLink(tmpLink, Path.of(".store/v2.drl"));
        Files.move(tmpLink, folder.resolve("counties.drl"), StandardCopyOption.ATOMIC_MOVE); // ln -sfn
        awaitServed(folder, "the link pointed at another file");
        Files.writeString(folder.resolve(".store/v2.drl"), HotReloadTest.rule("ANA-001", 7));
        awaitServed(folder, "the new target edited in place");
    }

    @Test
    void theRescanServesAChangeNoEventReported() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("rules"));
        Files.writeString(folder.resolve("counties.drl"), HotReloadTest.rule("ANA-001", 1));
        String stale = version(folder);
        // the change happens before the watch exists, so no event will ever report it
        Files.writeString(folder.resolve("counties.drl"), HotReloadTest.rule("ANA-001", 2));
        watch(folder, Duration.ofMillis(300));
        served = stale;
        awaitServed(folder, "the rescan");
        int after = reloads.get();
        Thread.sleep(1_000); // several more rescans of an unchanged folder reload nothing
        assertEquals(after, reloads.get(), "a rescan of an unchanged folder must not reload");
    }
}
