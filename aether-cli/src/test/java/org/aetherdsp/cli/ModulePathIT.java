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
        return runIn(null, java.util.Map.of(), args);
    }

    /** @return exit code, stdout and stderr of the CLI run in {@code workDir} with {@code env} added */
    private static String[] runIn(Path workDir, java.util.Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", modulePath(), "-m", "org.aetherdsp.cli/org.aetherdsp.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(workDir == null);
        if (workDir != null) {
            b.directory(workDir.toFile());
        }
        b.environment().putAll(env);
        Process p = b.start();
        java.util.concurrent.CompletableFuture<byte[]> err = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return p.getErrorStream().readAllBytes();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "CLI did not finish");
        return new String[] {Integer.toString(p.exitValue()), out, new String(err.get(), StandardCharsets.UTF_8)};
    }

    @Test
    void versionIsTheArtifactVersion() throws Exception {
        String[] r = run("-V");
        assertEquals("0", r[0], r[1]);
        assertTrue(r[1].startsWith("aether " + System.getProperty("aether.version") + System.lineSeparator()), r[1]);
    }

    /** Run where the user is: the WAV is named after the patch, in the current directory; the demo's is demo.wav. */
    @Test
    void renderWithoutOutputNamesTheWavAfterThePatch() throws Exception {
        Path patch = Files.writeString(dir.resolve("tone.json"), "{ \"nodes\": [ { \"id\": \"o\", \"type\": \"std.osc.sine\" } ],"
                + " \"outputs\": [ { \"from\": \"o\", \"channel\": 0 } ] }");
        Path work = Files.createDirectories(dir.resolve("work"));
        String[] r = runIn(work, java.util.Map.of(), "render", patch.toString(), "--seconds", "0.2");
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(r[1].contains(" to tone.wav (PCM_24)"), r[1]);
        assertEquals(9_600, WavReader.read(work.resolve("tone.wav")).frames());
        assertTrue(Files.notExists(work.resolve("demo.wav")));
        r = runIn(work, java.util.Map.of(), "render", "--seconds", "0.2");
        assertEquals("0", r[0], r[1] + r[2]);
        assertEquals(9_600, WavReader.read(work.resolve("demo.wav")).frames());
    }

    /**
     * Without a JACK server, libjack itself prints half a dozen lines to the process's stderr
     * ("Cannot connect to server socket ...") before the driver says what is wrong: only the
     * driver's line is left, unless --verbose.
     */
    @Test
    void playWithoutAJackServerIsOneLineUnlessVerbose() throws Exception {
        java.util.Map<String, String> env = java.util.Map.of("JACK_DEFAULT_SERVER", "aether-no-such-server",
                "JACK_NO_START_SERVER", "1");
        String drone = Path.of("..", "examples", "patches", "drone.json").toAbsolutePath().toString();
        String[] r = runIn(dir, env, "play", drone, "--seconds", "1", "--warmup", "0");
        assertEquals("1", r[0], r[1] + r[2]);
        assertEquals(1, r[2].lines().count(), r[2]);
        assertTrue(r[2].startsWith("aether: cannot open a JACK client 'aether'"), r[2]);
        r = runIn(dir, env, "play", drone, "--seconds", "1", "--warmup", "0", "--verbose");
        assertEquals("1", r[0], r[1] + r[2]);
        assertTrue(r[2].contains("jack server is not running") && r[2].contains("DriverException"), r[2]);
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

    /**
     * A third-party plugin as an outsider builds it: compiled against the API jar only, with its
     * own module-info, packed as a JAR into a folder, loaded into its own module layer.
     */
    @Test
    void aModularPluginInAFolderIsListedWithItsJarAndPlaysInAPatch() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src/acme/half"));
        Files.writeString(dir.resolve("src/module-info.java"),
                "module acme.half { requires org.aetherdsp.api; provides org.aetherdsp.api.NodeProvider with acme.half.Provider; }");
        Files.writeString(src.resolve("Provider.java"), "package acme.half;\n"
                + "import org.aetherdsp.api.*;\nimport java.util.List;\n"
                + "public final class Provider implements NodeProvider {\n"
                + "  public List<NodeType> nodeTypes() {\n"
                + "    return List.of(NodeType.of(\"acme.half\", NodeDescriptor.builder(\"Half\").output(\"out\").build(),\n"
                + "        () -> (in, out, p, ctx) -> { for (int i = 0; i < ctx.blockSize(); i++) out[0][i] = 0.5f; }));\n"
                + "  }\n}\n");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Path api;
        try (java.util.stream.Stream<Path> lib = Files.list(Path.of(System.getProperty("aether.cli.lib")))) {
            api = lib.filter(f -> f.getFileName().toString().startsWith("aether-api")).findFirst().orElseThrow();
        }
        int javac = javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17",
                "--module-path", api.toString(), "-d", classes.toString(),
                dir.resolve("src/module-info.java").toString(), src.resolve("Provider.java").toString());
        assertEquals(0, javac);
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        try (java.util.jar.JarOutputStream jar = new java.util.jar.JarOutputStream(
                Files.newOutputStream(plugins.resolve("acme-half.jar")));
             java.util.stream.Stream<Path> walk = Files.walk(classes)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                jar.putNextEntry(new java.util.jar.JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                jar.write(Files.readAllBytes(f));
                jar.closeEntry();
            }
        }
        String[] nodes = run("nodes", "--plugins", plugins.toString());
        assertEquals("0", nodes[0], nodes[1]);
        assertTrue(nodes[1].contains("acme.half") && nodes[1].contains("in module acme.half from acme-half.jar"), nodes[1]);

        Path patch = dir.resolve("half.json");
        Files.writeString(patch, "{ \"nodes\": [ { \"id\": \"h\", \"type\": \"acme.half\" } ],"
                + " \"outputs\": [ { \"from\": \"h\", \"channel\": 0 } ] }");
        Path wav = dir.resolve("half.wav");
        String[] render = run("render", patch.toString(), "--plugins", plugins.toString(), "-o", wav.toString(), "--seconds", "1");
        assertEquals("0", render[0], render[1]);
        assertEquals(0.5f, WavReader.read(wav).sample(0, 1000), 1e-4f);
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
