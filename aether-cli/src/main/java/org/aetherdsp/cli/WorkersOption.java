package org.aetherdsp.cli;

import org.aetherdsp.core.engine.Engine;
import picocli.CommandLine.Option;

/** The {@code --workers N} option, shared by the commands that run a graph: the parallel scheduler. */
final class WorkersOption {

    /** The largest count {@link Engine.Builder#workers} takes. */
    static final int MAX = 64;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "1",
            description = "Run the graph on N threads: the audio thread and N-1 helpers, each wanting a core of its own."
                    + " Output is bit-identical to one thread's (default: ${DEFAULT-VALUE}).")
    int workers = 1;

    /**
     * @param builder an engine builder
     * @return the builder, with the worker count
     * @throws IllegalArgumentException naming the option, if the count is out of range
     */
    Engine.Builder applyTo(Engine.Builder builder) {
        if (workers < 1 || workers > MAX) {
            throw new IllegalArgumentException("--workers must be within 1.." + MAX + ", got " + workers);
        }
        return builder.workers(workers);
    }
}
