package org.aetherdsp.lv2;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aetherdsp.api.NodeType;

/**
 * The installed LV2 plugins, found by lilv: those in {@code LV2_PATH}, or in the standard folders
 * ({@code ~/.lv2}, {@code /usr/local/lib/lv2}, {@code /usr/lib/lv2}) when it is not set. Each usable
 * plugin is a node type {@code lv2:<URI>}; a plugin that cannot be used (its data does not verify,
 * its binary is missing, a port of an unknown type) is skipped and listed in {@link #problems()}
 * by URI.
 *
 * <p>Threads: control side. The lilv world of a host lives as long as the process (the node types
 * it made may be created at any time); hosts are few (one for the standard folders).
 */
public final class Lv2Host {

    private static Lv2Host standard;

    private final long world;
    private final Map<String, Lv2Plugin> plugins;
    private final Map<String, Lv2Layout> layouts;
    private final List<String> problems;

    private Lv2Host(long world, Map<String, Lv2Plugin> plugins, Map<String, Lv2Layout> layouts, List<String> problems) {
        this.world = world;
        this.plugins = Collections.unmodifiableMap(plugins);
        this.layouts = layouts;
        this.problems = List.copyOf(problems);
    }

    /** @return whether the native host (aether-lv2's shim and liblilv) could be loaded */
    public static boolean available() {
        return Lv2Native.problem() == null;
    }

    /** @return null when {@link #available()}, otherwise why not (what to install) */
    public static String unavailableReason() {
        return Lv2Native.problem();
    }

    /**
     * The plugins in {@code LV2_PATH} or the standard folders, discovered once per process.
     *
     * @return the host
     * @throws Lv2Exception if the native host is not available ({@link #unavailableReason()})
     */
    public static synchronized Lv2Host standard() {
        if (standard == null) {
            standard = open(null);
        }
        return standard;
    }

    /**
     * The plugins found in a search path of its own (a new lilv world).
     *
     * @param lv2Path folders separated by {@code :} as in {@code LV2_PATH}, or null for the environment's
     * @return the host
     * @throws Lv2Exception if the native host is not available
     */
    public static Lv2Host open(String lv2Path) {
        String problem = Lv2Native.problem();
        if (problem != null) {
            throw new Lv2Exception(null, problem);
        }
        long world = Lv2Native.worldNew(lv2Path);
        Map<String, Lv2Plugin> plugins = new LinkedHashMap<>();
        Map<String, Lv2Layout> layouts = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Lv2Plugin p : parse(new String(Lv2Native.describe(world), java.nio.charset.StandardCharsets.UTF_8), problems)) {
            try {
                layouts.put(p.uri(), Lv2Layout.of(p));
                plugins.put(p.uri(), p);
            } catch (Lv2Exception | IllegalArgumentException e) {
                problems.add("LV2 plugin <" + p.uri() + "> skipped: " + e.getMessage());
            }
        }
        return new Lv2Host(world, plugins, layouts, problems);
    }

    /** @return the usable plugins, in lilv's order */
    public List<Lv2Plugin> plugins() {
        return List.copyOf(plugins.values());
    }

    /**
     * @param uri a plugin URI
     * @return the plugin, or null if it is not installed (or was skipped)
     */
    public Lv2Plugin plugin(String uri) {
        return plugins.get(uri);
    }

    /** @return one line per plugin that was skipped, naming its URI and why */
    public List<String> problems() {
        return problems;
    }

    /**
     * @return a node type {@code lv2:<URI>} for every usable plugin; a plugin that requires a
     *         feature this host lacks is listed too, and refused when created
     *         ({@link Lv2FeatureException})
     */
    public List<NodeType> nodeTypes() {
        List<NodeType> out = new ArrayList<>();
        for (Lv2Plugin p : plugins.values()) {
            Lv2Layout layout = layouts.get(p.uri());
            out.add(NodeType.of(p.typeId(), layout.descriptor, () -> new Lv2Node(this, layout)));
        }
        return out;
    }

    /**
     * A node of a plugin, for code that drives it by hand (tests, tools); engines create nodes
     * through {@link #nodeTypes()}.
     *
     * @param uri the plugin URI
     * @return a new, unprepared node
     * @throws Lv2Exception if the plugin is not installed; {@link Lv2FeatureException} if it requires a missing feature
     */
    public Lv2Node create(String uri) {
        Lv2Layout layout = layouts.get(uri);
        if (layout == null) {
            throw new Lv2Exception(uri, "LV2 plugin <" + uri + "> is not installed (or was skipped); " + plugins.size()
                    + " plugins are: lv2ls lists them");
        }
        return new Lv2Node(this, layout);
    }

    long world() {
        return world;
    }

    /** The native description: one record per line, tab-separated (see aether_lv2.c). */
    static List<Lv2Plugin> parse(String text, List<String> problems) {
        List<Lv2Plugin> out = new ArrayList<>();
        Builder current = null;
        Set<String> failed = new HashSet<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            switch (f[0]) {
                case "E" -> {
                    if (failed.add(f[1])) {
                        problems.add("LV2 plugin <" + f[1] + "> skipped: " + f[2]);
                    }
                }
                case "P" -> {
                    if (current != null) {
                        out.add(current.build());
                    }
                    current = new Builder(f[1], f[2], f[3], f[4]);
                }
                case "R" -> current.required.add(f[1]);
                case "X" -> current.extensions.add(f[1]);
                case "T" -> current.ports.add(new PortBuilder(f));
                case "S" -> current.ports.get(current.ports.size() - 1).points.add(new Lv2Port.ScalePoint(num(f[1]), f[2]));
                default -> throw new IllegalStateException("native LV2 description has an unknown record: " + line);
            }
        }
        if (current != null) {
            out.add(current.build());
        }
        return out;
    }

    private static float num(String s) {
        return "nan".equals(s) ? Float.NaN : Float.parseFloat(s);
    }

    private static final class Builder {
        final String uri, name, cls, binary;
        final List<String> required = new ArrayList<>();
        final List<String> extensions = new ArrayList<>();
        final List<PortBuilder> ports = new ArrayList<>();

        Builder(String uri, String name, String cls, String binary) {
            this.uri = uri;
            this.name = name;
            this.cls = cls;
            this.binary = binary;
        }

        Lv2Plugin build() {
            List<Lv2Port> list = new ArrayList<>();
            for (PortBuilder p : ports) {
                list.add(p.build());
            }
            return new Lv2Plugin(uri, name, cls, binary, required, extensions, list);
        }
    }

    private static final class PortBuilder {
        final String[] f;
        final List<Lv2Port.ScalePoint> points = new ArrayList<>();

        PortBuilder(String[] f) {
            this.f = f;
        }

        Lv2Port build() {
            Lv2Port.Kind kind = switch (f[2]) {
                case "audio" -> Lv2Port.Kind.AUDIO;
                case "control" -> Lv2Port.Kind.CONTROL;
                case "cv" -> Lv2Port.Kind.CV;
                case "atom" -> Lv2Port.Kind.ATOM;
                default -> Lv2Port.Kind.OTHER;
            };
            Set<String> props = new HashSet<>();
            for (String p : f[10].split(",")) {
                if (!p.isEmpty()) {
                    props.add(p);
                }
            }
            return new Lv2Port(Integer.parseInt(f[1]), kind, "in".equals(f[3]), f[4], f[5], num(f[6]), num(f[7]), num(f[8]),
                    f[9], props, points);
        }
    }
}
