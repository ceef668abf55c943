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

    private static void loadAsLayer(Path jar, List<Found> found, List<String> problems) {
        ModuleFinder finder = ModuleFinder.of(jar);
        Set<ModuleReference> modules = finder.findAll(); // FindException for a broken module-info
        if (modules.isEmpty()) {
            problems.add("plugin " + jar.getFileName() + " skipped: it holds no module");
            return;
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
        URLClassLoader loader;
        try {
            loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, NodeProvider.class.getClassLoader());
        } catch (IOException e) {
            problems.add("plugin " + jar.getFileName() + " skipped: " + e.getMessage());
            return;
        }
        int before = found.size();
        collect(ServiceLoader.load(NodeProvider.class, loader), jar, null, found, problems);
        if (found.size() > before) {
            return;
        }
        // A modular JAR without META-INF/services: read its descriptor's provides.
        Set<ModuleReference> modules = ModuleFinder.of(jar).findAll();
        for (ModuleReference m : modules) {
            ModuleDescriptor d = m.descriptor();
            for (ModuleDescriptor.Provides p : d.provides()) {
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
