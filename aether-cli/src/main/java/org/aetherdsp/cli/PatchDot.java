package org.aetherdsp.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.aetherdsp.api.GraphSnapshot;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.ParamSpec;
import org.aetherdsp.core.engine.NodeRegistry;

/**
 * A patch as a Graphviz DOT digraph: one box per node (its id, type and the parameters that differ
 * from their defaults, with units), one edge per connection labelled with the port names
 * ({@code out -> in}), and the host output as a sink node that the outputs feed
 * ({@code left -> ch 0}); host input routes come from a source node for the host input
 * ({@code in 0 -> in}). Port names come from the node types in the registry; a type the
 * registry does not know is drawn with port numbers. The nodes of a subpatch instance (ids
 * {@code ch1/filter}, {@code bus/ch1/filter}) are drawn in a dashed box per instance, nested.
 */
final class PatchDot {

    /** The id of the sink node, unless a patch node already has it. */
    static final String HOST = "host output";
    /** The id of the host input source node, unless a patch node already has it. */
    static final String HOST_IN = "host input";

    private PatchDot() {
    }

    /**
     * @param patch    the patch
     * @param title    the graph's caption, e.g. the file name
     * @param registry the node types, for port names and parameter defaults
     * @return the DOT text, one statement per line
     */
    static String of(GraphSnapshot patch, String title, NodeRegistry registry) {
        StringBuilder dot = new StringBuilder();
        dot.append("digraph ").append(quote(title)).append(" {\n");
        dot.append("  graph [rankdir=LR, fontname=\"Helvetica\", labelloc=t, label=")
                .append(quote(String.format(Locale.ROOT, "%s: %d nodes, %s Hz, %d-frame blocks, %s%d ch", title,
                        patch.nodes().size(), number(patch.sampleRate()), patch.blockSize(),
                        patch.inputChannels() == 0 ? "" : patch.inputChannels() + " in, ", patch.outputChannels())))
                .append("];\n");
        dot.append("  node [shape=box, style=\"rounded,filled\", fillcolor=\"#eef2f7\", fontname=\"Helvetica\", fontsize=11];\n");
        dot.append("  edge [fontname=\"Helvetica\", fontsize=9, color=\"#55606e\"];\n");
        Set<String> ids = new HashSet<>();
        for (GraphSnapshot.NodeSnapshot n : patch.nodes()) {
            ids.add(n.id());
            List<String> lines = new ArrayList<>();
            lines.add(n.id());
            lines.add(n.typeId());
            NodeDescriptor d = descriptor(registry, n.typeId());
            for (Map.Entry<String, Float> p : n.params().entrySet()) {
                ParamSpec spec = d == null || d.paramIndex(p.getKey()) < 0 ? null : d.params().get(d.paramIndex(p.getKey()));
                if (spec != null && spec.defaultValue() == p.getValue()) {
                    continue;
                }
                String unit = spec == null || spec.unit().isEmpty() ? "" : " " + spec.unit();
                String name = spec == null || p.getValue() != Math.rint(p.getValue()) ? null : spec.choiceName(p.getValue());
                lines.add(p.getKey() + " = " + (name != null ? name : number(p.getValue()) + unit));
            }
            dot.append("  ").append(quote(n.id())).append(" [label=").append(label(lines)).append("];\n");
        }
        clusters(patch, dot);
        String host = HOST;
        while (ids.contains(host)) {
            host = host + "'";
        }
        if (!patch.outputs().isEmpty()) {
            dot.append("  ").append(quote(host)).append(" [shape=house, orientation=270, fillcolor=\"#fde9c8\", label=")
                    .append(label(List.of(HOST, patch.outputChannels() + " ch"))).append("];\n");
        }
        String hostIn = HOST_IN;
        while (ids.contains(hostIn)) {
            hostIn = hostIn + "'";
        }
        if (!patch.inputs().isEmpty()) {
            dot.append("  ").append(quote(hostIn)).append(" [shape=house, orientation=90, fillcolor=\"#d7f0dd\", label=")
                    .append(label(List.of(HOST_IN, patch.inputChannels() + " ch"))).append("];\n");
        }
        for (GraphSnapshot.Input i : patch.inputs()) {
            String to = portName(registry, patch, i.node(), i.port(), false);
            dot.append("  ").append(quote(hostIn)).append(" -> ").append(quote(i.node()))
                    .append(" [label=").append(quote("in " + i.channel() + " -> " + to)).append("];\n");
        }
        for (GraphSnapshot.Connection c : patch.connections()) {
            String from = portName(registry, patch, c.source(), c.sourcePort(), true);
            String to = portName(registry, patch, c.target(), c.targetPort(), false);
            dot.append("  ").append(quote(c.source())).append(" -> ").append(quote(c.target()))
                    .append(" [label=").append(quote(from + " -> " + to + (c.feedback() ? " (feedback, 1 block)" : "")))
                    // A feedback edge closes a loop: drawn dashed, and left out of the layout's ranking.
                    .append(c.feedback() ? ", style=dashed, constraint=false" : "").append("];\n");
        }
        for (GraphSnapshot.Output o : patch.outputs()) {
            String from = portName(registry, patch, o.node(), o.port(), true);
            dot.append("  ").append(quote(o.node())).append(" -> ").append(quote(host))
                    .append(" [label=").append(quote(from + " -> ch " + o.channel())).append("];\n");
        }
        dot.append("}\n");
        return dot.toString();
    }

    /** Nodes whose ids share a prefix before a '/' (a subpatch instance's, {@code ch1/filter}). */
    private static final class Group {
        final String path;
        final List<String> members = new ArrayList<>();
        final Map<String, Group> children = new java.util.LinkedHashMap<>();

        Group(String path) {
            this.path = path;
        }

        void append(StringBuilder dot) {
            dot.append("subgraph ").append(quote("cluster_" + path)).append(" { label=").append(quote(path))
                    .append("; style=\"rounded,dashed\"; color=\"#8a96a3\"; fontname=\"Helvetica\"; fontsize=10;");
            for (String m : members) {
                dot.append(' ').append(quote(m)).append(';');
            }
            for (Group g : children.values()) {
                dot.append(' ');
                g.append(dot);
            }
            dot.append(" }");
        }
    }

    /**
     * Draws the nodes of each subpatch instance in a box of its own, nested as the instances are:
     * one {@code subgraph cluster_...} line per outermost instance (ids with '/' are the flat ids
     * of instances; see the README's "Subpatches").
     */
    private static void clusters(GraphSnapshot patch, StringBuilder dot) {
        Group top = new Group("");
        for (GraphSnapshot.NodeSnapshot n : patch.nodes()) {
            String[] parts = n.id().split("/", -1);
            if (parts.length < 2 || java.util.Arrays.asList(parts).contains("")) {
                continue;
            }
            Group g = top;
            String path = "";
            for (int i = 0; i < parts.length - 1; i++) {
                path = i == 0 ? parts[0] : path + "/" + parts[i];
                String p = path;
                g = g.children.computeIfAbsent(parts[i], k -> new Group(p));
            }
            g.members.add(n.id());
        }
        for (Group g : top.children.values()) {
            dot.append("  ");
            g.append(dot);
            dot.append('\n');
        }
    }

    private static NodeDescriptor descriptor(NodeRegistry registry, String typeId) {
        for (org.aetherdsp.api.NodeType t : registry.types()) {
            if (t.id().equals(typeId)) {
                return t.descriptor();
            }
        }
        return null;
    }

    private static String portName(NodeRegistry registry, GraphSnapshot patch, String node, int port, boolean output) {
        for (GraphSnapshot.NodeSnapshot n : patch.nodes()) {
            if (n.id().equals(node)) {
                NodeDescriptor d = descriptor(registry, n.typeId());
                List<String> names = d == null ? List.of() : output ? d.outputs() : d.inputs();
                return port < names.size() ? names.get(port) : "#" + port;
            }
        }
        return "#" + port;
    }

    /** @return 440, 0.25, 1.5e+04: short, and exact for the values people type */
    static String number(float v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e7) {
            return Long.toString((long) v);
        }
        String s = String.format(Locale.ROOT, "%.4g", v);
        if (s.contains("e")) {
            return s;
        }
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static String label(List<String> lines) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                b.append("\\n");
            }
            b.append(escape(lines.get(i)));
        }
        return b.append('"').toString();
    }

    /** @return the text as a DOT double-quoted string */
    static String quote(String s) {
        return "\"" + escape(s) + "\"";
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
