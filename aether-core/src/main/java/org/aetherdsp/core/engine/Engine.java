package org.aetherdsp.core.engine;

import java.lang.ref.Cleaner;
import java.util.Map;
import java.util.function.Consumer;
import org.aetherdsp.api.GraphSnapshot;
import org.aetherdsp.core.graph.PatchException;

/**
 * The engine: a graph edited on the control side and run block by block by an RT thread.
 *
 * <pre>{@code
 * Engine engine = Engine.builder().sampleRate(48_000).blockSize(64).build();
 * long osc = engine.add("std.osc.sine");
 * long amp = engine.add("std.gain");
 * engine.connect(osc, 0, amp, 0);
 * engine.connectOutput(amp, 0, 0);
 * engine.setParam(osc, "freq", 440f, 20f);
 * engine.process(host);              // on the RT thread, once per block
 * }</pre>
 *
 * <h2>Threads: the contract</h2>
 * <ul>
 *   <li><b>RT thread.</b> {@link #process} is called by one thread at a time (a driver callback
 *       or an offline loop). It never allocates, locks, blocks or waits for the control side.</li>
 *   <li><b>Control side.</b> Every other method may be called from any thread. Calls are
 *       serialised on the engine's lock, so one thread at a time owns the control side; a batch
 *       ({@link #beginBatch}) keeps it from the batch's start to its commit or close, so no
 *       other thread ever sees a half-applied batch: another thread's call waits until the
 *       batch is done. A control method never waits for the RT thread: when the command ring is
 *       full it refuses with {@link CommandQueueFullException}. It validates its arguments
 *       completely and throws a {@link org.aetherdsp.core.graph.GraphException} subclass naming
 *       the bad node, port, type or parameter with the engine unchanged.</li>
 *   <li><b>Transactions.</b> Each committed batch, and each edit outside a batch, reaches the
 *       RT thread as <em>one</em> message, applied whole at one block boundary: the new plan
 *       (if the structure changed) and every parameter change together.</li>
 *   <li><b>Lock-free reads.</b> {@link #stats()}, the configuration getters and the helper
 *       queries never take the engine's lock: a status display never waits for an edit.</li>
 * </ul>
 *
 * <h2>Several workers</h2>
 * With {@link Builder#workers(int) workers(n)}, n &gt; 1, the thread calling {@link #process}
 * is worker 0 and the engine starts n - 1 helper threads. Plans are compiled with a cluster
 * schedule, and the independent parts of the graph run side by side; the output is bit for bit
 * the output of one worker. A graph with nothing to run side by side (a chain) runs serially on
 * the calling thread. {@link #close()} stops the helpers.
 */
public final class Engine extends EngineEdits implements AutoCloseable {

    private static final String HOST_BUFFER_TOO_SHORT = "a host buffer is shorter than the engine's block size";

    /** Stops the helpers on {@link #close}, or once this engine is unreachable if nobody closed it. */
    private final Cleaner.Cleanable helperStop;

    Engine(Builder b) {
        super(b);
        // The action holds the helpers, never the engine: the helpers reach only the hand-off.
        this.helperStop = helpers == null ? null : HelperCleaner.CLEANER.register(this, helpers::stop);
    }

    /** One daemon thread, started by the first engine with helpers. */
    private static final class HelperCleaner {
        static final Cleaner CLEANER = Cleaner.create();
    }

    /**
     * @return a builder with 48 kHz, 64-frame blocks, 2 output channels. Any thread.
     */
    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- RT thread

    /**
     * Processes one block on the calling thread (the RT thread): applies pending transactions,
     * runs the graph and writes {@code host} through the safety stage (the non-finite guard and
     * the limiter, if one was configured). Never allocates, locks or blocks; a node that throws
     * is bypassed and reported through {@link #drainFaults()}.
     *
     * @param host one array per host channel, each at least {@link #blockSize()} long;
     *             channels beyond {@link #outputChannels()} are filled with silence
     * @throws IllegalArgumentException if a host buffer is shorter than a block (a driver bug)
     */
    public void process(float[][] host) {
        process(null, host);
    }

    /**
     * Processes one block of host input into one block of output, on the calling thread (the RT
     * thread): copies {@code in} once into the engine's input buffers (which the nodes routed
     * with {@link #connectInput} read), then does what {@link #process(float[][])} does. The
     * output of this block already depends on this block's input: the engine adds no latency
     * ({@link #latencyFrames()} is 0). Never allocates, locks or blocks.
     *
     * @param in   one array per host input channel, each at least {@link #blockSize()} long;
     *             missing channels (or {@code null}) are silence, extra ones ignored
     * @param host one array per host output channel, each at least {@link #blockSize()} long
     * @throws IllegalArgumentException if a buffer is shorter than a block (a driver bug); nothing
     *                                  was processed
     */
    public void process(float[][] in, float[][] host) {
        for (float[] channel : host) {
            if (channel.length < blockSize) {
                // A constant message: this is the RT thread, where even a failure builds no strings.
                throw new IllegalArgumentException(HOST_BUFFER_TOO_SHORT);
            }
        }
        hostInputs.copyIn(in); // checks its lengths before it copies anything
        scheduler.process(host);
    }

    /**
     * Opens a batch: the edits that follow on this thread reach the RT thread together, as one
     * message applied at one block boundary, when the batch is committed, and are all rolled
     * back if it is not. The calling thread owns the control side until the batch is committed
     * or closed: other threads' control calls wait for it. Control side: may wait for the
     * engine's lock (another thread's batch).
     *
     * @return the batch, to commit and close on this thread
     * @throws IllegalStateException     if this thread already has a batch open
     * @throws CommandQueueFullException if no command is free to carry the batch
     */
    public EditBatch beginBatch() {
        lock.lock();
        boolean opened = false;
        try {
            EditBatch b = editor.beginBatch();
            opened = true;
            return b; // keeps the lock until its commit or close
        } finally {
            if (!opened) {
                lock.unlock();
            }
        }
    }

    /**
     * Runs {@code edits} as one batch: committed if it returns, rolled back if it throws.
     *
     * @param edits the edits, given this engine
     * @see #beginBatch()
     */
    public void batch(Consumer<Engine> edits) {
        try (EditBatch b = beginBatch()) {
            edits.accept(this);
            b.commit();
        }
    }

    /**
     * Builds a snapshot's patch into this engine, as one batch (one message to the RT thread):
     * every node is created, prepared, given its parameters (at once, no ramp) and its saved
     * state (on the control side, before it joins the graph), then connected and routed. If
     * anything is wrong (unknown type, unknown param, out-of-range value, bad port, a cycle, a
     * state the node refuses, leaves unread or has a version it cannot read) nothing is added and
     * the exception names the snapshot's node id. Control side: holds the engine's lock
     * throughout.
     *
     * @param snapshot the patch
     * @return the handle of each snapshot node id, in snapshot order
     * @throws PatchException            naming where in the snapshot, with the typed cause, when the patch does not fit
     * @throws IllegalArgumentException  if the snapshot's channels exceed this engine's, or its feedback
     *                                   connections hold blocks of another size than this engine's
     * @throws CommandQueueFullException if no command is free to carry the batch
     */
    public Map<String, Long> restore(GraphSnapshot snapshot) {
        if (snapshot.outputChannels() > channels) {
            throw new IllegalArgumentException("the snapshot routes to " + snapshot.outputChannels()
                    + " channels; this engine has " + channels);
        }
        if (snapshot.inputChannels() > hostInputs.channels()) {
            throw new IllegalArgumentException("the snapshot reads " + snapshot.inputChannels()
                    + " input channels; this engine has " + hostInputs.channels());
        }
        if (snapshot.blockSize() != blockSize && snapshot.connections().stream().anyMatch(c -> c.state() != null)) {
            throw new IllegalArgumentException("the snapshot's feedback connections hold blocks of " + snapshot.blockSize()
                    + " frames; this engine's block is " + blockSize + " frames");
        }
        try (EditBatch batch = beginBatch()) { // holds the engine's lock until it ends
            Map<String, Long> handles = Snapshots.restore(editor, snapshot);
            batch.commit();
            return handles;
        }
    }

    /**
     * Asks for a snapshot of the running engine: the graph (types, connections, host outputs)
     * as it is now, and every node's internal state and parameter targets saved by the RT
     * thread at the next block boundary into buffers allocated here, with what each feedback
     * connection holds there (the source's output of the block before) (so the targets include
     * frame-stamped {@link #paramEvents()} changes, which the graph model never sees). Node ids
     * in the snapshot are their handles ({@code "3:1"}). A new engine built with
     * {@link Builder#startingFrom(GraphSnapshot)} and {@link #restore(GraphSnapshot)} continues
     * bit for bit, provided no parameter ramp was in progress (the snapshot keeps targets).
     * Control side: may wait for the engine's lock.
     *
     * @return the request; its {@code get} returns the snapshot once a block has been processed
     * @throws IllegalStateException     if this thread has a batch open
     * @throws NodeCreationException     if a node's state size or version cannot be had, or its state exceeds 64 MiB
     * @throws CommandQueueFullException if the RT thread is not consuming commands
     */
    public SnapshotRequest requestSnapshot() {
        lock.lock();
        try {
            return editor.requestSnapshot(sampleRate, blockSize, channels);
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Stops the helper threads, if any, and waits for them to end. Idempotent; any thread.
     * {@link #process} keeps working afterwards, with the calling thread doing all the work (a
     * helper in the middle of a cluster finishes it first). An engine that becomes unreachable
     * without being closed has its helpers stopped when the collector finds it (unless a
     * {@link Builder#helperStart} hook, which the helpers hold, refers to the engine).
     */
    @Override
    public void close() {
        if (helperStop != null) {
            helperStop.clean(); // runs the stop once, here
        }
    }

    /**
     * Configures an {@link Engine}: sample rate, block size, channels, capacities, workers, the
     * node types it can create and the safety stage. Any thread, before {@link #build()}; not
     * thread-safe.
     */
    public static final class Builder extends EngineOptions {
        private Builder() {
        }
    }
}
