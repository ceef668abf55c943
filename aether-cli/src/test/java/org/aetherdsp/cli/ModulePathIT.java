package org.aetherdsp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.aetherdsp.io.WavData;
import org.aetherdsp.io.WavReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged CLI the way the launcher does: {@code java --module-path ... -m
 * org.aetherdsp.cli}, in a fresh JVM. Proves the module descriptors are right (JCTools
 * needs jdk.unsupported, HdrHistogram is an automatic module, the std nodes are found
 * through {@code provides}), which class-path unit tests cannot.
 */
class ModulePathIT {

    @TempDir
    Path dir;

    private static String modulePath() {
        return System.getProperty("aether.cli.jar") + File.pathSeparator + System.getProperty("aether.cli.lib");
    }

    private static String[] run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", modulePath(), "-m", "org.aetherdsp.cli/org.aetherdsp.cli.Main"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "CLI did not finish");
        return new String[] {Integer.toString(p.exitValue()), out};
    }

    @Test
    void renderRunsOnTheModulePath() throws Exception {
        Path wav = dir.resolve("demo.wav");
        String[] r = run("render", "-o", wav.toString(), "--seconds", "1");
        assertEquals("0", r[0], r[1]);
        WavData data = WavReader.read(wav);
        assertEquals(48_000, data.frames());
        assertTrue(Files.size(wav) > 48_000 * 2 * 3, "24-bit stereo data");
    }

    @Test
    void stdNodesAreFoundThroughTheirModuleDescriptor() throws Exception {
        String[] r = run("nodes");
        assertEquals("0", r[0], r[1]);
        assertTrue(r[1].contains("std.osc.saw") && r[1].contains("in module org.aetherdsp.nodes.std"), r[1]);
    }
    @Test
    void patchFileIsReadByTheJsonCodecFoundThroughItsModuleDescriptor() throws Exception {
        Path wav = dir.resolve("drone.wav");
        String[] r = run("render", Path.of("..", "examples", "patches", "drone.json").toString(), "-o", wav.toString(),
                "--seconds", "1");
        assertEquals("0", r[0], r[1]);
        assertTrue(r[1].contains("of drone.json"), r[1]);
        assertEquals(48_000, WavReader.read(wav).frames());
    }
}
