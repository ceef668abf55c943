package org.aetherdsp.core.rt;

import java.util.Arrays;
import org.aetherdsp.core.graph.PlanView;
import org.aetherdsp.api.DspNode;
import org.aetherdsp.core.param.SmoothedParams;

/**
 * A compiled graph: what the RT thread runs each block. Filled by
 * {@code org.aetherdsp.core.graph.PlanCompiler} on the control side ({@link #begin} ...
 * {@link #seal}) and not changed while the RT side can reach it; every array it points at was
 * allocated before it reached the RT thread.
 *
 * <h2>Reuse</h2>
 * A plan object is refilled rather than thrown away: when the RT thread swaps in a new plan it
 * hands the old one back on the return ring, and the compiler fills it again for a later edit,
 * reusing its arrays. So a steady stream of edits compiles without feeding the garbage
 * collector, whose pauses would otherwise reach the RT thread. A plan is therefore only valid
 * while it is the engine's latest or running plan: a reference kept across later edits may
 * show another graph.
 *
 * <p>For node {@code i} in topological order: first the fan-in sums
 * {@code mixTargets[m] = sum(mixSources[m])} for {@code m} in
 * {@code [mixStart[i], mixStart[i + 1])}, then {@code process(inputs[i], outputs[i])}.
 * Parameter ramps are advanced after the block by the scheduler, for the nodes that have one.
 * Buffers are shared between nodes by liveness, so a node's outputs hold stale data until
 * it writes them.
 *
 * <h2>Parallel plans</h2>
 * A plan compiled for several workers also carries a {@link ClusterSchedule}. Every node
 * computes exactly what it computes in the serial order (same inputs, fan-in sums added in the
 * same order, host channels summed in the same order), so the output is bit-identical. What
 * makes that true under concurrency is the buffer assignment ({@code PlanCompiler}): a signal
 * that stays inside its cluster uses that cluster's own buffers, recycled by liveness; a
 * signal read by another cluster or by the host has a buffer of its own that nothing else
 * writes. Two clusters that may run at the same time therefore never write or read each
 * other's buffers, except through an edge they wait on.
 *
 * <p>Mutable parts, owned by the RT side: the schedule's hand-off counters (the state of the
 * block in flight) and the dense copy of the nodes' fault flags ({@code bypassed}).
 */
public final class Plan {

    private static final NodeSlot[] NO_SLOTS = {};
    private static final float[][][] NO_BUFFER_LISTS = {};

    /** The number of nodes; the arrays below may be longer (a reused plan keeps its capacity). */
    int size;
    NodeSlot[] slots = NO_SLOTS;
    /** The slots by the arena index of their handle, for frame-stamped events. */
    private final SlotIndex byHandle = new SlotIndex();
    /**
     * Each slot's node and parameters again, flat: the hot loop loads them side by side instead
     * of through the slot (which it still reads for the fault flag, shared across plans).
     */
    private DspNode[] nodes = new DspNode[0];
    private SmoothedParams[] params = new SmoothedParams[0];
    /**
     * Per position, whether the node is bypassed after a fault: the slot's flag, copied into
     * one dense array so the hot loop does not touch every slot. Written by the worker that
     * sees the node throw, and from the slots by {@link #refreshBypass} when the plan is
     * swapped in (a node may have faulted after this plan was compiled).
     */
    private boolean[] bypassed = new boolean[0];
    /** Per position, the voice allocator whose idle voice skips the node (null: never), and the voice. */
    private org.aetherdsp.core.poly.VoiceAllocator[] skipWith = new org.aetherdsp.core.poly.VoiceAllocator[0];
    private int[] skipVoice = new int[0];
    float[][][] inputs = NO_BUFFER_LISTS;
    float[][][] outputs = NO_BUFFER_LISTS;
    /** Per position plus a sentinel, the first fan-in sum it needs. */
    int[] mixStart = new int[1];
    float[][] mixTargets = new float[0][];
    float[][][] mixSources = NO_BUFFER_LISTS;
    int mixCount;
    /** The host channels' sources and the non-finite guard. */
    final HostMix host = new HostMix();
    /** The feedback connections, copied into their lines at the end of each block. */
    final FeedbackCopies feedback = new FeedbackCopies();
    /** Read by unconnected inputs; re-zeroed every block in case a node wrote to it. */
    float[] silence = new float[0];
    int bufferCount;

    /** The cluster schedule; its count is 0 for a serial plan. */
    final ClusterSchedule schedule = new ClusterSchedule();
    /** The most clusters a schedule may have. */
    public static final int MAX_CLUSTERS = ClusterSchedule.MAX_CLUSTERS;

    /** While filling: the previous fill's node and fan-in counts, whose lists the filler may reuse. */
    private int previousSize;
    private int previousMixCount;

    /** Where this plan is in its life: see {@link #begin}. */
    private int state = FREE;
    private static final int FREE = 0;
    private static final int FILLING = 1;
    private static final int SEALED = 2;

    /** The engine's block, which every node's context reads. */
    private final BlockContext block;

    /**
     * An empty plan, to be filled by {@link #begin}, {@link #node}, {@link #mix}, {@link #channel},
     * optionally {@link #clusters}, then {@link #seal}.
     *
     * @param block the engine's block context
     */
    public Plan(BlockContext block) {
        this.block = block;
    }

    // ------------------------------------------------------------------ building (control thread)

    /**
     * Starts filling this plan with {@code nodeCount} nodes. Control thread, and only while no
     * RT-side thread can reach the plan: a new plan, or one the RT thread has handed back (or
     * never took). The plan grows its arrays when it must and otherwise reuses them, so
     * refilling a plan of the same size allocates nothing. Until {@link #seal}, the lists the
     * previous fill held stay readable through {@link #previousInputs} and the like, for the
     * filler to reuse or take back.
     *
     * @param nodeCount    nodes in execution order
     * @param channelCount host channels
     * @param silent       the silent buffer unconnected inputs read (re-zeroed every block)
     */
    public void begin(int nodeCount, int channelCount, float[] silent) {
        if (state != FREE) {
            throw new IllegalStateException(state == FILLING ? "plan is already being filled"
                    : "plan was not handed back (retire) before refilling");
        }
        previousSize = size;
        previousMixCount = mixCount;
        if (slots.length < nodeCount) {
            int capacity = Math.max(nodeCount, slots.length + (slots.length >> 1));
            slots = Arrays.copyOf(slots, capacity);
            nodes = Arrays.copyOf(nodes, capacity);
            params = Arrays.copyOf(params, capacity);
            bypassed = new boolean[capacity];
            skipWith = Arrays.copyOf(skipWith, capacity);
            skipVoice = Arrays.copyOf(skipVoice, capacity);
            inputs = Arrays.copyOf(inputs, capacity);
            outputs = Arrays.copyOf(outputs, capacity);
            mixStart = Arrays.copyOf(mixStart, capacity + 1);
        }
        host.begin(channelCount);
        feedback.begin();
        size = nodeCount;
        silence = silent;
        mixCount = 0;
        schedule.count = 0;
        bufferCount = 0;
        state = FILLING;
    }

    /**
     * While filling: the input list position {@code p} held in the previous fill, for the
     * filler to reuse (a plan keeps its lists, so that refilling it with the same graph
     * writes nothing).
     *
     * @param position a position
     * @return the list, or null if the previous fill had no node there
     */
    public float[][] previousInputs(int position) {
        return position < previousSize ? inputs[position] : null;
    }

    /**
     * @param position a position
     * @return the output list the previous fill held there, or null
     * @see #previousInputs(int)
     */
    public float[][] previousOutputs(int position) {
        return position < previousSize ? outputs[position] : null;
    }

    /**
     * @param mix a fan-in sum's index
     * @return the source list the previous fill held there, or null
     * @see #previousInputs(int)
     */
    public float[][] previousMixSources(int mix) {
        return mix < previousMixCount ? mixSources[mix] : null;
    }

    /** @return how many nodes the previous fill had (0 for a new plan) */
    public int previousSize() {
        return previousSize;
    }

    /** @return how many fan-in sums the previous fill had */
    public int previousMixCount() {
        return previousMixCount;
    }

    /**
     * Puts a node at a position; positions are filled in order, each after the fan-in sums it
     * needs ({@link #mix}). Each array element is written only if it changes: the RT thread
     * then keeps in its cache what a refill left as it was, and the collector's write
     * barrier is not paid for it.
     *
     * @param position its place in execution order
     * @param slot     the node
     * @param in       its input buffers, one per input port
     * @param out      its output buffers, one per output port
     */
    public void node(int position, NodeSlot slot, float[][] in, float[][] out) {
        requireFilling();
        if (slots[position] != slot) {
            slots[position] = slot;
        }
        if (nodes[position] != slot.node) {
            nodes[position] = slot.node;
        }
        if (params[position] != slot.params) {
            params[position] = slot.params;
        }
        if (skipWith[position] != slot.skipWith) {
            skipWith[position] = slot.skipWith;
        }
        skipVoice[position] = slot.skipVoice;
        if (inputs[position] != in) {
            inputs[position] = in;
        }
        if (outputs[position] != out) {
            outputs[position] = out;
        }
        if (mixStart[position + 1] != mixCount) {
            mixStart[position + 1] = mixCount;
        }
    }

    /**
     * Adds a fan-in sum for the next node to be placed: before it runs, {@code target} is
     * filled with the sum of {@code sources}, in their order.
     *
     * @param target  the scratch buffer the node reads
     * @param sources the buffers to add, at least one
     */
    public void mix(float[] target, float[][] sources) {
        requireFilling();
        if (mixCount == mixTargets.length) {
            int capacity = Math.max(8, mixCount * 2);
            mixTargets = Arrays.copyOf(mixTargets, capacity);
            mixSources = Arrays.copyOf(mixSources, capacity);
        }
        if (mixTargets[mixCount] != target) {
            mixTargets[mixCount] = target;
        }
        if (mixSources[mixCount] != sources) {
            mixSources[mixCount] = sources;
        }
        mixCount++;
    }

    /**
     * @param channel a host channel
     * @param sources the buffers summed into it, in this order (empty: silence)
     */
    public void channel(int channel, float[][] sources) {
        requireFilling();
        host.channel(channel, sources);
    }

    /**
     * Adds a feedback connection: at the end of each block, after every node has run, the RT
     * thread copies {@code source} (the source node's output buffer in this plan, which must be
     * kept from reuse to the end of the block) into {@code line}, which the target reads as its
     * input during the next block. See {@link FeedbackCopies}.
     *
     * @param line   the connection's line, shared with every plan that runs the connection
     * @param source the buffer the source port writes in this plan
     */
    public void feedback(FeedbackLine line, float[] source) {
        requireFilling();
        feedback.add(line, source);
    }

    /** @return the number of feedback connections (while filling: so far) */
    public int feedbackCount() {
        return feedback.count();
    }

    /**
     * Gives the plan a cluster schedule, for several workers (see the class comment). The caller
     * guarantees that the buffers are assigned so that clusters that may run at the same time
     * share none; {@link #seal} checks that each cluster waits only for earlier ones.
     *
     * @param count     clusters, from 1 to {@link #MAX_CLUSTERS}
     * @param start     per cluster plus a sentinel, its first position (copied)
     * @param waitStart per cluster plus a sentinel, where its pairs start in {@code pairs} (copied)
     * @param pairs     pairs (earlier cluster, position in it) that clusters wait for (copied)
     */
    public void clusters(int count, int[] start, int[] waitStart, int[] pairs) {
        requireFilling();
        schedule.fill(count, start, waitStart, pairs, size);
    }

    /**
     * Ends filling: checks the schedule and indexes the nodes. After this the plan may be sent
     * to the RT thread, and must not be touched until it comes back.
     *
     * @param buffers how many distinct audio buffers the plan uses (for tests and diagnostics)
     */
    public void seal(int buffers) {
        requireFilling();
        int n = size;
        mixStart[0] = 0;
        for (int i = 0; i < n; i++) {
            if (slots[i] == null) {
                throw new IllegalStateException("position " + i + " of " + n + " has no node");
            }
        }
        host.check();
        feedback.seal();
        if (schedule.count > 0) {
            schedule.check(n);
        }
        // Forget what the previous fill held beyond this one, so that it does not keep removed
        // nodes (and their delay lines) reachable. The filler has taken back those lists.
        for (int i = n; i < previousSize; i++) {
            slots[i] = null;
            nodes[i] = null;
            params[i] = null;
            skipWith[i] = null;
            inputs[i] = null;
            outputs[i] = null;
        }
        for (int m = mixCount; m < previousMixCount; m++) {
            mixTargets[m] = null;
            mixSources[m] = null;
        }
        previousSize = 0;
        previousMixCount = 0;
        byHandle.index(slots, n);
        bufferCount = buffers;
        state = SEALED;
    }

    /**
     * Marks a sealed plan as handed back: no RT-side thread will run it again, and it may be
     * filled anew with {@link #begin}. Its content stays readable until then. Control thread.
     *
     * @throws IllegalStateException if the plan is not sealed (never finished, or already handed back)
     */
    public void retire() {
        if (state != SEALED) {
            throw new IllegalStateException(state == FREE ? "plan was already handed back" : "plan is still being filled");
        }
        state = FREE;
    }

    private void requireFilling() {
        if (state != FILLING) {
            throw new IllegalStateException("call begin before filling a plan");
        }
    }

    /** @return the number of nodes */
    public int size() {
        return size;
    }

    /**
     * Copies this plan into an immutable view. Control thread, while the plan is sealed (it is
     * not refilled meanwhile).
     *
     * @param compile which compile of the engine made this plan
     * @return the view
     */
    public PlanView view(long compile) {
        return PlanCopy.of(this, compile);
    }

    /**
     * Whether input {@code port} of the node at {@code position} has a source: its buffer is not
     * the shared silent one. RT thread, from the node's context.
     */
    boolean isConnected(int position, int port) {
        final float[][] in = inputs[position];
        return port >= 0 && port < in.length && in[port] != silence;
    }

    /** @return the number of fan-in sums (while filling: so far) */
    public int mixCount() {
        return mixCount;
    }

    /**
     * @param channel a host channel, below {@link #channelCount()}
     * @return the buffers summed into it (while filling: the previous fill's list, or null in a new plan)
     */
    public float[][] channelSources(int channel) {
        return host.sources(channel);
    }

    /**
     * The node with this handle in this plan. RT thread (or any thread while the plan is not
     * being refilled).
     *
     * @param handle a graph handle
     * @return its slot, or null if this plan does not run that node (removed, stale generation)
     */
    public NodeSlot slotOf(long handle) {
        return byHandle.get(handle);
    }

    /** @return the number of host channels this plan writes */
    public int channelCount() {
        return host.channels;
    }

    /**
     * Takes each node's fault state from its slot. RT thread, when this plan is installed:
     * the slots carry faults across plans, and one may have happened after this plan was
     * compiled. One pass over the slots, at a block boundary.
     */
    void refreshBypass() {
        for (int i = 0; i < size; i++) {
            bypassed[i] = slots[i].faulted;
        }
    }

    /** @return the number of clusters, or 0 for a plan that runs serially */
    public int clusterCount() {
        return schedule.count;
    }

    /**
     * Runs every node once, in execution order, on the calling thread. RT thread.
     *
     * @param worker the calling worker's context
     * @return the number of nodes that faulted during this block
     */
    int run(NodeContext worker) {
        Arrays.fill(silence, 0f);
        return runNodes(0, size, worker);
    }

    /**
     * Opens block {@code sequence} of a parallel plan for claiming. Worker 0 (the RT thread),
     * before it publishes the block to the other workers.
     */
    void open(int sequence) {
        Arrays.fill(silence, 0f);
        schedule.open(sequence);
    }

    /**
     * Claims and runs clusters of block {@code sequence} until none is left. Any worker.
     *
     * @return the number of clusters this call ran
     * @see ClusterSchedule#work
     */
    int work(int sequence, NodeContext worker) {
        return schedule.work(this, sequence, worker);
    }

    /**
     * Waits until every cluster of the block in flight has finished. Worker 0.
     *
     * @return the number of nodes that faulted in the block
     */
    int awaitBlock() {
        return schedule.awaitBlock();
    }

    /** Runs positions {@code [from, to)} in order: fan-in sums, then the node. RT thread. */
    int runNodes(int from, int to, NodeContext worker) {
        final int frames = block.blockSize();
        final NodeSlot[] slots = this.slots;
        final DspNode[] nodes = this.nodes;
        final float[][][] inputs = this.inputs;
        final float[][][] outputs = this.outputs;
        final int[] mixStart = this.mixStart;
        int faults = 0;
        int m = mixStart[from];
        if (worker.plan != this) {
            worker.plan = this;
        }
        for (int i = from; i < to; i++) {
            for (final int end = mixStart[i + 1]; m < end; m++) {
                sum(mixSources[m], mixTargets[m], frames);
            }
            final float[][] out = outputs[i];
            final org.aetherdsp.core.poly.VoiceAllocator voices = skipWith[i];
            if (voices != null && voices.idle(skipVoice[i])) {
                silence(out, frames); // an idle voice: skipped, its contribution is silence
            } else if (!bypassed[i]) {
                worker.position = i; // an int store: no collector barrier in the loop
                try {
                    nodes[i].process(inputs[i], out, params[i], worker);
                } catch (Throwable t) {
                    // A node's failure must not take the audio thread down: bypass it and
                    // report through the slot. Nothing is allocated here; t already exists.
                    bypassed[i] = true;
                    slots[i].markFaulted(t);
                    faults++;
                    silence(out, frames);
                }
            } else {
                silence(out, frames);
            }
        }
        return faults;
    }

    /**
     * Advances every node's parameters: what the scheduler falls back to when more nodes ramp at
     * once than its list holds. RT thread, after the block.
     */
    void advanceAll(int frames) {
        final SmoothedParams[] ps = params;
        for (int i = 0, n = size; i < n; i++) {
            ps[i].advance(frames);
        }
    }

    /**
     * Sums the host channel sources into {@code out}, replacing NaN and infinities by 0. RT thread.
     *
     * @return the number of non-finite samples replaced
     */
    int writeHost(float[][] out, int frames) {
        return host.write(out, frames);
    }

    /**
     * Copies each feedback source's output of this block into its line. RT thread, after the
     * block's nodes have all run (on every worker) and before the next block.
     *
     * @return the number of non-finite samples kept out of the lines
     */
    int copyFeedback(int frames) {
        return feedback.copy(frames);
    }

    private static void sum(float[][] sources, float[] target, int frames) {
        System.arraycopy(sources[0], 0, target, 0, frames);
        for (int s = 1; s < sources.length; s++) {
            float[] b = sources[s];
            for (int i = 0; i < frames; i++) {
                target[i] += b[i];
            }
        }
    }

    private static void silence(float[][] buffers, int frames) {
        for (float[] b : buffers) {
            Arrays.fill(b, 0, frames, 0f);
        }
    }
}
