package org.aetherdsp.cli;

import java.io.PrintWriter;
import java.util.List;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.NodeType;
import org.aetherdsp.api.ParamSpec;
import org.aetherdsp.core.engine.NodeRegistry;
import org.aetherdsp.state.json.JsonPatchCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code aether nodes}: lists the node types the engine finds. */
@Command(name = "nodes", mixinStandardHelpOptions = true,
        description = {"List every node type found, with its ports and parameters.",
                "A mode parameter lists its choices (mode: lowpass|highpass|...); a patch file may give either the"
                        + " name or its number."})
final class NodesCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    PluginsOption plugins = new PluginsOption();

    @picocli.CommandLine.Option(names = "--lv2", description = "List only the installed LV2 plugins (node types lv2:<URI>):"
            + " ports, parameters, scale points, and the plugins skipped and why (needs liblilv-0-0).")
    boolean lv2;

    @Override
    public void run() {
        NodeRegistry registry = plugins.registry();
        PrintWriter out = spec.commandLine().getOut();
        int listed = 0;
        for (NodeType t : registry.types()) {
            if (lv2 && !t.id().startsWith("lv2:")) {
                continue;
            }
            listed++;
            NodeDescriptor d = t.descriptor();
            out.println(t.id() + "  " + d.displayName() + "  (from " + registry.origin(t.id()) + ")");
            out.println("    inputs: " + ports(d.inputs()) + "; outputs: " + ports(d.outputs()));
            for (ParamSpec p : d.params()) {
                out.println("    param " + describe(p));
            }
            if (lv2) {
                Lv2Listing.scalePoints(t.id(), out);
            }
        }
        if (lv2) {
            for (String problem : Lv2Listing.problems()) {
                out.println("warning: " + problem);
            }
            out.println(listed + " LV2 plugin" + (listed == 1 ? "" : "s"));
        }
        for (String problem : registry.problems()) {
            out.println("warning: " + problem);
        }
        out.flush();
    }

    private static String ports(List<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    /**
     * @param p a parameter
     * @return {@code cutoff: 20..20000 Hz, default 1000 Hz, smoothing 20 ms}, or for a mode
     *         parameter {@code mode: lowpass|highpass|..., default lowpass}; numbers as a patch
     *         file writes them
     */
    static String describe(ParamSpec p) {
        String unit = p.unit().isEmpty() ? "" : " " + p.unit();
        StringBuilder b = new StringBuilder(p.id()).append(": ");
        if (!p.choices().isEmpty()) {
            b.append(String.join("|", p.choices())).append(", default ").append(p.choiceName(p.defaultValue()));
        } else {
            b.append(JsonPatchCodec.number(p.min())).append("..").append(JsonPatchCodec.number(p.max())).append(unit)
                    .append(", default ").append(JsonPatchCodec.number(p.defaultValue())).append(unit);
        }
        b.append(p.smoothingMs() > 0 ? ", smoothing " + JsonPatchCodec.number(p.smoothingMs()) + " ms" : ", not smoothed");
        return b.toString();
    }
}
