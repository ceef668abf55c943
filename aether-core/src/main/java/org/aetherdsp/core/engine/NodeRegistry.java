package org.aetherdsp.core.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeSet;
import org.aetherdsp.api.NodeProvider;
import org.aetherdsp.api.NodeType;
import org.aetherdsp.core.graph.UnknownNodeTypeException;
import org.aetherdsp.core.graph.UserText;

/**
 * The node types an engine can create, by id: those found with {@link ServiceLoader} plus
 * any added in code. Immutable once built. A provider that cannot be loaded or whose
 * {@code nodeTypes()} throws is skipped and listed in {@link #problems()}; two providers
 * claiming one id are an error naming both.
 */
public final class NodeRegistry {

    private final Map<String, NodeType> types;
    private final Map<String, String> origins;
    private final List<String> problems;

    private NodeRegistry(Map<String, NodeType> types, Map<String, String> origins, List<String> problems) {
        this.types = Collections.unmodifiableMap(types);
        this.origins = Collections.unmodifiableMap(origins);
        this.problems = List.copyOf(problems);
    }

    /**
     * The node types every {@link NodeProvider} visible to {@link ServiceLoader} offers (module
     * path and class path), for tools and tests that need types without an engine.
     *
     * @return the registry
     * @throws IllegalStateException if two providers claim the same node type id
     */
    public static NodeRegistry load() {
        return build(true, List.of(), List.of());
    }

    /**
     * The node types found with {@link ServiceLoader} plus those in plugin folders (see
     * {@link Engine.Builder#pluginFolder}). Build it once and hand it to
     * {@link Engine.Builder#registry} and to anything that validates patches, so that plugin
     * JARs are loaded once.
     *
     * @param pluginFolders directories of plugin JARs
     * @return the registry
     * @throws IllegalStateException    if two providers claim the same node type id
     * @throws IllegalArgumentException if a folder is not a directory
     */
    public static NodeRegistry load(List<java.nio.file.Path> pluginFolders) {
        return build(true, List.of(), List.of(), pluginFolders);
    }

    /**
     * @param discover  whether to look up {@link NodeProvider}s with {@link ServiceLoader}
     * @param providers providers given in code
     * @param extra     node types given in code
     * @return the registry
     * @throws IllegalStateException if two sources claim the same node type id
     */
    static NodeRegistry build(boolean discover, List<NodeProvider> providers, List<NodeType> extra) {
        return build(discover, providers, extra, List.of());
    }

    static NodeRegistry build(boolean discover, List<NodeProvider> providers, List<NodeType> extra,
                              List<java.nio.file.Path> pluginFolders) {
        Map<String, NodeType> types = new LinkedHashMap<>();
        Map<String, String> origins = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        if (discover) {
            Iterator<NodeProvider> it = ServiceLoader.load(NodeProvider.class).iterator();
            while (true) {
                NodeProvider p;
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    p = it.next();
                } catch (ServiceConfigurationError e) {
                    problems.add("node provider skipped: " + e.getMessage());
                    continue;
                }
                addAll(types, origins, problems, p);
            }
        }
        for (NodeProvider p : providers) {
            addAll(types, origins, problems, p);
        }
        for (java.nio.file.Path folder : pluginFolders) {
            for (PluginFolder.Found f : PluginFolder.load(folder, problems)) {
                addAll(types, origins, problems, f.provider(), f.origin());
            }
        }
        for (NodeType t : extra) {
            add(types, origins, t, "code");
        }
        return new NodeRegistry(types, origins, problems);
    }

    private static void addAll(Map<String, NodeType> types, Map<String, String> origins, List<String> problems, NodeProvider p) {
        addAll(types, origins, problems, p, describe(p));
    }

    private static void addAll(Map<String, NodeType> types, Map<String, String> origins, List<String> problems,
                               NodeProvider p, String origin) {
        List<NodeType> list;
        try {
            list = p.nodeTypes();
        } catch (RuntimeException | LinkageError e) {
            problems.add("node provider " + origin + " skipped: nodeTypes() threw " + e);
            return;
        }
        if (list == null) {
            problems.add("node provider " + origin + " skipped: nodeTypes() returned null");
            return;
        }
        for (NodeType t : list) {
            add(types, origins, t, origin);
        }
    }

    private static void add(Map<String, NodeType> types, Map<String, String> origins, NodeType t, String origin) {
        String previous = origins.putIfAbsent(t.id(), origin);
        if (previous != null) {
            throw new IllegalStateException("node type id '" + t.id() + "' is provided twice: by " + previous + " and by " + origin);
        }
        types.put(t.id(), t);
    }

    private static String describe(NodeProvider p) {
        Module m = p.getClass().getModule();
        return p.getClass().getName() + (m.isNamed() ? " in module " + m.getName() : " (class path)");
    }

    /**
     * @param id a node type id
     * @return the node type
     * @throws UnknownNodeTypeException naming the id (quoted, at most 80 characters) and the few
     *                                  known ids closest to it
     */
    public NodeType require(String id) {
        NodeType t = id == null ? null : types.get(id);
        if (t == null) {
            throw new UnknownNodeTypeException("unknown node type " + UserText.quote(id) + "; "
                    + (types.isEmpty() ? "no node types are known (no NodeProvider was found)"
                            : "closest known types: " + UserText.list(UserText.nearest(id, new TreeSet<>(types.keySet())))), id);
        }
        return t;
    }


    /** @return every node type, in discovery order */
    public Collection<NodeType> types() {
        return types.values();
    }

    /**
     * @param id a node type id
     * @return where it came from (provider class and module), or null if unknown
     */
    public String origin(String id) {
        return origins.get(id);
    }

    /** @return providers that were skipped, and why */
    public List<String> problems() {
        return problems;
    }
}
