package org.aetherdsp.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded {@code aether.jar} run as users run it, {@code java -jar aether.jar}: everything on the
 * class path, node types and codecs found through the merged {@code META-INF/services}.
 */
class FatJarIT {

    @TempDir
    Path dir;

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String[] run(List<String> launcher, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(launcher);
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "CLI did not finish");
        return new String[] {Integer.toString(p.exitValue()), out};
    }

    private static List<String> fatJar() {
        return List.of(java(), "-jar", System.getProperty("aether.cli.fatjar"));
    }

    private static List<String> modulePath() {
        return List.of(java(), "--module-path",
                System.getProperty("aether.cli.jar") + File.pathSeparator + System.getProperty("aether.cli.lib"),
                "-m", "org.aetherdsp.cli/org.aetherdsp.cli.Main");
    }

    @Test
    void fatJarPrintsTheArtifactVersion() throws Exception {
        String[] r = run(fatJar(), "-V");
        assertEquals("0", r[0], r[1]);
        assertTrue(r[1].startsWith("aether " + System.getProperty("aether.version") + System.lineSeparator()), r[1]);
    }

    @Test
    void fatJarRendersThePatchAndTheDemoExactlyAsTheModulePathLauncher() throws Exception {
        String patch = Path.of("..", "examples", "patches", "pluck-echo.json").toString();
        for (String[] what : new String[][] {{patch}, {}}) {
            Path fromJar = dir.resolve("jar.wav");
            Path fromModules = dir.resolve("modules.wav");
            List<String> common = new ArrayList<>(List.of(what));
            common.addAll(List.of("--seconds", "2"));
            String[] a = run(fatJar(), concat("render", common, "-o", fromJar.toString()));
            assertEquals("0", a[0], a[1]);
            String[] b = run(modulePath(), concat("render", common, "-o", fromModules.toString()));
            assertEquals("0", b[0], b[1]);
            assertTrue(Files.size(fromJar) > 2 * 48_000 * 2 * 3, "2 s of 24-bit stereo");
            assertArrayEquals(Files.readAllBytes(fromModules), Files.readAllBytes(fromJar), "same WAV for " + List.of(what));
        }
    }

    private static String[] concat(String first, List<String> middle, String... last) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(middle);
        all.addAll(List.of(last));
        return all.toArray(String[]::new);
    }

    @Test
    void fatJarFindsTheStdNodesBinarySnapshotsAndDrawsPictures() throws Exception {
        String[] nodes = run(fatJar(), "nodes");
        assertEquals("0", nodes[0], nodes[1]);
        assertTrue(nodes[1].contains("std.osc.saw") && nodes[1].contains("std.reverb"), nodes[1]);
        // Both snapshot codecs declare the same service file: it must have been merged, not picked.
        Path json = Path.of("..", "examples", "patches", "drone.json");
        Path binary = dir.resolve("drone.snap");
        Files.write(binary, new org.aetherdsp.state.kryo.KryoSnapshotCodec().encode(
                new org.aetherdsp.state.json.JsonPatchCodec().decode(Files.readAllBytes(json))));
        for (Path patch : List.of(json, binary)) {
            String[] r = run(fatJar(), "render", patch.toString(), "--seconds", "0.5", "-o", dir.resolve("p.wav").toString());
            assertEquals("0", r[0], patch + ": " + r[1]);
        }
        Path png = dir.resolve("demo.png");
        String[] render = run(fatJar(), "render", "--seconds", "1", "-o", dir.resolve("d.wav").toString(), "--png", png.toString());
        assertEquals("0", render[0], render[1]);
        assertEquals(1280, javax.imageio.ImageIO.read(png.toFile()).getWidth());
    }

    @Test
    void modulePathRunsTheProgressBarLibraryAndPictures() throws Exception {
        // java.desktop and me.tongfei.progressbar (over JLine's automatic module) resolve on the module path
        Path png = dir.resolve("m.png");
        String[] r = run(modulePath(), "render", "--seconds", "1", "-o", dir.resolve("m.wav").toString(), "--png", png.toString());
        assertEquals("0", r[0], r[1]);
        assertTrue(Files.size(png) > 10_000);
        String[] graph = run(modulePath(), "graph", Path.of("..", "examples", "patches", "drone.json").toString());
        assertEquals("0", graph[0], graph[1]);
        assertTrue(graph[1].startsWith("digraph \"drone.json\""), graph[1]);
    }
}
