package org.aetherdsp.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.NodeType;
import org.aetherdsp.api.ParamSpec;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.NodeRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code aether nodes}: lists the node types the engine finds. */
@Command(name = "nodes", mixinStandardHelpOptions = true,
        description = "List every node type found, with its ports and parameters.")
final class NodesCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    PluginsOption plugins = new PluginsOption();

    @Override
    public void run() {
        NodeRegistry registry = plugins.applyTo(Engine.builder()).build().registry();
        PrintWriter out = spec.commandLine().getOut();
        for (NodeType t : registry.types()) {
            NodeDescriptor d = t.descriptor();
            out.printf(Locale.ROOT, "%s  %s  (from %s)%n", t.id(), d.displayName(), registry.origin(t.id()));
            out.printf(Locale.ROOT, "    inputs %s, outputs %s%n", d.inputs(), d.outputs());
            for (ParamSpec p : d.params()) {
                out.printf(Locale.ROOT, "    param %-8s %g..%g %s, default %g, smoothing %g ms%n",
                        p.id(), p.min(), p.max(), p.unit(), p.defaultValue(), p.smoothingMs());
            }
        }
        for (String problem : registry.problems()) {
            out.println("warning: " + problem);
        }
        out.flush();
    }
}
