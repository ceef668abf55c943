package org.aetherdsp.core.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.NodeCounters;
import org.aetherdsp.api.NodeType;
import org.aetherdsp.api.ParamSpec;
import org.aetherdsp.api.StateBlob;
import org.aetherdsp.api.StateBuffer;
import org.aetherdsp.core.arena.Arena;
import org.aetherdsp.core.graph.ParamOutOfRangeException;
import org.aetherdsp.core.graph.UnknownParamException;
import org.aetherdsp.core.graph.UserText;
import org.aetherdsp.core.model.GraphModel;
import org.aetherdsp.core.model.NodeEntry;
import org.aetherdsp.core.model.PlanCompiler;
import org.aetherdsp.core.param.SmoothedParams;
import org.aetherdsp.core.rt.Command;
import org.aetherdsp.core.rt.NodeSlot;
import org.aetherdsp.core.rt.Plan;

/**
 * The control side's edits: the graph model, the transactions that carry edits to the RT
 * thread, and batches. Every edit validates completely before it changes anything, and reaches
 * the RT thread as one message per transaction: a batch's plan and parameter changes together,
 * or a single edit's.
 *
 * <p>Threads: every method runs under {@link #lock}, which the engine's facade takes; an open
 * batch holds it from {@link #beginBatch} to its commit or close, so no other thread sees a
 * half-applied batch. Nothing here waits for the RT thread.
 */
final class GraphEditor {

    /** Serialises the control side; held by an open batch from its start to its end. */
    final ReentrantLock lock = new ReentrantLock();
    private final float sampleRate;
    private final NodeRegistry registry;
    private final NodeFactory factory;
    private final PlanCompiler compiler;
    private final CommandPort port;
    private final FaultLog faults;
    GraphModel model;
    /** The most recently compiled plan (running, or about to run), and how many compiles made it. */
    Plan latestPlan;
    long compiles;
    /** The open batch, or null. */
    private Batch batch;
    /** Nodes added since the last plan was sent: the control side may still set their parameters directly. */
    private final List<NodeSlot> unpublished = new ArrayList<>();
    /** Where the counters of the graph's {@link NodeCounters} nodes go, when they change. */
    private Consumer<Map<String, LongSupplier>> nodeCounters = m -> { };
    /** Whether a counting node joined or left the graph since the counters were last handed on. */
    private boolean countersChanged;

    GraphEditor(float sampleRate, NodeRegistry registry, NodeFactory factory, GraphModel model, PlanCompiler compiler,
                CommandPort port, FaultLog faults) {
        this.sampleRate = sampleRate;
        this.registry = registry;
        this.factory = factory;
        this.model = model;
        this.compiler = compiler;
        this.port = port;
        this.faults = faults;
        this.latestPlan = compiler.compile(model);
        this.compiles = 1;
    }

    long add(String typeId) {
        requireRoom("add");
        NodeType type = registry.require(typeId);
        DspNode node = factory.create(type, "a node");
        long handle = model.add(type, node, new SmoothedParams(type.descriptor()));
        unpublished.add(model.entry(handle).slot());
        countersChanged |= node instanceof NodeCounters;
        structureChanged();
        return handle;
    }

    void skipWhileIdle(long node, org.aetherdsp.core.poly.VoiceAllocator voices, int voice) {
        NodeSlot slot = model.entry(node).slot();
        if (voices != null && (voice < 0 || voice >= voices.voices())) {
            throw new IllegalArgumentException("voice " + voice + " is not one of the allocator's " + voices.voices());
        }
        requireRoom("skip while idle");
        // Plans copy the slot's voice when compiled, so a running node changes with the next plan.
        slot.skipWhileIdle(voices, voice);
        structureChanged();
    }

    void replace(long node, Consumer<DspNode> prepare) {
        if (batch != null) {
            throw new IllegalStateException("replace a node outside a batch");
        }
        requireRoom("replace");
        NodeEntry e = model.entry(node);
        NodeType type = e.type();
        DspNode fresh = factory.create(type, "a replacement for " + model.describe(node));
        if (prepare != null) {
            try {
                prepare.accept(fresh);
            } catch (RuntimeException | Error ex) {
                throw new NodeCreationException("preparing a replacement for " + model.describe(node) + " failed: " + ex, ex);
            }
        }
        NodeSlot old = e.slot();
        int bytes = Math.max(NodeFactory.stateSize(old.node(), type.id()), NodeFactory.stateSize(fresh, type.id()));
        NodeSlot replacement = new NodeSlot(fresh, new SmoothedParams(type.descriptor()), node, type.id());
        replacement.skipLike(old);
        StateBuffer handover = new StateBuffer(bytes);
        faults.leaving(old);
        model.replaceSlot(node, replacement);
        countersChanged |= fresh instanceof NodeCounters;
        Plan plan = compile();
        Command c = port.take();
        c.replaceNode(old, replacement, handover, plan);
        port.send(c, plan);
        replacement.markPublished();
        if (countersChanged) {
            handCountersOn(); // the replacement's counters, from zero
        }
    }

    void remove(long node) {
        requireRoom("remove");
        NodeSlot gone = model.remove(node).slot();
        faults.leaving(gone);
        countersChanged |= gone.node() instanceof NodeCounters;
        structureChanged();
    }

    void connect(long source, int sourcePort, long target, int targetPort) {
        requireRoom("connect");
        model.connect(source, sourcePort, target, targetPort);
        structureChanged();
    }

    void connectFeedback(long source, int sourcePort, long target, int targetPort) {
        requireRoom("connect feedback");
        model.connect(source, sourcePort, target, targetPort, true);
        structureChanged();
    }

    void disconnect(long source, int sourcePort, long target, int targetPort) {
        requireRoom("disconnect");
        model.disconnect(source, sourcePort, target, targetPort);
        structureChanged();
    }

    void connectOutput(long node, int port, int channel) {
        requireRoom("connect output");
        model.connectOutput(node, port, channel);
        structureChanged();
    }

    void disconnectOutput(long node, int port, int channel) {
        requireRoom("disconnect output");
        model.disconnectOutput(node, port, channel);
        structureChanged();
    }

    void connectInput(int channel, long node, int port) {
        requireRoom("connect input");
        model.connectInput(channel, node, port);
        structureChanged();
    }

    void disconnectInput(int channel, long node, int port) {
        requireRoom("disconnect input");
        model.disconnectInput(channel, node, port);
        structureChanged();
    }

    /** With the spec's default smoothing time when {@code defaultRamp}. */
    void setParam(long node, String paramId, float value, float rampMs, boolean defaultRamp) {
        NodeEntry e = model.entry(node);
        int index = paramIndex(e, paramId);
        ParamSpec spec = e.descriptor().params().get(index);
        float ramp = defaultRamp ? spec.smoothingMs() : rampMs;
        if (!spec.accepts(value)) {
            throw new ParamOutOfRangeException("value " + value + " for param " + UserText.quote(spec.id()) + " of "
                    + model.describe(node) + " is outside its range [" + spec.min() + ", " + spec.max() + "]"
                    + (spec.unit().isEmpty() ? "" : " " + UserText.escaped(spec.unit())));
        }
        if (!(ramp >= 0f) || Float.isInfinite(ramp)) {
            throw new IllegalArgumentException("ramp for param " + UserText.quote(spec.id()) + " of " + model.describe(node)
                    + " must be finite and >= 0 ms, got " + ramp);
        }
        NodeSlot slot = e.slot();
        int frames = Math.round(ramp * sampleRate / 1000f);
        if (!slot.isPublished()) {
            // No plan holding it has been sent: the RT thread cannot reach it, and the plan that
            // will carry it is published through the ring, which orders this write before.
            slot.params().preset(index, value);
        } else if (batch != null) {
            batch.command.change(slot, index, value, frames);
        } else {
            port.requireFree("set param"); // checked before anything is recorded
            Command c = port.take();
            c.transaction(null).change(slot, index, value, frames);
            port.send(c, null);
        }
        model.setParamTarget(node, index, value);
    }

    int paramIndex(NodeEntry e, String paramId) {
        int index = e.descriptor().paramIndex(paramId);
        if (index < 0) {
            List<String> ids = new ArrayList<>();
            for (ParamSpec s : e.descriptor().params()) {
                ids.add(s.id());
            }
            throw new UnknownParamException(model.describe(e.handle()) + " has no param " + UserText.quote(paramId)
                    + "; its params are " + UserText.list(ids));
        }
        return index;
    }

    /** Opens a batch; the caller holds the lock once more, which the batch keeps until its end. */
    EditBatch beginBatch() {
        if (batch != null) {
            throw new IllegalStateException("a batch is already open on this thread; commit or close it first");
        }
        port.requireFree("batch");
        batch = new Batch(model.copy(), port.take());
        return batch;
    }

    boolean batchOpen() {
        return batch != null;
    }

    /** @return the command the open batch will be sent in, or null outside a batch */
    Command batchCommand() {
        return batch == null ? null : batch.command;
    }

    /** Loads a saved state into a node of the open batch, before it joins a running graph. */
    void loadFreshState(long handle, StateBlob state) {
        NodeEntry entry = model.entry(handle);
        if (entry.slot().isPublished()) {
            throw new IllegalStateException(model.describe(handle) + " is running: its state can only be handed over (replace)");
        }
        if (!entry.type().id().equals(state.typeId())) {
            throw new NodeCreationException("its state was saved by " + UserText.quote(state.typeId()), null);
        }
        NodeFactory.loadState(entry.slot().node(), entry.type().id(), state.reader(), state.version());
    }

    /** Gives a feedback connection made in the open batch the contents it starts with (a restore). */
    void presetFeedback(long source, int sourcePort, long target, int targetPort, float[] frames) {
        model.feedbackLine(new org.aetherdsp.core.graph.Edge(source, sourcePort, target, targetPort, true)).preset(frames);
    }

    /** Sends a state capture for a snapshot request. */
    SnapshotRequest requestSnapshot(float rate, int blockSize, int channels) {
        if (batch != null) {
            throw new IllegalStateException("commit or close the open batch before taking a snapshot");
        }
        port.requireFree("snapshot");
        SnapshotRequest request = Snapshots.request(model, rate, blockSize, channels);
        Command c = port.take();
        c.captureState(request.capture());
        port.send(c, null);
        return request;
    }

    /** Outside a batch, refuses an edit that could not be sent; inside one, the batch carries it. */
    private void requireRoom(String what) {
        if (batch == null) {
            port.requireFree(what);
        }
    }

    private void structureChanged() {
        if (batch != null) {
            batch.structural = true;
        } else {
            publish(null);
        }
    }

    private Plan compile() {
        Plan plan = compiler.compile(model);
        latestPlan = plan;
        compiles++;
        return plan;
    }

    /**
     * Compiles the model and sends the plan with {@code carrier}'s parameter changes (or alone),
     * folding it into a swap the RT thread has not taken yet when nothing else must arrive with it.
     */
    private void publish(Command carrier) {
        Plan plan = compile();
        boolean alone = carrier == null || carrier.changeCount() == 0 && !carrier.isScheduled();
        if (alone && port.fold(plan)) {
            if (carrier != null) {
                port.giveBack(carrier);
            }
        } else {
            Command c = carrier != null ? carrier : port.take(); // requireRoom made sure one is free
            c.transaction(plan);
            port.send(c, plan);
        }
        markPublished();
    }

    private void markPublished() {
        for (int i = 0, n = unpublished.size(); i < n; i++) {
            unpublished.get(i).markPublished();
        }
        unpublished.clear();
        if (countersChanged) {
            handCountersOn();
        }
    }

    /** Sets where the graph's node counters go, and hands the current ones on. */
    void onNodeCounters(Consumer<Map<String, LongSupplier>> sink) {
        nodeCounters = sink;
        handCountersOn();
    }

    /** Lists every counter of the graph's {@link NodeCounters} nodes, named by handle, and hands them on. */
    private void handCountersOn() {
        countersChanged = false;
        Map<String, LongSupplier> all = new LinkedHashMap<>();
        for (long h : model.handles()) {
            if (model.entry(h).slot().node() instanceof NodeCounters counting) {
                Map<String, LongSupplier> own;
                try {
                    own = counting.counters();
                } catch (RuntimeException | Error e) {
                    continue; // a plugin's broken counters are left out, never the edit refused
                }
                own.forEach((name, counter) -> all.put("node." + Arena.format(h) + "." + name, counter));
            }
        }
        nodeCounters.accept(all);
    }

    /** An open batch: the model before it (for rollback) and the command that will carry it. */
    private final class Batch implements EditBatch {
        final GraphModel before;
        final Command command;
        final Thread owner = Thread.currentThread();
        boolean structural;
        boolean done;

        Batch(GraphModel before, Command command) {
            this.before = before;
            this.command = command;
        }

        @Override
        public void commit() {
            if (done) {
                throw new IllegalStateException("batch already committed or rolled back");
            }
            requireOwner();
            done = true;
            batch = null;
            try {
                if (structural) {
                    publish(command);
                } else if (command.changeCount() > 0) {
                    command.transaction(null);
                    port.send(command, null);
                } else {
                    port.giveBack(command);
                }
                markPublished();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void commitAt(long frame) {
            if (!done && owner == Thread.currentThread()) {
                command.startAt(frame);
            }
            commit();
        }

        @Override
        public void close() {
            if (done) {
                return;
            }
            requireOwner();
            done = true;
            batch = null;
            model = before;
            unpublished.clear();
            if (countersChanged) {
                handCountersOn(); // the model before the batch, with its own counting nodes
            }
            port.giveBack(command);
            lock.unlock();
        }

        private void requireOwner() {
            if (owner != Thread.currentThread() || !lock.isHeldByCurrentThread()) {
                throw new IllegalStateException("batch opened on thread " + owner.getName() + " must be committed or closed there");
            }
        }
    }
}
