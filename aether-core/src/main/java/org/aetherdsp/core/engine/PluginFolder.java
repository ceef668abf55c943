package org.aetherdsp.core.engine;

import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Stream;
import org.aetherdsp.api.NodeProvider;

/**
 * Loads {@link NodeProvider}s from the JARs of a folder, each JAR on its own, so that one
 * broken plugin is reported and skipped while the rest load.
 *
 * <p>When Aether itself runs as named modules (the API in a module, e.g. {@code java -m}),
 * every JAR becomes its own child {@link ModuleLayer} of the layer the API is in (a plain JAR
 * becomes an automatic module) and its providers are found with
 * {@code ServiceLoader.load(layer, NodeProvider.class)}. When Aether runs on the class path,
 * every JAR gets its own {@link URLClassLoader}, and its providers come from
 * {@code META-INF/services} or, for a modular JAR, from its module descriptor's
 * {@code provides}.
 */
final class PluginFolder {

    /** A provider and where it came from. */
    record Found(NodeProvider provider, String origin) {
    }

    private PluginFolder() {
    }

    static List<Found> load(Path folder, List<String> problems) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("plugin folder " + folder + " is not a directory");
        }
        List<Path> jars;
        try (Stream<Path> files = Files.list(folder)) {
            jars = files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot list plugin folder " + folder + ": " + e.getMessage(), e);
        }
        List<Found> found = new ArrayList<>();
        for (Path jar : jars) {
            try {
                if (NodeProvider.class.getModule().isNamed()) {
                    loadAsLayer(jar, found, problems);
                } else {
                    loadOnClassLoader(jar, found, problems);
                }
            } catch (RuntimeException | LinkageError e) {
                problems.add("plugin " + jar.getFileName() + " skipped: " + e);
            }
        }
        return found;
    }

    /**
     * How the API version is declared and checked: nothing for plugin authors to write. javac
     * records in a plugin's {@code module-info.class} the version of {@code org.aetherdsp.api}
     * it was compiled against ({@link ModuleDescriptor.Requires#compiledVersion()}); it must
     * have the running API's major version, and before 1.0 also its minor version. A plain
     * (non-modular) JAR carries no such record and is accepted.
     *
     * @return null if compatible, else why not
     */
    static String incompatibleApi(ModuleDescriptor plugin) {
        java.util.Optional<ModuleDescriptor.Version> running = RUNNING_API;
        for (ModuleDescriptor.Requires r : plugin.requires()) {
            if (r.name().equals(API_MODULE) && r.compiledVersion().isPresent() && running.isPresent()) {
                String built = r.compiledVersion().get().toString();
                String runs = running.get().toString();
                int[] b = majorMinor(built);
                int[] n = majorMinor(runs);
                if (b[0] != n[0] || (n[0] == 0 && b[1] != n[1])) {
                    return "it was built against aether-api " + built + ", which this engine (aether-api " + runs
                            + ") cannot run; rebuild the plugin against aether-api " + runs;
                }
            }
        }
        return null;
    }

    private static final String API_MODULE = "org.aetherdsp.api";

    /** The running API's version: from its module, or on the class path from its module-info.class. */
    private static final java.util.Optional<ModuleDescriptor.Version> RUNNING_API =
            NodeProvider.class.getModule().isNamed() ? NodeProvider.class.getModule().getDescriptor().version()
                    : apiVersionOnClassPath();

    /** On the class path: the version in the API's own {@code module-info.class}, read from its jar or directory. */
    private static java.util.Optional<ModuleDescriptor.Version> apiVersionOnClassPath() {
        try {
            Path source = Path.of(NodeProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(source)) {
                try (java.io.InputStream in = Files.newInputStream(source.resolve("module-info.class"))) {
                    return ModuleDescriptor.read(in).version();
                }
            }
            try (java.util.jar.JarFile jar = new java.util.jar.JarFile(source.toFile())) {
                java.util.jar.JarEntry entry = jar.getJarEntry("module-info.class");
                if (entry == null) {
                    return java.util.Optional.empty();
                }
                try (java.io.InputStream in = jar.getInputStream(entry)) {
                    return ModuleDescriptor.read(in).version();
                }
            }
        } catch (IOException | RuntimeException | java.net.URISyntaxException e) {
            return java.util.Optional.empty(); // unknown: accept, as for a plain plugin JAR
        }
    }

    private static int[] majorMinor(String version) {
        String[] parts = version.split("[.\\-+]");
        int[] mm = new int[2];
        for (int i = 0; i < 2 && i < parts.length; i++) {
            try {
                mm[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                mm[i] = -1;
            }
        }
        return mm;
    }

    /** @return whether the module may load; if not, the reason is added to {@code problems} */
    private static boolean compatible(Path jar, ModuleDescriptor module, List<String> problems) {
        String why = incompatibleApi(module);
        if (why != null) {
            problems.add("plugin " + jar.getFileName() + " (module " + module.name() + ") skipped: " + why);
            return false;
        }
        return true;
    }

    private static void loadAsLayer(Path jar, List<Found> found, List<String> problems) {
        ModuleFinder finder = ModuleFinder.of(jar);
        Set<ModuleReference> modules = finder.findAll(); // FindException for a broken module-info
        if (modules.isEmpty()) {
            problems.add("plugin " + jar.getFileName() + " skipped: it holds no module");
            return;
        }
        for (ModuleReference m : modules) {
            if (!compatible(jar, m.descriptor(), problems)) {
                return;
            }
        }
        List<String> roots = new ArrayList<>();
        for (ModuleReference m : modules) {
            roots.add(m.descriptor().name());
        }
        ModuleLayer parent = NodeProvider.class.getModule().getLayer();
        Configuration cf = parent.configuration().resolveAndBind(finder, ModuleFinder.of(), roots);
        ModuleLayer layer = parent.defineModulesWithOneLoader(cf, NodeProvider.class.getClassLoader());
        collect(ServiceLoader.load(layer, NodeProvider.class), jar, layer, found, problems);
    }

    private static void loadOnClassLoader(Path jar, List<Found> found, List<String> problems) throws LinkageError {
        // On the class path a plain JAR needs no module name; only a modular JAR has a descriptor.
        ModuleDescriptor descriptor;
        try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
            java.util.jar.JarEntry entry = file.getJarEntry("module-info.class");
            descriptor = entry == null ? null : ModuleDescriptor.read(file.getInputStream(entry));
        } catch (IOException | RuntimeException e) {
            problems.add("plugin " + jar.getFileName() + " skipped: not a readable JAR (" + e + ")");
            return;
        }
        if (descriptor != null && !compatible(jar, descriptor, problems)) {
            return;
        }
        URLClassLoader loader;
        try {
            loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, NodeProvider.class.getClassLoader());
        } catch (IOException e) {
            problems.add("plugin " + jar.getFileName() + " skipped: " + e.getMessage());
            return;
        }
        int before = found.size();
        collect(ServiceLoader.load(NodeProvider.class, loader), jar, null, found, problems);
        if (found.size() > before || descriptor == null) {
            return;
        }
        // A modular JAR without META-INF/services: use its descriptor's provides.
        for (ModuleDescriptor.Provides p : descriptor.provides()) {
            if (!p.service().equals(NodeProvider.class.getName())) {
                continue;
            }
            for (String impl : p.providers()) {
                try {
                    Class<?> c = Class.forName(impl, true, loader);
                    NodeProvider provider = (NodeProvider) c.getConstructor().newInstance();
                    found.add(new Found(provider, describe(provider, jar)));
                } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                    problems.add("plugin " + jar.getFileName() + ": provider " + impl + " skipped: " + e);
                }
            }
        }
    }

    private static void collect(ServiceLoader<NodeProvider> loader, Path jar, ModuleLayer layer,
                                List<Found> found, List<String> problems) {
        Iterator<ServiceLoader.Provider<NodeProvider>> it = loader.stream().iterator();
        while (true) {
            ServiceLoader.Provider<NodeProvider> p;
            try {
                if (!it.hasNext()) {
                    return;
                }
                p = it.next();
                // Only this JAR's providers: the parent layers' are loaded elsewhere.
                if (layer != null && p.type().getModule().getLayer() != layer) {
                    continue;
                }
                if (layer == null && p.type().getClassLoader() == NodeProvider.class.getClassLoader()) {
                    continue;
                }
                NodeProvider provider = p.get();
                found.add(new Found(provider, describe(provider, jar)));
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                problems.add("plugin " + jar.getFileName() + ": provider skipped: " + e.getMessage());
            }
        }
    }

    private static String describe(NodeProvider p, Path jar) {
        Module m = p.getClass().getModule();
        return p.getClass().getName() + (m.isNamed() ? " in module " + m.getName() : "") + " from " + jar.getFileName();
    }
}
