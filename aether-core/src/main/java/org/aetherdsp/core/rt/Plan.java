package org.aetherdsp.core.rt;

import java.util.Arrays;
import org.aetherdsp.core.graph.PlanView;
import org.aetherdsp.api.DspNode;
import org.aetherdsp.core.param.SmoothedParams;

/**
 * A compiled graph: what the RT thread runs each block. Filled by
 * {@code org.aetherdsp.core.model.PlanCompiler} on the control side (through its
 * {@link PlanFill}) and not changed while the RT side can reach it; every array it points at was
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

    static final NodeSlot[] NO_SLOTS = {};
    private static final float[][][] NO_BUFFER_LISTS = {};

    /** The number of nodes; the arrays below may be longer (a reused plan keeps its capacity). */
    int size;
    NodeSlot[] slots = NO_SLOTS;
    /** The slots by the arena index of their handle, for frame-stamped events. */
    final SlotIndex byHandle = new SlotIndex();
    /**
     * Each slot's node and parameters again, flat: the hot loop loads them side by side instead
     * of through the slot (which it still reads for the fault flag, shared across plans).
     */
    DspNode[] nodes = new DspNode[0];
    SmoothedParams[] params = new SmoothedParams[0];
    /**
     * Per position, whether the node is bypassed after a fault: the slot's flag, copied into
     * one dense array so the hot loop does not touch every slot. Written by the worker that
     * sees the node throw, and from the slots by {@link #refreshBypass} when the plan is
     * swapped in (a node may have faulted after this plan was compiled).
     */
    boolean[] bypassed = new boolean[0];
    /** Per position, the voice allocator whose idle voice skips the node (null: never), and the voice. */
    org.aetherdsp.core.poly.VoiceAllocator[] skipWith = new org.aetherdsp.core.poly.VoiceAllocator[0];
    int[] skipVoice = new int[0];
    /** Per position, its node's arena index ({@link org.aetherdsp.core.arena.Arena#index}): what {@link #byHandle} is built from. */
    int[] arenaIndex = new int[0];
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
    int previousSize;
    int previousMixCount;

    /** Where this plan is in its life: see {@link PlanFill#begin}. */
    int state = FREE;
    static final int FREE = 0;
    static final int FILLING = 1;
    static final int SEALED = 2;

    /** The engine's block, which every node's context reads. */
    private final BlockContext block;
    private final PlanFill fill;

    /**
     * An empty plan, to be filled through {@link #fill()}.
     *
     * @param block the engine's block context
     */
    public Plan(BlockContext block) {
        this.block = block;
        this.fill = new PlanFill(this);
    }

    // ------------------------------------------------------------------ building (control thread)

    /** @return the filler of this plan: see {@link PlanFill} */
    public PlanFill fill() {
        return fill;
    }

    /** @return the number of feedback connections (while filling: so far) */
    public int feedbackCount() {
        return feedback.count();
    }

    /**
     * Marks a sealed plan as handed back: no RT-side thread will run it again, and it may be
     * filled anew with {@link PlanFill#begin}. Its content stays readable until then. Control thread.
     *
     * @throws IllegalStateException if the plan is not sealed (never finished, or already handed back)
     */
    public void retire() {
        if (state != SEALED) {
            throw new IllegalStateException(state == FREE ? "plan was already handed back" : "plan is still being filled");
        }
        state = FREE;
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
