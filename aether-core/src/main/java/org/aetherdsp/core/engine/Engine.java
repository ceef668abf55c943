package org.aetherdsp.core.engine;

import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.GraphSnapshot;
import org.aetherdsp.api.NodeProvider;
import org.aetherdsp.api.NodeType;
import org.aetherdsp.core.param.SmoothedParams;
import org.aetherdsp.api.ParamSpec;
import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.api.StateBuffer;
import org.aetherdsp.core.graph.CycleException;
import org.aetherdsp.core.graph.DuplicateConnectionException;
import org.aetherdsp.core.graph.Edge;
import org.aetherdsp.core.graph.GraphException;
import org.aetherdsp.core.graph.PatchException;
import org.aetherdsp.core.graph.GraphModel;
import org.aetherdsp.core.graph.HostOutput;
import org.aetherdsp.core.graph.NodeEntry;
import org.aetherdsp.core.graph.NoSuchConnectionException;
import org.aetherdsp.core.graph.ParamOutOfRangeException;
import org.aetherdsp.core.graph.PlanCompiler;
import org.aetherdsp.core.graph.PortOutOfRangeException;
import org.aetherdsp.core.graph.StaleHandleException;
import org.aetherdsp.core.graph.UnknownNodeTypeException;
import org.aetherdsp.core.graph.UnknownParamException;
import org.aetherdsp.core.rt.BlockContext;
import org.aetherdsp.core.rt.Command;
import org.aetherdsp.core.rt.NodeSlot;
import org.aetherdsp.core.rt.ParamEvents;
import org.aetherdsp.core.rt.Plan;
import org.aetherdsp.core.rt.RtStats;
import org.aetherdsp.core.rt.Scheduler;
import org.aetherdsp.core.rt.StateCapture;
import org.aetherdsp.core.arena.Arena;
import org.jctools.queues.SpscArrayQueue;

/**
 * The engine: a graph edited from a control thread and run block by block by an RT thread.
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
 * <h2>Threads</h2>
 * {@link #process} is called by one RT thread (a driver callback or an offline loop) and
 * never allocates, locks or blocks. Every other method is a control method: it may be called
 * from any thread (calls are serialised on the engine), validates its arguments completely
 * and throws a {@link org.aetherdsp.core.graph.GraphException} subclass naming the bad
 * node, port, type or parameter with the engine unchanged. Accepted edits reach the RT thread
 * through a lock-free SPSC command ring and take effect at the next block boundary.
 *
 * <h2>Several workers</h2>
 * With {@link Builder#workers(int) workers(n)}, n &gt; 1, the thread calling {@link #process}
 * is worker 0 and the engine starts n - 1 helper threads. Plans are compiled with a cluster
 * schedule, and the independent parts of the graph run side by side; the output is bit for bit
 * the output of one worker. A graph with nothing to run side by side (a chain) runs serially on
 * the calling thread. {@link #close()} stops the helpers.
 */
public final class Engine implements AutoCloseable {

    private final float sampleRate;
    private final int blockSize;
    private final int channels;
    private final NodeRegistry registry;
    private final ProcessContext prepareContext;

    private final SpscArrayQueue<Command> commands;
    private final SpscArrayQueue<Command> returns;
    private final Command[] pool;
    private int poolTop;
    private final Scheduler scheduler;
    private final ParamEvents paramEvents;
    private final boolean parallel;
    private final HelperWorkers helpers;
    /** Stops the helpers on {@link #close}, or once this engine is unreachable if nobody closed it. */
    private final Cleaner.Cleanable helperStop;

    private GraphModel model;
    /** Compiles every plan, refilling the ones the RT thread hands back. */
    private final PlanCompiler compiler;
    /** The most recently compiled plan (running, or about to run). */
    private Plan latestPlan;
    /** A swap the RT thread may not have taken yet, which a newer plan can replace. */
    private Command pendingSwap;
    private Plan pendingPlan;

    private Batch batch;

    private final Set<NodeSlot> reportedFaults = Collections.newSetFromMap(new IdentityHashMap<>());
    private long faultsSeen;

    private final Histogram blockTimes = new Histogram(1, 10_000_000_000L, 3);
    private Histogram recycle;

    private Engine(Builder b) {
        this.sampleRate = b.sampleRate;
        this.blockSize = b.blockSize;
        this.channels = b.channels;
        this.registry = b.registry != null ? b.registry : NodeRegistry.build(b.discover, b.providers, b.types, b.pluginFolders);
        this.prepareContext = ProcessContext.of(sampleRate, blockSize, 0);
        this.commands = new SpscArrayQueue<>(b.commandCapacity);
        // Every command is either in the pool, in the command ring, on the RT thread or in
        // the return ring; a return ring as large as the pool can therefore never be full.
        this.pool = new Command[commands.capacity()];
        this.returns = new SpscArrayQueue<>(pool.length);
        for (int i = 0; i < pool.length; i++) {
            pool[i] = new Command();
        }
        this.poolTop = pool.length;
        this.model = new GraphModel(channels, b.initialNodeCapacity);
        this.parallel = b.workers > 1;
        BlockContext block = new BlockContext(sampleRate, blockSize, b.startPosition);
        this.compiler = new PlanCompiler(block, parallel);
        this.latestPlan = compiler.compile(model);
        this.paramEvents = new ParamEvents(b.paramEventCapacity);
        this.scheduler = new Scheduler(commands, returns, latestPlan, block, b.maxCommandsPerBlock,
                parallel, Math.max(1024, b.initialNodeCapacity), paramEvents);
        this.helpers = parallel ? new HelperWorkers(scheduler.handoff(), b.workers - 1, "aether", b.helperStart) : null;
        // The action holds the helpers, never the engine: the helpers reach only the hand-off.
        this.helperStop = helpers == null ? null : HelperCleaner.CLEANER.register(this, helpers::stop);
    }

    /** One daemon thread, started by the first engine with helpers. */
    private static final class HelperCleaner {
        static final Cleaner CLEANER = Cleaner.create();
    }

    /** @return a builder with 48 kHz, 64-frame blocks, 2 output channels */
    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- RT thread

    /**
     * Processes one block on the calling thread (the RT thread): applies pending edits,
     * runs the graph and writes {@code host}. Never allocates, locks or blocks; a node that
     * throws is bypassed and reported through {@link #drainFaults()}.
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

    private static final String HOST_BUFFER_TOO_SHORT = "a host buffer is shorter than the engine's block size";

    // ---------------------------------------------------------------- edits

    /**
     * Creates a node of a type, prepares it and adds it to the graph (unconnected).
     *
     * @param typeId a node type id such as {@code std.osc.sine}
     * @return the new node's handle
     * @throws UnknownNodeTypeException  if no provider offers that type
     * @throws NodeCreationException     if the type's factory or the node's prepare throws
     * @throws CommandQueueFullException if the RT thread is not consuming edits
     */
    public synchronized long add(String typeId) {
        beginEdit();
        NodeType type = registry.require(typeId);
        DspNode node;
        try {
            node = type.create();
            node.prepare(prepareContext);
        } catch (RuntimeException | LinkageError e) {
            throw new NodeCreationException("node type " + typeId + " failed to create or prepare a node: " + e, e);
        }
        long handle = model.add(type, node, new SmoothedParams(type.descriptor()));
        structureChanged();
        return handle;
    }

    /**
     * Replaces a running node by a fresh instance of the same type that continues where it is:
     * at one block boundary the RT thread hands the old node's state (phases, filter
     * memories, delay lines) and every parameter's exact ramp to the new one, and swaps it in.
     * No phase reset, no click. The handle, connections and outputs stay. Replacing a faulted
     * node revives it, fresh.
     *
     * @param node    the node
     * @param prepare called on this thread with the new node before it goes live, for content a
     *                node takes through its control interface (a sampler's table), or null
     * @throws StaleHandleException      if there is no such node
     * @throws NodeCreationException     if the new node cannot be created or prepared
     * @throws IllegalStateException     inside a batch
     * @throws CommandQueueFullException if the RT thread is not consuming commands
     */
    public synchronized void replace(long node, Consumer<DspNode> prepare) {
        if (batch != null) {
            throw new IllegalStateException("replace a node outside a batch");
        }
        beginEdit();
        NodeEntry e = model.entry(node);
        NodeType type = e.type();
        DspNode fresh;
        try {
            fresh = type.create();
            fresh.prepare(prepareContext);
            if (prepare != null) {
                prepare.accept(fresh);
            }
        } catch (RuntimeException | LinkageError ex) {
            throw new NodeCreationException("node type " + type.id() + " failed to create or prepare a replacement: " + ex, ex);
        }
        NodeSlot old = e.slot();
        NodeSlot replacement = new NodeSlot(fresh, new SmoothedParams(type.descriptor()), node, type.id());
        StateBuffer handover = new StateBuffer(Math.max(0, Math.max(old.node().stateSize(), fresh.stateSize())));
        model.replaceSlot(node, replacement); // beginEdit made sure a command is free
        Plan plan = compiler.compile(model);
        latestPlan = plan;
        Command c = take();
        c.replaceNode(old, replacement, handover, plan);
        send(c);
        // Later edits replace the plan this command carries, so that it never installs a plan
        // older than theirs (an earlier pending swap is applied first and carries an older one).
        pendingSwap = c;
        pendingPlan = plan;
    }

    /**
     * Replaces a running node by a fresh instance that continues where it is.
     *
     * @see #replace(long, Consumer)
     */
    public void replace(long node) {
        replace(node, null);
    }

    /**
     * Removes a node with its connections and host outputs.
     *
     * @param node the node's handle
     * @throws StaleHandleException if there is no such node
     */
    public synchronized void remove(long node) {
        beginEdit();
        model.remove(node);
        structureChanged();
    }

    /**
     * Connects an output port of one node to an input port of another. Several sources on
     * one input are summed.
     *
     * @param source     the source node
     * @param sourcePort its output port
     * @param target     the target node
     * @param targetPort its input port
     * @throws StaleHandleException         if either node does not exist
     * @throws PortOutOfRangeException      if either port does not exist
     * @throws DuplicateConnectionException if the connection exists
     * @throws CycleException               if it would close a cycle (the message names the nodes on it)
     */
    public synchronized void connect(long source, int sourcePort, long target, int targetPort) {
        beginEdit();
        model.connect(source, sourcePort, target, targetPort);
        structureChanged();
    }

    /**
     * Removes a connection.
     *
     * @throws StaleHandleException     if either node does not exist
     * @throws NoSuchConnectionException if there is no such connection
     */
    public synchronized void disconnect(long source, int sourcePort, long target, int targetPort) {
        beginEdit();
        model.disconnect(source, sourcePort, target, targetPort);
        structureChanged();
    }

    /**
     * Routes a node's output port to a host channel; several routes to one channel are summed.
     *
     * @param node    the node
     * @param port    its output port
     * @param channel the host channel, from 0
     * @throws StaleHandleException         if the node does not exist
     * @throws PortOutOfRangeException      if the port or the channel does not exist
     * @throws DuplicateConnectionException if the route exists
     */
    public synchronized void connectOutput(long node, int port, int channel) {
        beginEdit();
        model.connectOutput(node, port, channel);
        structureChanged();
    }

    /**
     * Removes a route from a node's output port to a host channel.
     *
     * @throws StaleHandleException     if the node does not exist
     * @throws NoSuchConnectionException if there is no such route
     */
    public synchronized void disconnectOutput(long node, int port, int channel) {
        beginEdit();
        model.disconnectOutput(node, port, channel);
        structureChanged();
    }

    /**
     * Sets a parameter with its spec's default smoothing time.
     *
     * @see #setParam(long, String, float, float)
     */
    public synchronized void setParam(long node, String paramId, float value) {
        NodeEntry e = model.entry(node);
        int index = paramIndex(e, paramId);
        setParam(e, index, value, e.descriptor().params().get(index).smoothingMs());
    }

    /**
     * Moves a parameter to {@code value} in a linear ramp of {@code rampMs} milliseconds,
     * starting at the next block boundary. Allocation-free on this side too, so automation
     * can run at any rate.
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
    public synchronized void setParam(long node, String paramId, float value, float rampMs) {
        NodeEntry e = model.entry(node);
        setParam(e, paramIndex(e, paramId), value, rampMs);
    }

    private void setParam(NodeEntry e, int index, float value, float rampMs) {
        checkBatchOwner();
        ParamSpec spec = requireInRange(e, index, value);
        if (!(rampMs >= 0f) || Float.isInfinite(rampMs)) {
            throw new IllegalArgumentException("ramp for param '" + spec.id() + "' of " + model.describe(e.handle())
                    + " must be finite and >= 0 ms, got " + rampMs);
        }
        if (!commandFree()) {
            throw full("set param '" + spec.id() + "'"); // the message is built only when refusing
        }
        Command c = take();
        c.setParam(e.slot(), index, value, Math.round(rampMs * sampleRate / 1000f));
        if (batch != null) {
            batch.deferred.add(c);
        } else {
            send(c);
        }
        model.setParamTarget(e.handle(), index, value);
    }

    private ParamSpec requireInRange(NodeEntry e, int index, float value) {
        ParamSpec spec = e.descriptor().params().get(index);
        if (!spec.accepts(value)) {
            throw new ParamOutOfRangeException("value " + value + " for param '" + spec.id() + "' of "
                    + model.describe(e.handle()) + " is outside its range [" + spec.min() + ", " + spec.max() + "]"
                    + (spec.unit().isEmpty() ? "" : " " + spec.unit()));
        }
        return spec;
    }

    /**
     * Sets a parameter of a node added in the open batch directly, without a command: the
     * node has not joined a published plan, so the RT thread cannot see it yet (the plan that
     * carries it is published through the command ring, which orders these writes before).
     */
    private void presetParam(long node, String paramId, float value) {
        NodeEntry e = model.entry(node);
        int index = paramIndex(e, paramId);
        requireInRange(e, index, value);
        e.slot().params().get(index).setTarget(value, 0);
        model.setParamTarget(node, index, value);
    }

    private int paramIndex(NodeEntry e, String paramId) {
        int index = e.descriptor().paramIndex(paramId);
        if (index < 0) {
            List<String> ids = new ArrayList<>();
            for (ParamSpec s : e.descriptor().params()) {
                ids.add(s.id());
            }
            throw new UnknownParamException(model.describe(e.handle()) + " has no param '" + paramId + "'; its params are " + ids);
        }
        return index;
    }

    /**
     * Opens a batch: the edits that follow on this thread reach the RT thread together, at
     * one block boundary, when the batch is committed, and are all rolled back if it is not.
     *
     * @return the batch, to commit and close
     * @throws IllegalStateException if a batch is already open
     */
    public synchronized EditBatch beginBatch() {
        if (batch != null) {
            throw new IllegalStateException("a batch is already open on thread " + batch.owner.getName());
        }
        batch = new Batch(Thread.currentThread(), model.copy());
        return batch;
    }

    /**
     * Runs {@code edits} as one batch: committed if it returns, rolled back if it throws.
     *
     * @param edits the edits, given this engine
     */
    public void batch(Consumer<Engine> edits) {
        try (EditBatch b = beginBatch()) {
            edits.accept(this);
            b.commit();
        }
    }

    /**
     * Builds a snapshot's patch into this engine, as one batch: every node is created,
     * prepared, given its saved state (on this control thread, before it joins the graph)
     * and its parameters (at once, no ramp), then connected and routed. If anything is
     * wrong (unknown type, unknown param, out-of-range value, bad port, a cycle, a state the
     * node refuses) nothing is added and the exception names the snapshot's node id.
     *
     * @param snapshot the patch
     * @return the handle of each snapshot node id, in snapshot order
     * @throws PatchException           naming where in the snapshot, with the typed cause, when the patch does not fit
     * @throws IllegalArgumentException if the snapshot's channels exceed this engine's
     */
    public Map<String, Long> restore(GraphSnapshot snapshot) {
        if (snapshot.outputChannels() > channels) {
            throw new IllegalArgumentException("the snapshot routes to " + snapshot.outputChannels()
                    + " channels; this engine has " + channels);
        }
        Map<String, Long> handles = new LinkedHashMap<>();
        batch(e -> {
            for (GraphSnapshot.NodeSnapshot n : snapshot.nodes()) {
                String where = "node '" + n.id() + "' (" + n.typeId() + ")";
                long h = rethrowAt(where, () -> e.add(n.typeId()));
                handles.put(n.id(), h);
                for (Map.Entry<String, Float> p : n.params().entrySet()) {
                    rethrowAt(where, () -> {
                        presetParam(h, p.getKey(), p.getValue());
                        return 0L;
                    });
                }
                if (n.state() != null) {
                    loadState(h, n, where);
                }
            }
            for (GraphSnapshot.Connection c : snapshot.connections()) {
                rethrowAt("connection " + c.source() + ":" + c.sourcePort() + " -> " + c.target() + ":" + c.targetPort(), () -> {
                    e.connect(handles.get(c.source()), c.sourcePort(), handles.get(c.target()), c.targetPort());
                    return 0L;
                });
            }
            for (GraphSnapshot.Output o : snapshot.outputs()) {
                rethrowAt("output " + o.node() + ":" + o.port() + " -> channel " + o.channel(), () -> {
                    e.connectOutput(handles.get(o.node()), o.port(), o.channel());
                    return 0L;
                });
            }
        });
        return handles;
    }

    /**
     * Asks for a snapshot of the running engine: the graph (types, connections, host outputs)
     * as it is now, and every node's internal state and parameter targets saved by the RT
     * thread at the next block boundary into buffers allocated here (so the targets include
     * frame-stamped {@link #paramEvents()} changes, which the graph model never sees). Node ids in the snapshot
     * are their handles ({@code "3:1"}). A new engine built with
     * {@link Builder#startingFrom(GraphSnapshot)} and {@link #restore(GraphSnapshot)} continues
     * bit for bit, provided no parameter ramp was in progress (the snapshot keeps targets).
     *
     * @return the request; its {@code get} returns the snapshot once a block has been processed
     * @throws IllegalStateException     if a batch is open
     * @throws CommandQueueFullException if the RT thread is not consuming commands
     */
    public synchronized SnapshotRequest requestSnapshot() {
        if (batch != null) {
            throw new IllegalStateException("commit or close the open batch before taking a snapshot");
        }
        if (!commandFree()) {
            throw full("snapshot");
        }
        long[] handles = model.handles();
        NodeSlot[] slots = new NodeSlot[handles.length];
        String[] typeIds = new String[handles.length];
        int[] versions = new int[handles.length];
        String[][] paramIds = new String[handles.length][];
        List<GraphSnapshot.NodeSnapshot> nodes = new ArrayList<>();
        for (int i = 0; i < handles.length; i++) {
            NodeEntry e = model.entry(handles[i]);
            slots[i] = e.slot();
            typeIds[i] = e.type().id();
            versions[i] = e.slot().node().stateVersion();
            List<ParamSpec> specs = e.descriptor().params();
            paramIds[i] = new String[specs.size()];
            for (int k = 0; k < specs.size(); k++) {
                paramIds[i][k] = specs.get(k).id();
            }
            // Parameter values come from the RT thread at the boundary (see SnapshotRequest).
            nodes.add(new GraphSnapshot.NodeSnapshot(Arena.format(handles[i]), typeIds[i], Map.of(), null));
        }
        List<GraphSnapshot.Connection> connections = new ArrayList<>();
        for (Edge edge : connections()) {
            connections.add(new GraphSnapshot.Connection(Arena.format(edge.source()), edge.sourcePort(),
                    Arena.format(edge.target()), edge.targetPort()));
        }
        List<GraphSnapshot.Output> outputs = new ArrayList<>();
        for (HostOutput o : model.hostOutputs()) {
            outputs.add(new GraphSnapshot.Output(Arena.format(o.node()), o.port(), o.channel()));
        }
        GraphSnapshot graph = new GraphSnapshot(sampleRate, blockSize, channels, 0, nodes, connections, outputs);
        StateCapture capture = new StateCapture(slots);
        Command c = take();
        c.captureState(capture);
        send(c);
        return new SnapshotRequest(graph, capture, typeIds, versions, paramIds);
    }

    private void loadState(long handle, GraphSnapshot.NodeSnapshot n, String where) {
        NodeEntry entry = model.entry(handle);
        if (!entry.type().id().equals(n.state().typeId())) {
            throw new PatchException(where, new NodeCreationException("its state was saved by " + n.state().typeId(), null));
        }
        try {
            // Safe here: the node has not joined a running graph yet (the batch is open).
            entry.slot().node().loadState(n.state().reader(), n.state().version());
        } catch (RuntimeException ex) {
            throw new PatchException(where, new NodeCreationException("the node refused its saved state: " + ex.getMessage(), ex));
        }
    }

    private interface Edit {
        long run();
    }

    private static long rethrowAt(String where, Edit edit) {
        try {
            return edit.run();
        } catch (GraphException ex) {
            throw new PatchException(where, ex);
        }
    }

    // ---------------------------------------------------------------- queries

    /** @return the sample rate in Hz */
    public float sampleRate() {
        return sampleRate;
    }

    /** @return frames per block */
    public int blockSize() {
        return blockSize;
    }

    /** @return the number of host output channels */
    public int outputChannels() {
        return channels;
    }

    /** @return the duration of one block in nanoseconds: the RT deadline */
    public long deadlineNanos() {
        return scheduler.deadlineNanos();
    }

    /** @return the node types this engine can create */
    public NodeRegistry registry() {
        return registry;
    }

    /** @return the handles of every node in the graph */
    public synchronized long[] nodes() {
        return model.handles();
    }

    /**
     * @param node a handle
     * @return whether it refers to a node in the graph
     */
    public synchronized boolean contains(long node) {
        return model.contains(node);
    }

    /**
     * @param node a node
     * @return its type id
     * @throws StaleHandleException if there is no such node
     */
    public synchronized String typeOf(long node) {
        return model.entry(node).type().id();
    }

    /**
     * The node object itself, seen through a control-side interface it implements: how an
     * application reaches what a node offers beyond parameters (a sampler's table, a
     * sequencer's pattern, a meter's readings, a recorder's captured audio). Only call
     * methods the node documents as safe from the control thread: the node is running on
     * the RT thread, and such methods hand data over without locks (for example by
     * publishing through an {@code AtomicReference} that {@code process} picks up).
     *
     * @param node the node
     * @param type a type the node implements, e.g. {@code Meter.class}
     * @param <T>  that type
     * @return the node as that type
     * @throws StaleHandleException     if there is no such node
     * @throws IllegalArgumentException if the node is not a {@code type}, naming what it is
     */
    public synchronized <T> T nodeAs(long node, Class<T> type) {
        NodeEntry e = model.entry(node);
        Object n = e.slot().node();
        if (!type.isInstance(n)) {
            throw new IllegalArgumentException(model.describe(node) + " is a " + n.getClass().getName()
                    + ", not a " + type.getName());
        }
        return type.cast(n);
    }

    /**
     * Where a real-time source (MIDI control changes read in the driver's callback) queues
     * parameter changes stamped with a frame of the next block: the engine applies them at the
     * start of that block, each starting at its frame. Offer from one thread only, normally
     * the thread that calls {@link #process}, just before it. Such changes bypass the control
     * side's graph model, so {@link #getParam} does not see them; {@link #requestSnapshot} does,
     * since it reads parameter targets from the running nodes at its block boundary.
     *
     * @return this engine's frame-stamped parameter event ring
     */
    public ParamEvents paramEvents() {
        return paramEvents;
    }

    /**
     * The index by which {@link ParamEvents#offer} names a parameter. Control thread, once,
     * when a mapping is installed.
     *
     * @param node    a node
     * @param paramId a parameter id
     * @return its index in the node's descriptor
     * @throws StaleHandleException  if there is no such node
     * @throws UnknownParamException if the node has no such parameter (the message lists its parameters)
     */
    public synchronized int paramIndexOf(long node, String paramId) {
        return paramIndex(model.entry(node), paramId);
    }

    /**
     * @param node    a node
     * @param paramId a parameter id
     * @return the last value set from the control side (the default if never set)
     */
    public synchronized float getParam(long node, String paramId) {
        NodeEntry e = model.entry(node);
        return e.paramTarget(paramIndex(e, paramId));
    }

    /** @return every connection between nodes */
    public synchronized List<Edge> connections() {
        List<Edge> all = new ArrayList<>();
        for (long h : model.handles()) {
            all.addAll(model.entry(h).inputs());
        }
        return all;
    }

    /** @return every route from a node output to a host channel */
    public synchronized List<HostOutput> hostOutputs() {
        return model.hostOutputs();
    }

    /**
     * @param node a handle
     * @return {@code node 3:1 (std.gain)}, as used in messages
     */
    public synchronized String describe(long node) {
        return model.describe(node);
    }

    /**
     * The most recently compiled plan, for tests and diagnostics. Plan objects are reused
     * (see {@link Plan}), so read it before the next structural edit: a reference kept past
     * the edit after next may show another graph.
     *
     * @return the running plan, or the one about to be swapped in
     */
    public synchronized Plan latestPlan() {
        return latestPlan;
    }

    /** @return the number of workers that run blocks: 1 plus the helper threads */
    public int workers() {
        return helpers == null ? 1 : helpers.threads().length + 1;
    }

    /**
     * @return clusters of parallel plans that helper threads (not the thread calling
     *         {@link #process}) have run so far; 0 with one worker
     */
    public long helperClusters() {
        return helpers == null ? 0 : scheduler.handoff().helperClusters();
    }

    /** @return the helper threads (empty with one worker); for diagnostics such as allocation or CPU probes */
    public Thread[] helperThreads() {
        return helpers == null ? new Thread[0] : helpers.threads();
    }

    /**
     * Stops the helper threads, if any, and waits for them to end. Idempotent. {@link #process}
     * keeps working afterwards, with the calling thread doing all the work (a helper in the
     * middle of a cluster finishes it first). An engine that becomes unreachable without being
     * closed has its helpers stopped when the collector finds it (unless a
     * {@link Builder#helperStart} hook, which the helpers hold, refers to the engine).
     */
    @Override
    public void close() {
        if (helperStop != null) {
            helperStop.clean(); // runs the stop once, here
        }
    }

    /** @return a snapshot of the RT statistics */
    public synchronized EngineStats stats() {
        RtStats s = scheduler.stats();
        recycle = recycle == null ? s.blockTimes().getIntervalHistogram() : s.blockTimes().getIntervalHistogram(recycle);
        blockTimes.add(recycle);
        return new EngineStats(s.blocks(), s.commandsApplied(), s.deadlineMisses(), s.nonFiniteSamples(), s.faults(),
                scheduler.deadlineNanos(), blockTimes.getTotalCount() == 0 ? 0 : blockTimes.getMean(),
                blockTimes.getValueAtPercentile(50), blockTimes.getValueAtPercentile(99),
                blockTimes.getValueAtPercentile(99.9), blockTimes.getValueAtPercentile(99.99), blockTimes.getMaxValue());
    }

    /**
     * Nodes that threw on the RT thread since the last call. Each is bypassed (its outputs
     * are silent) but stays in the graph until removed.
     *
     * @return the new fault reports, possibly empty
     */
    public synchronized List<FaultReport> drainFaults() {
        long now = scheduler.stats().faults();
        if (now == faultsSeen) {
            return List.of();
        }
        faultsSeen = now;
        List<FaultReport> out = new ArrayList<>();
        for (long h : model.handles()) {
            NodeSlot slot = model.entry(h).slot();
            if (slot.fault() != null && reportedFaults.add(slot)) {
                out.add(new FaultReport(h, slot.typeId(), slot.fault()));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- plumbing

    /** Validates that an edit may start and that a command will be available to carry it. */
    private void beginEdit() {
        checkBatchOwner();
        if (batch == null && !commandFree()) {
            throw full("edit");
        }
    }

    private void checkBatchOwner() {
        if (batch != null && batch.owner != Thread.currentThread()) {
            throw new IllegalStateException("a batch is open on thread " + batch.owner.getName()
                    + "; edits from " + Thread.currentThread().getName() + " must wait for it to commit");
        }
    }

    private void structureChanged() {
        if (batch != null) {
            batch.dirty = true;
        } else {
            publish();
        }
    }

    /** Compiles the model and sends the plan, replacing a swap the RT thread has not taken yet. */
    private void publish() {
        Plan plan = compiler.compile(model);
        latestPlan = plan;
        if (pendingSwap != null && pendingSwap.replacePendingPlan(pendingPlan, plan)) {
            compiler.recycle(pendingPlan); // the RT thread never took it
            pendingPlan = plan;
            return;
        }
        Command c = take(); // reserved by beginEdit or the batch commit
        c.swapPlan(plan);
        pendingSwap = c;
        pendingPlan = plan;
        send(c);
    }

    /**
     * Recycles the commands the RT thread handed back, then says whether one is free. Every
     * edit that will send a command checks this before it changes anything, so that a full
     * ring refuses the edit with the engine untouched. (A structural edit may end up folding
     * its plan into a swap still pending, but it cannot know that in advance: the RT thread
     * may take that swap at any moment.)
     */
    private boolean commandFree() {
        drainReturns();
        return poolTop > 0;
    }

    /** Takes a free command; {@link #commandFree()} said there is one. */
    private Command take() {
        return pool[--poolTop];
    }

    private CommandQueueFullException full(String what) {
        return new CommandQueueFullException("command ring full (" + pool.length + " commands in flight): " + what
                + " refused, nothing changed; is anything calling Engine.process()?");
    }

    private void send(Command c) {
        if (!commands.offer(c)) {
            // The ring holds the whole pool, so an acquired command always fits.
            throw new IllegalStateException("command ring rejected a pooled command: engine bug");
        }
    }

    private void drainReturns() {
        Command c;
        while ((c = returns.poll()) != null) {
            if (c == pendingSwap) {
                pendingSwap = null;
                pendingPlan = null;
            }
            Plan retired = c.takeRetired();
            if (retired != null) {
                compiler.recycle(retired);
            }
            c.clear();
            pool[poolTop++] = c;
        }
    }

    private final class Batch implements EditBatch {
        final Thread owner;
        final GraphModel before;
        final List<Command> deferred = new ArrayList<>();
        boolean dirty;
        boolean done;

        Batch(Thread owner, GraphModel before) {
            this.owner = owner;
            this.before = before;
        }

        @Override
        public void commit() {
            synchronized (Engine.this) {
                requireOpen();
                if (dirty && !commandFree()) {
                    rollback();
                    throw full("batch commit");
                }
                done = true;
                batch = null;
                if (dirty) {
                    publish();
                }
                for (Command c : deferred) {
                    send(c);
                }
            }
        }

        @Override
        public void close() {
            synchronized (Engine.this) {
                if (!done) {
                    rollback();
                }
            }
        }

        private void rollback() {
            done = true;
            batch = null;
            model = before;
            for (Command c : deferred) {
                c.clear();
                pool[poolTop++] = c;
            }
        }

        private void requireOpen() {
            if (done) {
                throw new IllegalStateException("batch already committed or rolled back");
            }
            if (owner != Thread.currentThread()) {
                throw new IllegalStateException("batch opened on thread " + owner.getName() + " must be committed there");
            }
        }
    }

    /** Configures an {@link Engine}. */
    public static final class Builder {
        private float sampleRate = 48_000f;
        private int blockSize = 64;
        private int channels = 2;
        private int commandCapacity = 1024;
        private int maxCommandsPerBlock = 32;
        private int paramEventCapacity = 1024;
        private int initialNodeCapacity = 256;
        private int workers = 1;
        private Runnable helperStart;
        private boolean discover = true;
        private long startPosition;
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
         * @param capacity commands that can be in flight at once (rounded up to a power of two), at least 8
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
         * @param max commands applied per block at most (bounded work on the RT thread), at least 1
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
