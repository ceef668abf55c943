package org.aetherdsp.cli;

import java.util.concurrent.atomic.AtomicInteger;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.io.driver.RealtimeScheduling;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code --workers N} option, shared by the commands that run a graph: the parallel scheduler. */
final class WorkersOption {

    /** The largest count {@link Engine.Builder#workers} takes. */
    static final int MAX = 64;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "1",
            description = "Run the graph on N threads: the audio thread and N-1 helpers, each wanting a core of its own."
                    + " Output is bit-identical to one thread's (default: ${DEFAULT-VALUE}).")
    int workers = 1;

    /** The command this option is on, for its usage errors. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** With a real-time priority: helpers that got SCHED_FIFO, and why one did not. */
    private final AtomicInteger fifoHelpers = new AtomicInteger();
    private volatile String helperRefusal;

    /**
     * @param builder an engine builder
     * @return the builder, with the worker count
     * @throws picocli.CommandLine.ParameterException naming the option, if the count is out of range
     */
    Engine.Builder applyTo(Engine.Builder builder) {
        return applyTo(builder, 0);
    }

    /**
     * The worker count, and with {@code --rt-fifo} the helpers under {@code SCHED_FIFO} one
     * priority below the RT thread (a helper preempted in the middle of a cluster would make
     * the RT thread wait for it).
     *
     * @param builder an engine builder
     * @param rtFifo  the RT thread's {@code SCHED_FIFO} priority, or 0 for ordinary scheduling
     * @return the builder
     * @throws picocli.CommandLine.ParameterException if the count is out of range, or if under
     *                                  {@code SCHED_FIFO} there are more workers than cores
     */
    Engine.Builder applyTo(Engine.Builder builder, int rtFifo) {
        check(rtFifo);
        builder.workers(workers);
        if (rtFifo == 0) {
            return builder;
        }
        int priority = Math.max(1, rtFifo - 1);
        return builder.helperStart(() -> {
            String refused = RealtimeScheduling.setFifo(priority);
            if (refused == null) {
                fifoHelpers.incrementAndGet();
            } else {
                helperRefusal = refused;
            }
        });
    }

    /**
     * Refuses, before anything runs, what {@link #applyTo(Engine.Builder, int)} would.
     *
     * @param rtFifo the RT thread's {@code SCHED_FIFO} priority, or 0 for ordinary scheduling
     * @throws picocli.CommandLine.ParameterException (exit code 2) if the count is out of
     *                                  range, or if under {@code SCHED_FIFO} there are more
     *                                  workers than cores
     */
    void check(int rtFifo) {
        if (workers < 1 || workers > MAX) {
            throw Main.usage(command, "--workers must be within 1.." + MAX + ", got " + workers);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        if (rtFifo != 0 && workers > cores) {
            // A worker that waits for another's cluster spins; under SCHED_FIFO a spinner never
            // lets a lower-priority thread on its core run, so every worker needs a core.
            throw Main.usage(command, "--rt-fifo with --workers " + workers + " needs a core per worker; this"
                    + " machine has " + cores);
        }
    }

    /**
     * @param rtFifo the priority given to {@link #applyTo(Engine.Builder, int)}
     * @return {@code helper workers under SCHED_FIFO: k of n}, with the reason if one was
     *         refused; null without helpers or without a real-time priority
     */
    String helperScheduling(int rtFifo) {
        if (rtFifo == 0 || workers < 2) {
            return null;
        }
        return "helper workers under SCHED_FIFO: " + fifoHelpers.get() + " of " + (workers - 1)
                + (helperRefusal == null ? "" : " (" + helperRefusal + ")");
    }
}
