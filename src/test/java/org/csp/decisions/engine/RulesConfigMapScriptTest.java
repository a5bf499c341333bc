package org.csp.decisions.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/rules-configmap.sh turns a rules folder with sub-folders into one ConfigMap and the volume items that lay
 * it out again; projected by kubelet, the service reads exactly the folder's files (same ruleSetVersion).
 */
class RulesConfigMapScriptTest {

    @TempDir
    Path tmp;

    static String run(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = "deploy/rules-configmap.sh";
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), new String(p.getErrorStream().readAllBytes()));
        return out;
    }

    @Test
    void aProjectedConfigMapServesTheSameRulesAsTheFolder() throws Exception {
        Path source = Files.createDirectories(tmp.resolve("rules"));
        Map<String, String> files = new TreeMap<>(MountedLayouts.bundledRules());
        files.put("analyst/deep/counties.drl", HotReloadTest.rule("ANA-001", 3)
                + "// quotes \" backslash \\ tab \t and a line without a newline at the end");
        MountedLayouts.write(source, files);
        Files.writeString(source.resolve(".git-notes.drl"), "hidden: never shipped");

        ObjectMapper json = new ObjectMapper();
        JsonNode configMap = json.readTree(run(source.toString()));
        JsonNode patch = json.readTree(run("--volume-patch", source.toString()));
        assertEquals("ConfigMap", configMap.path("kind").asText());
        assertEquals("csp-rules", configMap.at("/metadata/name").asText());

        Map<String, String> projected = new TreeMap<>();
        for (JsonNode item : patch.at("/spec/template/spec/volumes/0/configMap/items")) {
            projected.put(item.path("path").asText(), configMap.path("data").path(item.path("key").asText()).asText());
        }
        assertEquals(files, projected, "every file, under its own relative path, with its exact content");

        Path mount = tmp.resolve("mount");
        MountedLayouts.configMap(mount, projected);
        assertEquals(RuleSetBuilder.version(RulesFolder.of(source).ruleFiles()),
                RuleSetBuilder.version(RulesFolder.of(mount).ruleFiles()));
    }
}
