package org.aetherdsp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.aetherdsp.api.NodeProvider;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.OfflineRenderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugin JARs built for real (compiled here against the API, packed as JARs) and dropped in
 * a folder: modular ones declaring {@code provides} only, plain ones with
 * {@code META-INF/services}, and broken ones, which are reported and skipped.
 */
class PluginFolderTest {

    @TempDir
    Path dir;

    private static String provider(String pkg, String id, String body) {
        return "package " + pkg + ";\n"
                + "import org.aetherdsp.api.*;\nimport java.util.List;\n"
                + "public final class Provider implements NodeProvider {\n"
                + "  public List<NodeType> nodeTypes() {\n" + body + "\n"
                + "    return List.of(NodeType.of(\"" + id + "\", NodeDescriptor.builder(\"Half\").input(\"in\").output(\"out\").build(),\n"
                + "        () -> (in, out, p, ctx) -> { for (int i = 0; i < ctx.blockSize(); i++) out[0][i] = 0.5f; }));\n"
                + "  }\n}\n";
    }

    /** Compiles sources (path to text) against the API and packs them with extra resources into a JAR. */
    private Path jar(String name, Map<String, String> sources, Map<String, String> resources, boolean modular)
            throws IOException {
        Path src = Files.createDirectories(dir.resolve("src-" + name));
        Path out = Files.createDirectories(dir.resolve("out-" + name));
        List<String> files = new ArrayList<>();
        for (Map.Entry<String, String> s : sources.entrySet()) {
            Path f = src.resolve(s.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, s.getValue());
            files.add(f.toString());
        }
        String api = Path.of(NodeProvider.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString();
        List<String> args = new ArrayList<>(List.of("--release", "17", "-d", out.toString(),
                modular ? "--module-path" : "-classpath", api));
        args.addAll(files);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, args.toArray(new String[0])), "plugin " + name + " compiles");
        Path jar = dir.resolve("plugins").resolve(name + ".jar");
        Files.createDirectories(jar.getParent());
        try (JarOutputStream j = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> walk = Files.walk(out)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                j.putNextEntry(new JarEntry(out.relativize(f).toString().replace('\\', '/')));
                j.write(Files.readAllBytes(f));
                j.closeEntry();
            }
            for (Map.Entry<String, String> r : resources.entrySet()) {
                j.putNextEntry(new JarEntry(r.getKey()));
                j.write(r.getValue().getBytes(StandardCharsets.UTF_8));
                j.closeEntry();
            }
        }
        return jar;
    }

    private Path modularPlugin(String name, String module, String id, String body) throws IOException {
        return jar(name, Map.of(
                "module-info.java", "module " + module + " { requires org.aetherdsp.api; provides org.aetherdsp.api.NodeProvider with "
                        + module + ".Provider; }",
                module.replace('.', '/') + "/Provider.java", provider(module, id, body)), Map.of(), true);
    }

    private Path plainPlugin(String name, String pkg, String id, String body) throws IOException {
        return jar(name, Map.of(pkg.replace('.', '/') + "/Provider.java", provider(pkg, id, body)),
                Map.of("META-INF/services/org.aetherdsp.api.NodeProvider", pkg + ".Provider\n"), false);
    }

    @Test
    void nodesFromModularAndPlainPluginJarsAreFoundAndPlay() throws Exception {
        modularPlugin("acme-half", "acme.half", "acme.half", "");
        plainPlugin("beta-half", "beta.half", "beta.half", "");
        Engine engine = Engine.builder().discoverNodeTypes(false).pluginFolder(dir.resolve("plugins")).build();
        assertTrue(engine.registry().problems().isEmpty(), engine.registry().problems().toString());
        assertTrue(engine.registry().origin("acme.half").contains("acme-half.jar"), engine.registry().origin("acme.half"));
        assertTrue(engine.registry().origin("beta.half").contains("beta-half.jar"), engine.registry().origin("beta.half"));
        long n = engine.add("acme.half");
        engine.connectOutput(n, 0, 0);
        assertEquals(0.5f, OfflineRenderer.renderToArrays(engine, 128, null)[0][100]);
    }

    @Test
    void brokenJarsAreReportedNamingTheJarAndTheRestLoad() throws Exception {
        modularPlugin("good", "good.plugin", "good.node", "");
        plainPlugin("throws", "bad.plugin", "bad.node", "    if (true) throw new IllegalStateException(\"no license\");");
        Files.write(dir.resolve("plugins").resolve("garbage.jar"), new byte[] {1, 2, 3, 4});
        Engine engine = Engine.builder().discoverNodeTypes(false).pluginFolder(dir.resolve("plugins")).build();
        List<String> problems = engine.registry().problems();
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("garbage.jar")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("throws.jar") && p.contains("no license")), problems.toString());
        assertTrue(engine.registry().origin("good.node") != null, "the good plugin still loads");
    }

    @Test
    void twoPluginsClaimingOneIdIsAnErrorNamingBothJars() throws Exception {
        modularPlugin("first", "first.plugin", "shared.node", "");
        plainPlugin("second", "second.plugin", "shared.node", "");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Engine.builder().discoverNodeTypes(false).pluginFolder(dir.resolve("plugins")).build());
        assertTrue(e.getMessage().contains("shared.node") && e.getMessage().contains("first.jar")
                && e.getMessage().contains("second.jar"), e.getMessage());
    }

    /**
     * A plugin compiled against another API version: javac records that version in the
     * plugin's module-info ("requires org.aetherdsp.api" + compiled version), and the loader
     * refuses the JAR with a message saying what to do. Built here against a stand-in API
     * module that declares version 9.0.
     */
    @Test
    void aPluginBuiltAgainstAnIncompatibleApiVersionIsRefusedWithAClearMessage() throws Exception {
        Path stub = Files.createDirectories(dir.resolve("api9/src/org/aetherdsp/api"));
        Files.writeString(dir.resolve("api9/src/module-info.java"), "module org.aetherdsp.api { exports org.aetherdsp.api; }");
        Files.writeString(stub.resolve("NodeProvider.java"), "package org.aetherdsp.api; public interface NodeProvider {}");
        Path api9 = Files.createDirectories(dir.resolve("api9/classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "--release", "17", "--module-version", "9.0", "-d", api9.toString(),
                dir.resolve("api9/src/module-info.java").toString(), stub.resolve("NodeProvider.java").toString()));
        Path src = Files.createDirectories(dir.resolve("old/src/old/plugin"));
        Files.writeString(dir.resolve("old/src/module-info.java"),
                "module old.plugin { requires org.aetherdsp.api; provides org.aetherdsp.api.NodeProvider with old.plugin.P; }");
        Files.writeString(src.resolve("P.java"), "package old.plugin; public final class P implements org.aetherdsp.api.NodeProvider {}");
        Path out = Files.createDirectories(dir.resolve("old/classes"));
        assertEquals(0, javac.run(null, null, null, "--release", "17", "--module-path", api9.toString(), "-d", out.toString(),
                dir.resolve("old/src/module-info.java").toString(), src.resolve("P.java").toString()));
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        try (JarOutputStream j = new JarOutputStream(Files.newOutputStream(plugins.resolve("old-plugin.jar")));
             Stream<Path> walk = Files.walk(out)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                j.putNextEntry(new JarEntry(out.relativize(f).toString().replace('\\', '/')));
                j.write(Files.readAllBytes(f));
                j.closeEntry();
            }
        }
        modularPlugin("current", "current.plugin", "current.node", "");
        Engine engine = Engine.builder().discoverNodeTypes(false).pluginFolder(plugins).build();
        List<String> problems = engine.registry().problems();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("old-plugin.jar") && problems.get(0).contains("built against aether-api 9.0")
                && problems.get(0).contains("rebuild"), problems.get(0));
        assertTrue(engine.registry().origin("current.node") != null, "a plugin built against this API loads");
    }

    @Test
    void aMissingFolderIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Engine.builder().pluginFolder(dir.resolve("nope")).build());
        assertTrue(e.getMessage().contains("not a directory"), e.getMessage());
    }
}
