package org.aetherdsp.core.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.core.graph.Edge;
import org.aetherdsp.core.graph.HostInput;
import org.aetherdsp.core.graph.HostOutput;
import org.aetherdsp.core.graph.PlanView;
import org.aetherdsp.core.graph.StaleHandleException;
import org.aetherdsp.core.graph.UnknownParamException;
import org.aetherdsp.core.model.GraphModel;
import org.aetherdsp.core.model.NodeEntry;
import org.aetherdsp.core.model.PlanCompiler;
import org.aetherdsp.core.rt.BlockContext;
import org.aetherdsp.core.rt.HostInputs;
import org.aetherdsp.core.rt.ParamEventRing;
import org.aetherdsp.core.rt.Scheduler;
import org.aetherdsp.core.rt.Timeline;
import org.aetherdsp.core.rt.TimelineEvents;

/**
 * The engine's parts, wired from its options, and what can be asked of it: its configuration,
 * the graph as it is, the event port, statistics and faults. {@link Engine} adds what changes
 * the engine (processing, edits, snapshots, closing); users see these methods as
 * {@code Engine}'s. The thread each method may be called from is in its Javadoc.
 */
abstract sealed class EngineQueries permits EngineEdits {

    final float sampleRate;
    final int blockSize;
    final int channels;
    /** The host input channels' block buffers, which input routes read. */
    final HostInputs hostInputs;
    final NodeRegistry registry;
    final Scheduler scheduler;
    final ParamEvents paramEvents;
    final Telemetry telemetry;
    final FaultLog faults = new FaultLog();
    /** The control side: the model, transactions and batches, under {@link #lock}. */
    final GraphEditor editor;
    /** Serialises the control side; held by an open batch from its start to its end. */
    final ReentrantLock lock;
    final HelperWorkers helpers;
    final Automation automation;
    final long startPosition;

    EngineQueries(EngineOptions b) {
        this.sampleRate = b.sampleRate;
        this.blockSize = b.blockSize;
        this.channels = b.channels;
        this.registry = b.registry != null ? b.registry : NodeRegistry.build(b.discover, b.providers, b.types, b.pluginFolders);
        boolean parallel = b.workers > 1;
        BlockContext block = new BlockContext(sampleRate, blockSize, b.startPosition);
        this.hostInputs = new HostInputs(b.inputChannels, blockSize);
        PlanCompiler compiler = new PlanCompiler(block, parallel, hostInputs.buffers());
        CommandPort port = new CommandPort(b.commandCapacity, compiler);
        this.editor = new GraphEditor(sampleRate, registry, new NodeFactory(ProcessContext.of(sampleRate, blockSize, 0)),
                new GraphModel(channels, b.inputChannels, b.initialNodeCapacity), compiler, port, faults);
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
    }

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

    /** @return the number of host input channels (0 unless built with {@link Engine.Builder#inputChannels}); any thread, no lock */
    public int inputChannels() {
        return hostInputs.channels();
    }

    /**
     * How many frames a host input sample takes to reach the output, inside the engine: 0. The
     * sample given to {@link Engine#process(float[][], float[][])} at frame i of a block comes out at
     * frame i of the same call (plus whatever delay the patch's nodes add on purpose). A driver
     * whose period differs from the block size adds its own buffering, which it reports. Any
     * thread, no lock.
     *
     * @return 0
     */
    public int latencyFrames() {
        return 0;
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
     * {@link Engine#setParam}, frame-stamped {@link #paramEvents()} (MIDI), the {@link #automation()}
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
     * @return the last value set from the control side with {@link Engine#setParam} (the default or
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
     * The engine's clock: the first frame of the next block {@link Engine#process} will run (the start
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

    /** @return every route from a host input channel into a node input; control side, may wait for the engine's lock */
    public List<HostInput> hostInputs() {
        lock.lock();
        try {
            return editor.model.hostInputs();
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
     *         {@link Engine#process}) have run so far; 0 with one worker; any thread
     */
    public long helperClusters() {
        return helpers == null ? 0 : scheduler.handoff().helperClusters();
    }

    /** @return the helper threads (empty with one worker); for diagnostics such as allocation or CPU probes; any thread */
    public Thread[] helperThreads() {
        return helpers == null ? new Thread[0] : helpers.threads();
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
}
