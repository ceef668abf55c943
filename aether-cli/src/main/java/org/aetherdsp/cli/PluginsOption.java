package org.aetherdsp.cli;

import java.nio.file.Path;
import java.util.List;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.NodeRegistry;
import org.aetherdsp.core.graph.UnknownNodeTypeException;
import org.aetherdsp.core.graph.UserText;
import picocli.CommandLine.Option;

/** The {@code --plugins DIR} option, shared by the commands that build an engine. */
final class PluginsOption {

    @Option(names = "--plugins", paramLabel = "DIR",
            description = "Also load node types from the plugin JARs in DIR (each in its own module layer).")
    Path folder;

    private NodeRegistry registry;

    /**
     * @param builder an engine builder
     * @return the builder, with the plugin folder if one was given
     */
    Engine.Builder applyTo(Engine.Builder builder) {
        return builder.registry(registry());
    }

    /** @return the node types, plugins included, loaded once for the command */
    NodeRegistry registry() {
        if (registry == null) {
            registry = folder == null ? NodeRegistry.load() : NodeRegistry.load(List.of(folder));
        }
        return registry;
    }

    /**
     * @return what to say of a node type that no installed namespace has: where a plugin that
     *         provides it would come from
     */
    String missingTypeHint() {
        return folder == null ? "a plugin may provide it: load the folder of its JAR with --plugins DIR"
                : "no plugin in " + UserText.quote(folder.toString()) + " provides it";
    }

    /**
     * @param typeId a node type id from the command line
     * @return its type
     * @throws IllegalArgumentException for an unknown type, with the registry's message and,
     *                                  if it is in no installed namespace, the plugin hint
     */
    org.aetherdsp.api.NodeType require(String typeId) {
        try {
            return registry().require(typeId);
        } catch (UnknownNodeTypeException e) {
            int dot = typeId.indexOf('.');
            String namespace = (dot < 0 ? typeId : typeId.substring(0, dot)) + ".";
            boolean installed = registry().types().stream().anyMatch(t -> t.id().startsWith(namespace));
            throw new IllegalArgumentException(e.getMessage() + (installed ? "" : "; " + missingTypeHint()), e);
        }
    }
}
