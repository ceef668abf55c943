package org.aetherdsp.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import org.aetherdsp.io.WavData;
import org.aetherdsp.io.WavReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example plugin (examples/plugin-tremolo), built by a real {@code mvn verify} of its own pom
 * against this reactor's artifacts, plays the same patch in the three ways a user can install it:
 * dropped into a plugin folder, added to the module path, added to the class path. The three WAV
 * files must be identical, byte for byte, and not silent.
 */
class PluginExampleIT {

    private static final String MAIN_CLASS = "org.aetherdsp.cli.Main";
    private static final String MAIN_MODULE = "org.aetherdsp.cli/" + MAIN_CLASS;

    @TempDir
    static Path dir;

    private static Path pluginJar;
    private static Path patch;

    @BeforeAll
    static void findThePluginBuild() {
        Path project = Examples.project("plugin-tremolo");
        pluginJar = project.resolve("target/acme-tremolo-1.0.0.jar");
        patch = project.resolve("patches/crushed-tremolo.json");
        assertTrue(Files.isRegularFile(pluginJar), "the plugin build produced no " + pluginJar);
    }

    private static List<String> render(String wav) {
        return List.of("render", patch.toString(), "-o", dir.resolve(wav).toString(), "--seconds", "3");
    }

    private static List<String> args(List<String> jvm, List<String> cli) {
        List<String> all = new ArrayList<>(jvm);
        all.addAll(cli);
        return all;
    }

    private static byte[] fromPluginFolder() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(pluginJar, plugins.resolve(pluginJar.getFileName()));
        List<String> cli = new ArrayList<>(render("folder.wav"));
        cli.addAll(List.of("--plugins", plugins.toString()));
        Examples.java(dir, args(List.of("--module-path", Examples.join(Examples.cliLib()), "-m", MAIN_MODULE), cli));
        return Files.readAllBytes(dir.resolve("folder.wav"));
    }

    private static byte[] onTheModulePath() throws Exception {
        List<Path> modulePath = new ArrayList<>(Examples.cliLib());
        modulePath.add(pluginJar);
        Examples.java(dir, args(List.of("--module-path", Examples.join(modulePath), "-m", MAIN_MODULE),
                render("module-path.wav")));
        return Files.readAllBytes(dir.resolve("module-path.wav"));
    }

    private static byte[] onTheClassPath() throws Exception {
        List<Path> classPath = new ArrayList<>(Examples.cliLib());
        classPath.add(pluginJar);
        Examples.java(dir, args(List.of("-cp", Examples.join(classPath), MAIN_CLASS), render("class-path.wav")));
        return Files.readAllBytes(dir.resolve("class-path.wav"));
    }

    @Test
    void thePatchRendersIdenticallyFromAPluginFolderTheModulePathAndTheClassPath() throws Exception {
        byte[] folder = fromPluginFolder();
        byte[] modulePath = onTheModulePath();
        byte[] classPath = onTheClassPath();

        WavData wav = WavReader.read(dir.resolve("folder.wav"));
        assertEquals(3 * 48_000, wav.frames());
        assertTrue(Examples.peak(wav) > 0.1f, "peak " + Examples.peak(wav) + ": the patch rendered silence");
        assertArrayEquals(folder, modulePath, "plugin folder vs module path");
        assertArrayEquals(folder, classPath, "plugin folder vs class path");
    }

    /**
     * The plugin was compiled against this build's API, not an older one: javac records the
     * version of every required module in module-info.class, and the isolated repository the
     * example was built from holds exactly the jar in aether-api/target. (Run aether-it with
     * {@code -am}: alone, Maven would hand it whatever old snapshot ~/.m2 holds, and this fails.)
     */
    @Test
    void thePluginWasBuiltAgainstTheApiThisReactorBuilt() throws Exception {
        String version = Examples.property("aether.version");
        ModuleDescriptor plugin;
        try (JarFile jar = new JarFile(pluginJar.toFile());
             InputStream in = jar.getInputStream(jar.getEntry("module-info.class"))) {
            plugin = ModuleDescriptor.read(in);
        }
        assertEquals("com.acme.tremolo", plugin.name());
        ModuleDescriptor.Requires api = plugin.requires().stream()
                .filter(r -> r.name().equals("org.aetherdsp.api")).findFirst().orElseThrow();
        assertEquals(version, api.compiledVersion().orElseThrow().toString());

        Path reactorApi = Path.of(Examples.property("aether.api.jar"));
        Path installed = Path.of(Examples.property("aether.it.repo"), "org", "aetherdsp", "aether-api", version,
                "aether-api-" + version + ".jar");
        assertArrayEquals(Files.readAllBytes(reactorApi), Files.readAllBytes(installed),
                installed + " is not the jar this reactor built (" + reactorApi + ")");
        assertTrue(plugin.requires().stream().noneMatch(r -> r.name().startsWith("org.aetherdsp.") && !r.name().equals("org.aetherdsp.api")),
                "the plugin requires only the API: " + plugin.requires());
    }
}
