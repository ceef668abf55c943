package org.aetherdsp.cli;

import java.nio.file.Path;
import org.aetherdsp.core.engine.Engine;
import picocli.CommandLine.Option;

/** The {@code --plugins DIR} option, shared by the commands that build an engine. */
final class PluginsOption {

    @Option(names = "--plugins", paramLabel = "DIR",
            description = "Also load node types from the plugin JARs in DIR (each in its own module layer).")
    Path folder;

    /**
     * @param builder an engine builder
     * @return the builder, with the plugin folder if one was given
     */
    Engine.Builder applyTo(Engine.Builder builder) {
        return builder.registry(registry());
    }

    private org.aetherdsp.core.engine.NodeRegistry registry;

    /** @return the node types, plugins included, loaded once for the command */
    org.aetherdsp.core.engine.NodeRegistry registry() {
        if (registry == null) {
            registry = folder == null ? org.aetherdsp.core.engine.NodeRegistry.load()
                    : org.aetherdsp.core.engine.NodeRegistry.load(java.util.List.of(folder));
        }
        return registry;
    }
}
