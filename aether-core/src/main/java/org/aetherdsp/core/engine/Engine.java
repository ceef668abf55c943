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
import org.aetherdsp.core.rt.Timeline;
import org.aetherdsp.core.rt.TimelineEvents;

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
public final class Engine implements AutoCloseable {

    private static final String HOST_BUFFER_TOO_SHORT = "a host buffer is shorter than the engine's block size";

    private final float sampleRate;
    private final int blockSize;
    private final int channels;
    private final NodeRegistry registry;
    private final Scheduler scheduler;
    private final ParamEvents paramEvents;
    private final Automation automation;
    private final long startPosition;
    private final Telemetry telemetry;
    private final FaultLog faults = new FaultLog();
    /** The control side: the model, transactions and batches, under {@link #lock}. */
    private final GraphEditor editor;
    /** Serialises the control side; held by an open batch from its start to its end. */
    private final ReentrantLock lock;
    private final HelperWorkers helpers;
    /** Stops the helpers on {@link #close}, or once this engine is unreachable if nobody closed it. */
    private final Cleaner.Cleanable helperStop;

    private Engine(Builder b) {
        this.sampleRate = b.sampleRate;
        this.blockSize = b.blockSize;
        this.channels = b.channels;
        this.registry = b.registry != null ? b.registry : NodeRegistry.build(b.discover, b.providers, b.types, b.pluginFolders);
        boolean parallel = b.workers > 1;
        BlockContext block = new BlockContext(sampleRate, blockSize, b.startPosition);
        PlanCompiler compiler = new PlanCompiler(block, parallel);
        CommandPort port = new CommandPort(b.commandCapacity, compiler);
        this.editor = new GraphEditor(sampleRate, registry, new NodeFactory(ProcessContext.of(sampleRate, blockSize, 0)),
                new GraphModel(channels, b.initialNodeCapacity), compiler, port, faults);
        this.lock = editor.lock;
        ParamEventRing events = new ParamEventRing(b.paramEventCapacity);
        this.paramEvents = new ParamEvents(events);
        this.startPosition = b.startPosition;
        TimelineEvents timelineEvents = new TimelineEvents(b.timelineEvents, b.timelineCurveValues);
        TimelinePool timelinePool = new TimelinePool(timelineEvents, b.timelineParams);
        Timeline timeline = new Timeline(timelineEvents, b.timelineParams, blockSize);
        port.timeline(timelinePool);
        this.automation = new Automation(lock, editor, port, timelinePool, sampleRate);
        this.scheduler = new Scheduler(port.commands(), port.returns(), editor.latestPlan, block, b.maxCommandsPerBlock,
                parallel, Math.max(1024, b.initialNodeCapacity), events, b.limitCeiling, timeline);
        this.telemetry = new Telemetry(scheduler.stats(), events, scheduler.deadlineNanos(), port::refused);
        telemetry.register("timeline.dropped", timeline::dropped);
        telemetry.register("timeline.overridden", timeline::overridden);
        editor.onNodeCounters(telemetry::nodeCounters);
        this.helpers = parallel ? new HelperWorkers(scheduler.handoff(), b.workers - 1, "aether", b.helperStart) : null;
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
        for (float[] channel : host) {
            if (channel.length < blockSize) {
                // A constant message: this is the RT thread, where even a failure builds no strings.
                throw new IllegalArgumentException(HOST_BUFFER_TOO_SHORT);
            }
        }
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
     * @throws CycleException               if it would close a cycle (the message names the nodes on it)
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
     * Removes a connection. Control side: may wait for the engine's lock.
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
     * @throws IllegalArgumentException  if the snapshot's channels exceed this engine's
     * @throws CommandQueueFullException if no command is free to carry the batch
     */
    public Map<String, Long> restore(GraphSnapshot snapshot) {
        if (snapshot.outputChannels() > channels) {
            throw new IllegalArgumentException("the snapshot routes to " + snapshot.outputChannels()
                    + " channels; this engine has " + channels);
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
     * thread at the next block boundary into buffers allocated here (so the targets include
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

    // ---------------------------------------------------------------- queries

    /** @return the sample rate in Hz; any thread, no lock */
    public float sampleRate() {
        return sampleRate;
    }

    /** @return frames per block; any thread, no lock */
    public int blockSize() {
        return blockSize;
    }

    /** @return the number of host output channels; any thread, no lock */
    public int outputChannels() {
        return channels;
    }

    /** @return the duration of one block in nanoseconds: the RT deadline; any thread, no lock */
    public long deadlineNanos() {
        return scheduler.deadlineNanos();
    }

    /** @return the node types this engine can create; any thread, no lock (the registry is immutable) */
    public NodeRegistry registry() {
        return registry;
    }

    /** @return the handles of every node in the graph; control side, may wait for the engine's lock */
    public long[] nodes() {
        lock.lock();
        try {
            return editor.model.handles();
        } finally {
            lock.unlock();
        }
    }

    /**
     * @param node a handle
     * @return whether it refers to a node in the graph; control side, may wait for the engine's lock
     */
    public boolean contains(long node) {
        lock.lock();
        try {
            return editor.model.contains(node);
        } finally {
            lock.unlock();
        }
    }

    /**
     * @param node a node
     * @return its type id; control side, may wait for the engine's lock
     * @throws StaleHandleException if there is no such node
     */
    public String typeOf(long node) {
        lock.lock();
        try {
            return editor.model.entry(node).type().id();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The node object itself, seen through a control-side interface it implements: how an
     * application reaches what a node offers beyond parameters (a sampler's table, a
     * sequencer's pattern, a meter's readings, a recorder's captured audio). Only call
     * methods the node documents as safe from the control thread: the node is running on
     * the RT thread, and such methods hand data over without locks. Control side, may wait
     * for the engine's lock.
     *
     * @param node the node
     * @param type a type the node implements, e.g. {@code Meter.class}
     * @param <T>  that type
     * @return the node as that type
     * @throws StaleHandleException     if there is no such node
     * @throws IllegalArgumentException if the node is not a {@code type}, naming what it is
     */
    public <T> T nodeAs(long node, Class<T> type) {
        lock.lock();
        try {
            Object n = editor.model.entry(node).slot().node();
            if (!type.isInstance(n)) {
                throw new IllegalArgumentException(editor.model.describe(node) + " is a " + n.getClass().getName()
                        + ", not a " + type.getName());
            }
            return type.cast(n);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Where a real-time source (MIDI control changes read in the driver's callback) queues
     * frame-stamped parameter changes for the next block. Any thread, no lock; offer from one
     * producer thread at a time (see {@link ParamEvents}).
     *
     * @return this engine's frame-stamped parameter event ring
     */
    public ParamEvents paramEvents() {
        return paramEvents;
    }

    /**
     * The index by which {@link ParamEvents#offer} names a parameter. Control side, once, when
     * a mapping is installed; may wait for the engine's lock.
     *
     * @param node    a node
     * @param paramId a parameter id
     * @return its index in the node's descriptor
     * @throws StaleHandleException  if there is no such node
     * @throws UnknownParamException if the node has no such parameter (the message lists its parameters)
     */
    public int paramIndexOf(long node, String paramId) {
        lock.lock();
        try {
            return editor.paramIndex(editor.model.entry(node), paramId);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The value a parameter is playing: what the RT thread published at the last frame of the
     * last block it processed (or at the block boundary where a jump landed), whatever moved it:
     * {@link #setParam}, frame-stamped {@link #paramEvents()} (MIDI), the {@link #automation()}
     * timeline. Read back from the RT side without any lock there (one opaque store per changed
     * parameter per block); it lags the RT thread by up to a block, and before the node's first
     * block (a node added in an open batch) it is the value it will start at. For the value the
     * control side last asked for, see {@link #getParamTarget}. Control side: may wait for the
     * engine's lock to find the node.
     *
     * @param node    a node
     * @param paramId a parameter id
     * @return the value playing
     * @throws StaleHandleException  if there is no such node
     * @throws UnknownParamException if the node has no such parameter
     */
    public float getParam(long node, String paramId) {
        lock.lock();
        try {
            NodeEntry e = editor.model.entry(node);
            return e.slot().params().playing(editor.paramIndex(e, paramId));
        } finally {
            lock.unlock();
        }
    }

    /**
     * @param node    a node
     * @param paramId a parameter id
     * @return the last value set from the control side with {@link #setParam} (the default or
     *         the patch's value if never set), whether or not the RT thread plays it yet; the
     *         timeline and MIDI events do not change it. Control side, may wait for the engine's lock
     * @throws StaleHandleException  if there is no such node
     * @throws UnknownParamException if the node has no such parameter
     */
    public float getParamTarget(long node, String paramId) {
        lock.lock();
        try {
            NodeEntry e = editor.model.entry(node);
            return e.paramTarget(editor.paramIndex(e, paramId));
        } finally {
            lock.unlock();
        }
    }

    /**
     * The automation timeline: parameter events at absolute frames, sample-accurate (see
     * {@link Automation}). Any thread, no lock; its methods are control side.
     *
     * @return this engine's timeline
     */
    public Automation automation() {
        return automation;
    }

    /**
     * The engine's clock: the first frame of the next block {@link #process} will run (the start
     * position plus the frames processed). Any thread, no lock; a block late at most when read
     * while a block runs.
     *
     * @return the frame
     */
    public long currentFrame() {
        return startPosition + scheduler.stats().blocks() * blockSize;
    }

    /** @return every connection between nodes; control side, may wait for the engine's lock */
    public List<Edge> connections() {
        lock.lock();
        try {
            List<Edge> all = new ArrayList<>();
            for (long h : editor.model.handles()) {
                all.addAll(editor.model.entry(h).inputs());
            }
            return all;
        } finally {
            lock.unlock();
        }
    }

    /** @return every route from a node output to a host channel; control side, may wait for the engine's lock */
    public List<HostOutput> hostOutputs() {
        lock.lock();
        try {
            return editor.model.hostOutputs();
        } finally {
            lock.unlock();
        }
    }

    /**
     * @param node a handle
     * @return {@code node 3:1 (std.gain)}, as used in messages; control side, may wait for the engine's lock
     */
    public String describe(long node) {
        lock.lock();
        try {
            return editor.model.describe(node);
        } finally {
            lock.unlock();
        }
    }

    /**
     * A copy of the most recently compiled plan (running, or about to be swapped in), for tests
     * and diagnostics. Immutable: later edits do not change it. Control side, may wait for the
     * engine's lock.
     *
     * @return the plan's view
     */
    public PlanView latestPlan() {
        lock.lock();
        try {
            return editor.latestPlan.view(editor.compiles);
        } finally {
            lock.unlock();
        }
    }

    /** @return the number of workers that run blocks: 1 plus the helper threads; any thread */
    public int workers() {
        return helpers == null ? 1 : helpers.threads().length + 1;
    }

    /**
     * @return clusters of parallel plans that helper threads (not the thread calling
     *         {@link #process}) have run so far; 0 with one worker; any thread
     */
    public long helperClusters() {
        return helpers == null ? 0 : scheduler.handoff().helperClusters();
    }

    /** @return the helper threads (empty with one worker); for diagnostics such as allocation or CPU probes; any thread */
    public Thread[] helperThreads() {
        return helpers == null ? new Thread[0] : helpers.threads();
    }

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
     * Every counter of the engine and its block times (since the start, and of about the last
     * second). Any thread; never waits for the engine's lock.
     *
     * @return the statistics
     */
    public EngineStats stats() {
        return telemetry.stats();
    }

    /**
     * Adds a counter to {@link #stats()}: how a component that feeds the engine (a MIDI input's
     * dropped events, a recorder's dropped frames) reports beside the engine's own counters.
     * Any thread.
     *
     * @param name    e.g. {@code midi.dropped}; a counter registered before under that name (a
     *                driver's, by an earlier driver on this engine) is replaced
     * @param counter reads the counter; called from whatever thread calls {@link #stats()}
     * @throws IllegalArgumentException if the name is empty or one of the engine's own counters
     */
    public void registerCounter(String name, LongSupplier counter) {
        telemetry.register(name, counter);
    }

    /**
     * Nodes that threw on the RT thread since the last call, including nodes removed or
     * replaced since they threw. Each faulted node is bypassed (its outputs are silent) but stays
     * in the graph until removed. Control side, may wait for the engine's lock.
     *
     * @return the new fault reports, possibly empty
     */
    public List<FaultReport> drainFaults() {
        lock.lock();
        try {
            return faults.drain(editor.model, scheduler.stats().faults());
        } finally {
            lock.unlock();
        }
    }

    /** Configures an {@link Engine}. Any thread, before {@link #build()}; not thread-safe. */
    public static final class Builder {
        private float sampleRate = 48_000f;
        private int blockSize = 64;
        private int channels = 2;
        private int commandCapacity = 1024;
        private int maxCommandsPerBlock = 32;
        private int paramEventCapacity = 1024;
        private int timelineEvents = 4096;
        private int timelineParams = 256;
        private int timelineCurveValues = 65_536;
        private int initialNodeCapacity = 256;
        private int workers = 1;
        private Runnable helperStart;
        private boolean discover = true;
        private long startPosition;
        private float limitCeiling;
        private final List<java.nio.file.Path> pluginFolders = new ArrayList<>();
        private NodeRegistry registry;
        private final List<NodeProvider> providers = new ArrayList<>();
        private final List<NodeType> types = new ArrayList<>();

        private Builder() {
        }

        /**
         * @param hz sample rate, 8000 to 768000
         * @return this
         */
        public Builder sampleRate(float hz) {
            if (!(hz >= 8_000f && hz <= 768_000f)) {
                throw new IllegalArgumentException("sample rate must be within 8000..768000 Hz, got " + hz);
            }
            this.sampleRate = hz;
            return this;
        }

        /**
         * @param frames frames per block, 1 to 8192
         * @return this
         */
        public Builder blockSize(int frames) {
            if (frames < 1 || frames > 8192) {
                throw new IllegalArgumentException("block size must be within 1..8192 frames, got " + frames);
            }
            this.blockSize = frames;
            return this;
        }

        /**
         * @param count host output channels, 1 to 256
         * @return this
         */
        public Builder outputChannels(int count) {
            if (count < 1 || count > 256) {
                throw new IllegalArgumentException("output channels must be within 1..256, got " + count);
            }
            this.channels = count;
            return this;
        }

        /**
         * @param capacity messages that can be in flight at once (rounded up to a power of two), at
         *                 least 8; a batch of any size is one message
         * @return this
         */
        public Builder commandCapacity(int capacity) {
            if (capacity < 8 || capacity > (1 << 20)) {
                throw new IllegalArgumentException("command capacity must be within 8..1048576, got " + capacity);
            }
            this.commandCapacity = capacity;
            return this;
        }

        /**
         * @param max messages applied per block at most (bounded work on the RT thread; a batch
         *            is one message, applied whole), at least 1
         * @return this
         */
        public Builder maxCommandsPerBlock(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("max commands per block must be at least 1, got " + max);
            }
            this.maxCommandsPerBlock = max;
            return this;
        }

        /**
         * @param capacity frame-stamped parameter events ({@link Engine#paramEvents()}) queued per
         *                 block at most, 1 to 2^20 (rounded up to a power of two; default 1024)
         * @return this
         */
        public Builder paramEventCapacity(int capacity) {
            if (capacity < 1 || capacity > (1 << 20)) {
                throw new IllegalArgumentException("parameter event capacity must be within 1..1048576, got " + capacity);
            }
            this.paramEventCapacity = capacity;
            return this;
        }

        /**
         * @param capacity automation events ({@link Engine#automation()}) scheduled or in flight
         *                 at once, 1 to 2^20 (default 4096); beyond it scheduling throws
         *                 {@link TimelineFullException}
         * @return this
         */
        public Builder timelineEvents(int capacity) {
            if (capacity < 1 || capacity > (1 << 20)) {
                throw new IllegalArgumentException("timeline events must be within 1..1048576, got " + capacity);
            }
            this.timelineEvents = capacity;
            return this;
        }

        /**
         * @param count parameters that have automation events at once, 1 to 65536 (default 256);
         *              each holds a block of floats on the RT side
         * @return this
         */
        public Builder timelineParams(int count) {
            if (count < 1 || count > 65_536) {
                throw new IllegalArgumentException("timeline params must be within 1..65536, got " + count);
            }
            this.timelineParams = count;
            return this;
        }

        /**
         * @param count floats for the values of scheduled value curves, all together, 16 to 2^24
         *              (default 65536)
         * @return this
         */
        public Builder timelineCurveValues(int count) {
            if (count < 16 || count > (1 << 24)) {
                throw new IllegalArgumentException("timeline curve values must be within 16..16777216, got " + count);
            }
            this.timelineCurveValues = count;
            return this;
        }

        /**
         * Runs independent parts of the graph on several threads: the one calling
         * {@link Engine#process} and {@code count - 1} helper threads the engine starts (stop them
         * with {@link Engine#close()}). Output is bit-identical to one worker's. With 1 (the
         * default) the engine starts no thread and runs exactly the single-threaded code.
         *
         * <p>Give every helper a core of its own. The RT thread waits for a cluster a helper is
         * running, so a helper that the OS preempts in the middle of one (on a machine with
         * more busy threads than cores) delays the whole block.
         *
         * @param count workers, 1 to 64
         * @return this
         */
        public Builder workers(int count) {
            if (count < 1 || count > 64) {
                throw new IllegalArgumentException("workers must be within 1..64, got " + count);
            }
            this.workers = count;
            return this;
        }

        /**
         * Code each helper worker thread runs once, on itself, before its first block: where an
         * application sets the helpers' scheduling as it does the RT thread's, for example
         * {@code helperStart(() -> RealtimeScheduling.setFifo(69))} with aether-io. A helper
         * under ordinary scheduling can be preempted in the middle of a cluster that the RT
         * thread then waits for. If the code throws, the exception goes to the helper thread's
         * uncaught-exception handler and the helper works on without it. Ignored with one
         * worker. Under real-time scheduling give every worker a core of its own: a worker
         * waiting for another's cluster spins, and a real-time thread that spins never lets a
         * lower-priority thread on its core run. The helpers keep the code: if it refers to the
         * engine, only {@link Engine#close} stops them.
         *
         * @param setup the code, or null for none
         * @return this builder
         */
        public Builder helperStart(Runnable setup) {
            this.helperStart = setup;
            return this;
        }

        /**
         * @param capacity nodes before the graph's arena first grows
         * @return this
         */
        public Builder initialNodeCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("initial node capacity must be at least 1, got " + capacity);
            }
            this.initialNodeCapacity = capacity;
            return this;
        }

        /**
         * @param enabled whether to find {@link NodeProvider}s with {@link java.util.ServiceLoader} (default true)
         * @return this
         */
        public Builder discoverNodeTypes(boolean enabled) {
            this.discover = enabled;
            return this;
        }

        /**
         * @param provider a provider to use in addition to discovered ones
         * @return this
         */
        public Builder nodeProvider(NodeProvider provider) {
            providers.add(Objects.requireNonNull(provider, "provider"));
            return this;
        }

        /**
         * @param type a node type to offer in addition to discovered ones
         * @return this
         */
        public Builder nodeType(NodeType type) {
            types.add(Objects.requireNonNull(type, "type"));
            return this;
        }

        /**
         * Also loads node providers from every JAR in a folder, each JAR in its own module
         * layer (or class loader when Aether runs on the class path). A JAR that fails to load
         * is skipped and listed in {@link NodeRegistry#problems()}; two providers claiming one
         * id fail the build naming both (with their modules and JARs).
         *
         * @param folder a directory of plugin JARs
         * @return this
         */
        public Builder pluginFolder(java.nio.file.Path folder) {
            pluginFolders.add(Objects.requireNonNull(folder, "folder"));
            return this;
        }

        /**
         * Uses a registry built beforehand (e.g. {@link NodeRegistry#load(List)}) instead of
         * discovering one; the other node-type options are then ignored.
         *
         * @param prebuilt the registry
         * @return this
         */
        public Builder registry(NodeRegistry prebuilt) {
            this.registry = Objects.requireNonNull(prebuilt, "registry");
            return this;
        }

        /**
         * Adds a limiter to the host safety stage, after the non-finite guard: no output sample
         * ever exceeds {@code ceiling} in magnitude, whatever the patch does. A peak limiter
         * linked across channels, with no look-ahead and no added latency: a frame that would
         * exceed the ceiling takes the gain down at once to exactly the ceiling, which then
         * recovers toward unity with a 50 ms time constant. Audio under the ceiling at unity
         * gain passes bit for bit unchanged. Limited frames are counted in
         * {@link EngineStats#limitedFrames()}. Off by default (the CLI turns it on).
         *
         * @param ceiling the largest output magnitude, in (0, 16], e.g. 1.0 for full scale; or 0 for no limiter
         * @return this
         */
        public Builder outputLimiter(float ceiling) {
            if (!(ceiling == 0f || ceiling > 0f && ceiling <= 16f)) {
                throw new IllegalArgumentException("limiter ceiling must be 0 (off) or within (0, 16], got " + ceiling);
            }
            this.limitCeiling = ceiling;
            return this;
        }

        /**
         * @param frames the frame position of the first block (default 0)
         * @return this
         */
        public Builder startPosition(long frames) {
            if (frames < 0) {
                throw new IllegalArgumentException("start position must not be negative, got " + frames);
            }
            this.startPosition = frames;
            return this;
        }

        /**
         * Takes the snapshot's sample rate, block size, channel count and position, so that
         * {@link Engine#restore} continues where the snapshot was taken.
         *
         * @param snapshot the snapshot
         * @return this
         */
        public Builder startingFrom(GraphSnapshot snapshot) {
            return sampleRate(snapshot.sampleRate()).blockSize(snapshot.blockSize())
                    .outputChannels(snapshot.outputChannels()).startPosition(snapshot.samplePosition());
        }

        /**
         * @return the engine
         * @throws IllegalStateException if two providers claim the same node type id
         */
        public Engine build() {
            return new Engine(this);
        }
    }
}
