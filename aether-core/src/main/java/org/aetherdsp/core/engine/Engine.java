package org.aetherdsp.core.engine;

import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.GraphSnapshot;
import org.aetherdsp.api.NodeProvider;
import org.aetherdsp.api.NodeType;
import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.api.StateBlob;
import org.aetherdsp.core.graph.CycleException;
import org.aetherdsp.core.graph.DuplicateConnectionException;
import org.aetherdsp.core.graph.Edge;
import org.aetherdsp.core.graph.HostOutput;
import org.aetherdsp.core.graph.NoSuchConnectionException;
import org.aetherdsp.core.graph.ParamOutOfRangeException;
import org.aetherdsp.core.graph.PatchException;
import org.aetherdsp.core.graph.PlanView;
import org.aetherdsp.core.graph.PortOutOfRangeException;
import org.aetherdsp.core.graph.StaleHandleException;
import org.aetherdsp.core.graph.UnknownNodeTypeException;
import org.aetherdsp.core.graph.UnknownParamException;
import org.aetherdsp.core.model.GraphModel;
import org.aetherdsp.core.model.NodeEntry;
import org.aetherdsp.core.model.PlanCompiler;
import org.aetherdsp.core.rt.BlockContext;
import org.aetherdsp.core.rt.ParamEventRing;
import org.aetherdsp.core.rt.Scheduler;

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
public final class Engine extends EngineQueries implements AutoCloseable {

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

    // ---------------------------------------------------------------- edits (control side)

    /**
     * Creates a node of a type, prepares it and adds it to the graph (unconnected). Control
     * side: may wait for the engine's lock; never for the RT thread.
     *
     * @param typeId a node type id such as {@code std.osc.sine}
     * @return the new node's handle
     * @throws UnknownNodeTypeException  if no provider offers that type
     * @throws NodeCreationException     if the type's factory or the node's prepare throws (anything)
     * @throws CommandQueueFullException if the RT thread is not consuming edits
     */
    public long add(String typeId) {
        lock.lock();
        try {
            return editor.add(typeId);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Makes the scheduler skip {@code node} in every block in which {@code voices} reports
     * {@code voice} idle (gate off and its tail finished): the node does not run and its outputs
     * are silence. This is how the nodes of a voice instance ({@link org.aetherdsp.core.poly.Voices})
     * cost next to nothing while the voice is silent. A structural edit: it takes effect with the
     * plan of its batch (or its own plan outside a batch); a rolled-back batch does not undo it on
     * a node that existed before the batch. Control side: may wait for the engine's lock.
     *
     * @param node   the node
     * @param voices the allocator that decides, on the RT thread before each block, or null to never skip
     * @param voice  the voice, below {@code voices.voices()}
     * @throws StaleHandleException      if there is no such node
     * @throws IllegalArgumentException  if there is no such voice
     * @throws CommandQueueFullException if the RT thread is not consuming edits (outside a batch)
     */
    public void skipWhileIdle(long node, org.aetherdsp.core.poly.VoiceAllocator voices, int voice) {
        lock.lock();
        try {
            editor.skipWhileIdle(node, voices, voice);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Replaces a running node by a fresh instance of the same type that continues where it is:
     * at one block boundary the RT thread hands the old node's state (phases, filter
     * memories, delay lines) and every parameter's exact ramp to the new one, and swaps it in.
     * No phase reset, no click. The handle, connections and outputs stay. Replacing a faulted
     * node revives it, fresh (its fault is still reported). Control side: may wait for the
     * engine's lock.
     *
     * @param node    the node
     * @param prepare called on this thread with the new node before it goes live, for content a
     *                node takes through its control interface (a sampler's table), or null
     * @throws StaleHandleException      if there is no such node
     * @throws NodeCreationException     if the new node cannot be created or prepared, or its state is too large
     * @throws IllegalStateException     inside a batch
     * @throws CommandQueueFullException if the RT thread is not consuming commands
     */
    public void replace(long node, Consumer<DspNode> prepare) {
        lock.lock();
        try {
            editor.replace(node, prepare);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Replaces a running node by a fresh instance that continues where it is.
     *
     * @param node the node
     * @see #replace(long, Consumer)
     */
    public void replace(long node) {
        replace(node, null);
    }

    /**
     * Removes a node with its connections and host outputs. A fault it had that was not drained
     * yet is kept for {@link #drainFaults()}. Control side: may wait for the engine's lock.
     *
     * @param node the node's handle
     * @throws StaleHandleException      if there is no such node
     * @throws CommandQueueFullException if the RT thread is not consuming edits
     */
    public void remove(long node) {
        lock.lock();
        try {
            editor.remove(node);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Connects an output port of one node to an input port of another. Several sources on
     * one input are summed. Control side: may wait for the engine's lock.
     *
     * @param source     the source node
     * @param sourcePort its output port
     * @param target     the target node
     * @param targetPort its input port
     * @throws StaleHandleException         if either node does not exist
     * @throws PortOutOfRangeException      if either port does not exist
     * @throws DuplicateConnectionException if the connection exists
     * @throws CycleException               if it would close a cycle (the message names the nodes on it and
     *                                      says how to close a loop: {@link #connectFeedback})
     * @throws CommandQueueFullException    if the RT thread is not consuming edits
     */
    public void connect(long source, int sourcePort, long target, int targetPort) {
        lock.lock();
        try {
            editor.connect(source, sourcePort, target, targetPort);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Connects an output port to an input port as a <em>feedback</em> connection: the target
     * reads what the source wrote in the <em>previous</em> block. This is how a loop is closed
     * (an ordinary connection that would close a cycle is refused): the loop then has exactly
     * one block of delay, {@link #blockSize()} frames. The connection is no dependency inside
     * a block, so it may point anywhere, also back at its own source. Its contents start silent,
     * survive plan swaps and snapshots (they are engine state, restored bit for bit), and are
     * dropped when the connection is cut: {@link #disconnect} removes it like any connection,
     * and connecting it again starts from silence. A non-finite sample (an unstable loop that
     * overflowed) is kept out of the loop as 0 and counted in {@link EngineStats#nonFiniteSamples()}.
     * For a loop shorter than a block, use a node with feedback inside it ({@code std.comb}).
     * In a patch file: {@code "feedback": true} on the connection. Control side: may wait for the
     * engine's lock.
     *
     * @param source     the source node
     * @param sourcePort its output port
     * @param target     the target node (may be {@code source})
     * @param targetPort its input port
     * @throws StaleHandleException         if either node does not exist
     * @throws PortOutOfRangeException      if either port does not exist
     * @throws DuplicateConnectionException if the ports are connected already, either way
     * @throws CommandQueueFullException    if the RT thread is not consuming edits
     */
    public void connectFeedback(long source, int sourcePort, long target, int targetPort) {
        lock.lock();
        try {
            editor.connectFeedback(source, sourcePort, target, targetPort);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes a connection, ordinary or feedback (cutting a feedback connection drops what it
     * held). Control side: may wait for the engine's lock.
     *
     * @param source     the source node
     * @param sourcePort its output port
     * @param target     the target node
     * @param targetPort its input port
     * @throws StaleHandleException      if either node does not exist
     * @throws NoSuchConnectionException if there is no such connection
     * @throws CommandQueueFullException if the RT thread is not consuming edits
     */
    public void disconnect(long source, int sourcePort, long target, int targetPort) {
        lock.lock();
        try {
            editor.disconnect(source, sourcePort, target, targetPort);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Routes a node's output port to a host channel; several routes to one channel are summed.
     * Control side: may wait for the engine's lock.
     *
     * @param node    the node
     * @param port    its output port
     * @param channel the host channel, from 0
     * @throws StaleHandleException         if the node does not exist
     * @throws PortOutOfRangeException      if the port or the channel does not exist
     * @throws DuplicateConnectionException if the route exists
     * @throws CommandQueueFullException    if the RT thread is not consuming edits
     */
    public void connectOutput(long node, int port, int channel) {
        lock.lock();
        try {
            editor.connectOutput(node, port, channel);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes a route from a node's output port to a host channel. Control side: may wait for
     * the engine's lock.
     *
     * @param node    the node
     * @param port    its output port
     * @param channel the host channel
     * @throws StaleHandleException      if the node does not exist
     * @throws NoSuchConnectionException if there is no such route
     * @throws CommandQueueFullException if the RT thread is not consuming edits
     */
    public void disconnectOutput(long node, int port, int channel) {
        lock.lock();
        try {
            editor.disconnectOutput(node, port, channel);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Routes a host input channel into a node's input port: each block, the node reads the
     * samples given to {@link #process(float[][], float[][])} for that channel. Several sources on
     * one port (nodes, input channels) are summed. Control side: may wait for the engine's lock.
     *
     * @param channel the host input channel, from 0, below {@link #inputChannels()}
     * @param node    the node
     * @param port    its input port
     * @throws StaleHandleException         if the node does not exist
     * @throws PortOutOfRangeException      if the port or the input channel does not exist
     * @throws DuplicateConnectionException if the route exists
     * @throws CommandQueueFullException    if the RT thread is not consuming edits
     */
    public void connectInput(int channel, long node, int port) {
        lock.lock();
        try {
            editor.connectInput(channel, node, port);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes a route from a host input channel into a node's input port. Control side: may
     * wait for the engine's lock.
     *
     * @param channel the host input channel
     * @param node    the node
     * @param port    its input port
     * @throws StaleHandleException      if the node does not exist
     * @throws NoSuchConnectionException if there is no such route
     * @throws CommandQueueFullException if the RT thread is not consuming edits
     */
    public void disconnectInput(int channel, long node, int port) {
        lock.lock();
        try {
            editor.disconnectInput(channel, node, port);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sets a parameter with its spec's default smoothing time.
     *
     * @param node    the node
     * @param paramId the parameter id
     * @param value   the target, inside the spec's range
     * @see #setParam(long, String, float, float)
     */
    public void setParam(long node, String paramId, float value) {
        lock.lock();
        try {
            editor.setParam(node, paramId, value, 0f, true);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves a parameter to {@code value} in a linear ramp of {@code rampMs} milliseconds,
     * starting at the block boundary where the transaction lands. A node added in the same
     * batch (or not yet running) starts at the value at once: it has no earlier value to ramp
     * from. Allocation-free on this side once warm, so automation can run at any rate. Control
     * side: may wait for the engine's lock.
     *
     * @param node    the node
     * @param paramId the parameter id
     * @param value   the target, inside the spec's range
     * @param rampMs  the ramp length in ms (0: jump)
     * @throws StaleHandleException      if the node does not exist
     * @throws UnknownParamException     if the node has no such parameter
     * @throws ParamOutOfRangeException  if the value is outside the range or NaN
     * @throws IllegalArgumentException  if the ramp is negative or not finite
     * @throws CommandQueueFullException if the RT thread is not consuming commands
     */
    public void setParam(long node, String paramId, float value, float rampMs) {
        lock.lock();
        try {
            editor.setParam(node, paramId, value, rampMs, false);
        } finally {
            lock.unlock();
        }
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
