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

    @Override
    public void run() {
        NodeRegistry registry = plugins.registry();
        PrintWriter out = spec.commandLine().getOut();
        for (NodeType t : registry.types()) {
            NodeDescriptor d = t.descriptor();
            out.println(t.id() + "  " + d.displayName() + "  (from " + registry.origin(t.id()) + ")");
            out.println("    inputs: " + ports(d.inputs()) + "; outputs: " + ports(d.outputs()));
            for (ParamSpec p : d.params()) {
                out.println("    param " + describe(p));
            }
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
