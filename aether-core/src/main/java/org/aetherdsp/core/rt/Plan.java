package org.aetherdsp.core.rt;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicLong;
import org.aetherdsp.api.DspNode;
import org.aetherdsp.core.param.SmoothedParams;
import org.aetherdsp.api.ProcessContext;

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
 * A plan compiled for several workers also carries a <em>cluster schedule</em>: the execution
 * order is cut into clusters (runs of nodes, contiguous in that order, that one worker runs
 * one after the other), and each cluster lists the nodes of earlier clusters it waits for. Workers
 * claim clusters in order from one counter and start a cluster once every node it waits for has
 * run in this block. Claiming in order makes this deadlock-free: a cluster only ever
 * waits for clusters claimed before it, which are running on awake workers.
 *
 * <p>Every node computes exactly what it computes in the serial order (same inputs, fan-in sums
 * added in the same order, host channels summed in the same order), so the output is
 * bit-identical. What makes that true under concurrency is the buffer assignment
 * ({@code PlanCompiler}): a signal that stays inside its cluster uses that cluster's own
 * buffers, recycled by liveness; a signal read by another cluster or by the host has a buffer
 * of its own that nothing else writes. Two clusters that may run at the same time therefore
 * never write or read each other's buffers, except through an edge they wait on.
 *
 * <p>Mutable parts, owned by the RT side: the hand-off counters ({@code claim}, {@code finished},
 * {@code progress}), which are the state of the block in flight, and the dense copy of the
 * nodes' fault flags ({@code bypassed}).
 */
public final class Plan {

    private static final NodeSlot[] NO_SLOTS = {};
    private static final float[][][] NO_BUFFER_LISTS = {};

    /** The number of nodes; the arrays below may be longer (a reused plan keeps its capacity). */
    private int size;
    NodeSlot[] slots = NO_SLOTS;
    /**
     * The slots again, by the arena index of their handle (its low 32 bits): how a
     * {@link ParamEvents} event, which names its node by handle, finds it in O(1).
     */
    private NodeSlot[] byIndex = NO_SLOTS;
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
    private float[][][] inputs = NO_BUFFER_LISTS;
    private float[][][] outputs = NO_BUFFER_LISTS;
    /** Per position plus a sentinel, the first fan-in sum it needs. */
    private int[] mixStart = new int[1];
    private float[][] mixTargets = new float[0][];
    private float[][][] mixSources = NO_BUFFER_LISTS;
    private int mixCount;
    /** Per host channel, the buffers summed into it (empty: silence). */
    private float[][][] channelSources = NO_BUFFER_LISTS;
    private int channels;
    /** Read by unconnected inputs; re-zeroed every block in case a node wrote to it. */
    private float[] silence = new float[0];
    private int bufferCount;

    /** Clusters of the schedule; 0 for a serial plan. */
    private int clusterCount;
    /** Per cluster plus a sentinel, its first position in execution order. */
    private int[] clusterStart = new int[1];
    /** Per cluster plus a sentinel, where its pairs start in {@link #waitPairs}. */
    private int[] waitStart = new int[1];
    /**
     * Pairs (earlier cluster k, position p), cluster after cluster: a cluster reads what the node
     * at p, in k, wrote, so it waits until k has run up to p.
     */
    private int[] waitPairs = new int[0];
    /** Per position, whether another cluster waits for this node: the worker then publishes its progress. */
    private boolean[] publishAfter = new boolean[0];
    /**
     * (block sequence &lt;&lt; 32) | (clusters &lt;&lt; 16) | next cluster to claim. The cluster
     * count travels in the same word as the claim, so a worker that claims a cluster claims it
     * of the plan as this block runs it: a worker still holding this plan from an earlier block
     * (the plan may have been handed back and refilled since) finds another sequence and takes
     * nothing.
     */
    private final AtomicLong claim = new AtomicLong();
    /** Clusters finished in the block in flight. */
    private final AtomicInteger finished = new AtomicInteger();
    /** Nodes that faulted in the block in flight. */
    private final AtomicInteger blockFaults = new AtomicInteger();
    /**
     * Per cluster (every {@link #PAD}th long, one cache line each), how far it has run:
     * (block sequence &lt;&lt; 32) | (the position after the last node run), published only after
     * nodes that another cluster waits for.
     */
    private AtomicLongArray progress = new AtomicLongArray(0);
    /** Longs per cache line, so that two workers publishing neighbouring clusters do not share one. */
    private static final int PAD = 8;
    /** The most clusters a schedule may have: the count must fit its 16 bits of {@link #claim}. */
    public static final int MAX_CLUSTERS = 0xffff;
    /** Arena indices at or above this are not indexed (no engine holds that many nodes). */
    private static final int MAX_INDEXED = 1 << 24;

    /** Per {@link #byIndex} entry, the fill that last set it (control thread only). */
    private int[] indexedIn = new int[0];
    private int fills;
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
    /** Per position, the context its node receives: the block, and which of its inputs are connected. */
    private NodeContext[] contexts = new NodeContext[0];

    /**
     * An empty plan, to be filled by {@link #begin}, {@link #node}, {@link #mix}, {@link #channel},
     * optionally {@link #clusters}, then {@link #seal}.
     *
     * @param block the engine's block context, which the nodes' contexts read
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
            inputs = Arrays.copyOf(inputs, capacity);
            outputs = Arrays.copyOf(outputs, capacity);
            mixStart = Arrays.copyOf(mixStart, capacity + 1);
            publishAfter = new boolean[capacity];
            int had = contexts.length;
            contexts = Arrays.copyOf(contexts, capacity);
            for (int i = had; i < capacity; i++) {
                contexts[i] = new NodeContext(block);
            }
        }
        if (channelSources.length < channelCount) {
            channelSources = Arrays.copyOf(channelSources, channelCount);
        }
        size = nodeCount;
        channels = channelCount;
        silence = silent;
        mixCount = 0;
        clusterCount = 0;
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
        if (inputs[position] != in) {
            inputs[position] = in;
        }
        final NodeContext context = contexts[position];
        if (context.inputs != in) {
            context.inputs = in;
        }
        if (context.silence != silence) {
            context.silence = silence;
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
        if (channelSources[channel] != sources) {
            channelSources[channel] = sources;
        }
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
        if (count < 1 || count > MAX_CLUSTERS) {
            throw new IllegalArgumentException("a schedule has 1 to " + MAX_CLUSTERS + " clusters, not " + count);
        }
        int pairInts = waitStart[count];
        if (clusterStart.length < count + 1) {
            int capacity = Math.max(count + 1, clusterStart.length * 2);
            clusterStart = new int[capacity];
            this.waitStart = new int[capacity];
        }
        if (waitPairs.length < pairInts) {
            waitPairs = new int[Math.max(pairInts, waitPairs.length * 2)];
        }
        if (progress.length() < count * PAD) {
            progress = new AtomicLongArray(Math.max(count, progress.length() / PAD * 2) * PAD);
        }
        // A reused plan's progress words carry block sequences from its earlier runs; sequence 0
        // is never a block's, so no worker can mistake a cleared word for this run's progress,
        // even after the sequence counter wraps.
        for (int c = 0; c < count; c++) {
            progress.setPlain(c * PAD, 0L);
        }
        System.arraycopy(start, 0, clusterStart, 0, count + 1);
        System.arraycopy(waitStart, 0, this.waitStart, 0, count + 1);
        System.arraycopy(pairs, 0, waitPairs, 0, pairInts);
        clusterCount = count;
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
        for (int ch = 0; ch < channels; ch++) {
            if (channelSources[ch] == null) {
                throw new IllegalStateException("host channel " + ch + " has no source list");
            }
        }
        if (clusterCount > 0) {
            int clusters = clusterCount;
            if (clusterStart[0] != 0 || clusterStart[clusters] != n) {
                throw new IllegalArgumentException("cluster schedule does not cover the plan's nodes");
            }
            Arrays.fill(publishAfter, 0, n, false);
            for (int c = 0; c < clusters; c++) {
                for (int w = waitStart[c]; w < waitStart[c + 1]; w += 2) {
                    int k = waitPairs[w];
                    int p = waitPairs[w + 1];
                    if (k < 0 || k >= c || p < clusterStart[k] || p >= clusterStart[k + 1]) {
                        throw new IllegalArgumentException("cluster " + c + " waits for position " + p + " of cluster " + k
                                + ", not a node of an earlier cluster");
                    }
                    publishAfter[p] = true;
                }
            }
        }
        // Forget what the previous fill held beyond this one, so that it does not keep removed
        // nodes (and their delay lines) reachable. The filler has taken back those lists.
        for (int i = n; i < previousSize; i++) {
            slots[i] = null;
            nodes[i] = null;
            params[i] = null;
            inputs[i] = null;
            outputs[i] = null;
            contexts[i].inputs = null;
        }
        for (int m = mixCount; m < previousMixCount; m++) {
            mixTargets[m] = null;
            mixSources[m] = null;
        }
        previousSize = 0;
        previousMixCount = 0;
        index(n);
        bufferCount = buffers;
        state = SEALED;
    }

    /**
     * Points {@link #byIndex} at this fill's slots, writing only entries that change: a
     * stamp per entry says which fill set it, and entries from earlier fills are cleared.
     */
    private void index(int n) {
        int maxIndex = -1;
        for (int i = 0; i < n; i++) {
            int index = (int) slots[i].handle;
            if (index >= 0 && index < MAX_INDEXED) {
                maxIndex = Math.max(maxIndex, index);
            }
        }
        if (byIndex.length <= maxIndex) {
            int capacity = Math.max(maxIndex + 1, byIndex.length + (byIndex.length >> 1));
            byIndex = Arrays.copyOf(byIndex, capacity);
            indexedIn = Arrays.copyOf(indexedIn, capacity);
        }
        int stamp = ++fills;
        if (stamp == 0) { // wrapped: no entry may look current by accident
            Arrays.fill(indexedIn, 0);
            stamp = fills = 1;
        }
        for (int i = 0; i < n; i++) {
            int index = (int) slots[i].handle;
            if (index >= 0 && index <= maxIndex) {
                indexedIn[index] = stamp;
                if (byIndex[index] != slots[i]) {
                    byIndex[index] = slots[i];
                }
            }
        }
        for (int index = 0; index < byIndex.length; index++) {
            if (byIndex[index] != null && indexedIn[index] != stamp) {
                byIndex[index] = null;
            }
        }
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
     * @param position a position in execution order
     * @return the node there
     */
    public NodeSlot slot(int position) {
        return slots[checkPosition(position)];
    }

    /**
     * @param position a position in execution order
     * @return the node's input buffers, one per port (the shared silent buffer where unconnected)
     */
    public float[][] inputsAt(int position) {
        return inputs[checkPosition(position)];
    }

    /**
     * @param position a position in execution order
     * @return the node's output buffers, one per port
     */
    public float[][] outputsAt(int position) {
        return outputs[checkPosition(position)];
    }

    /**
     * @param position a position in execution order, or {@link #size()} for the end
     * @return the first fan-in sum that runs before that node (sums {@code [mixStart(p), mixStart(p + 1))} belong to p)
     */
    public int mixStart(int position) {
        return mixStart[Objects.checkIndex(position, size + 1)];
    }

    /** @return the number of fan-in sums */
    public int mixCount() {
        return mixCount;
    }

    /**
     * @param mix a fan-in sum, below {@link #mixCount()}
     * @return the scratch buffer it writes
     */
    public float[] mixTarget(int mix) {
        return mixTargets[Objects.checkIndex(mix, mixCount)];
    }

    /**
     * @param mix a fan-in sum, below {@link #mixCount()}
     * @return the buffers it adds
     */
    public float[][] mixSources(int mix) {
        return mixSources[Objects.checkIndex(mix, mixCount)];
    }

    /**
     * @param channel a host channel, below {@link #channelCount()}
     * @return the buffers summed into it
     */
    public float[][] channelSources(int channel) {
        return channelSources[Objects.checkIndex(channel, channels)];
    }

    /**
     * @param cluster a cluster, or {@link #clusterCount()} for the end
     * @return its first position in execution order
     */
    public int clusterStart(int cluster) {
        return clusterStart[Objects.checkIndex(cluster, clusterCount + 1)];
    }

    /**
     * @param cluster a cluster below {@link #clusterCount()}
     * @return how many nodes of earlier clusters it waits for
     */
    public int waitCount(int cluster) {
        Objects.checkIndex(cluster, clusterCount);
        return (waitStart[cluster + 1] - waitStart[cluster]) / 2;
    }

    /**
     * @param cluster a cluster below {@link #clusterCount()}
     * @param wait    one of its waits, below {@link #waitCount(int)}
     * @return the earlier cluster it waits for there
     */
    public int waitCluster(int cluster, int wait) {
        return waitPairs[waitStart[cluster] + 2 * Objects.checkIndex(wait, waitCount(cluster))];
    }

    /**
     * @param cluster a cluster below {@link #clusterCount()}
     * @param wait    one of its waits, below {@link #waitCount(int)}
     * @return the position, in {@link #waitCluster}, of the node it waits for
     */
    public int waitPosition(int cluster, int wait) {
        return waitPairs[waitStart[cluster] + 2 * Objects.checkIndex(wait, waitCount(cluster)) + 1];
    }

    private int checkPosition(int position) {
        return Objects.checkIndex(position, size);
    }

    /**
     * The node with this handle in this plan. RT thread (or any thread while the plan is not
     * being refilled).
     *
     * @param handle a graph handle
     * @return its slot, or null if this plan does not run that node (removed, stale generation)
     */
    public NodeSlot slotOf(long handle) {
        final int index = (int) handle;
        final NodeSlot[] table = byIndex;
        if (index < 0 || index >= table.length) {
            return null;
        }
        final NodeSlot s = table[index];
        return s != null && s.handle == handle ? s : null;
    }

    /** @return the number of distinct audio buffers the plan uses */
    public int bufferCount() {
        return bufferCount;
    }

    /** @return the number of host channels this plan writes */
    public int channelCount() {
        return channels;
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
        return clusterCount;
    }

    /**
     * Runs every node once, in execution order, on the calling thread. RT thread.
     *
     * @param ctx the block's context
     * @return the number of nodes that faulted during this block
     */
    int run(ProcessContext ctx) {
        Arrays.fill(silence, 0f);
        return runNodes(0, size, ctx);
    }

    /**
     * Opens block {@code sequence} of a parallel plan for claiming. Worker 0 (the RT thread),
     * before it publishes the block to the other workers; the volatile store of {@code claim}
     * comes last, so a worker that claims a cluster sees everything written before it.
     */
    void open(int sequence) {
        Arrays.fill(silence, 0f);
        finished.set(0);
        blockFaults.set(0);
        claim.set((long) sequence << 32 | (long) clusterCount << 16);
    }

    /**
     * Claims and runs clusters of block {@code sequence} until none is left. Any worker, any
     * number at once. A claimed cluster first waits (see {@link #pause}) until each node it reads
     * from has run: those belong to clusters claimed earlier, so they are running on another
     * worker, which itself waits only for clusters claimed before its own.
     *
     * <p>Everything this reads of the schedule is read after a successful claim, whose word
     * {@link #open} wrote for this very block: so a worker that kept this plan from an
     * earlier block, while the plan was handed back and refilled, claims nothing and reads
     * nothing.
     *
     * @return the number of clusters this call ran
     */
    int work(int sequence, ProcessContext ctx) {
        int ran = 0;
        for (;;) {
            long v = claim.get();
            int c = (int) v & 0xffff;
            int clusters = (int) (v >>> 16) & 0xffff;
            // A worker late for this block (or early for a plan already swapped out) finds
            // another sequence in the claim word and takes nothing.
            if ((int) (v >>> 32) != sequence || c >= clusters) {
                return ran;
            }
            if (!claim.compareAndSet(v, v + 1)) {
                continue;
            }
            final int[] pairs = waitPairs;
            for (int w = waitStart[c], wEnd = waitStart[c + 1]; w < wEnd; w += 2) {
                // Acquire: pairs with the setRelease of that cluster's progress below, so the
                // node's outputs are complete.
                final int k = pairs[w] * PAD;
                final int position = pairs[w + 1];
                long p;
                for (int spins = 0; (int) ((p = progress.getAcquire(k)) >>> 32) != sequence || (int) p <= position; spins++) {
                    pause(spins);
                }
            }
            final int end = clusterStart[c + 1];
            int from = clusterStart[c];
            int faults = 0;
            for (int i = from; i < end; i++) {
                if (publishAfter[i]) {
                    faults += runNodes(from, i + 1, ctx);
                    progress.setRelease(c * PAD, (long) sequence << 32 | (i + 1));
                    from = i + 1;
                }
            }
            faults += runNodes(from, end, ctx);
            if (faults != 0) {
                blockFaults.addAndGet(faults);
            }
            finished.incrementAndGet();
            ran++;
        }
    }

    /**
     * Waits until every cluster of the block in flight has finished. Worker 0, after its own
     * {@link #work} found nothing left to claim: what is still running was claimed by an awake
     * worker, so this waits for computation, never for a worker to wake up.
     *
     * @return the number of nodes that faulted in the block
     */
    int awaitBlock() {
        final int clusters = clusterCount;
        // Volatile read: pairs with each worker's incrementAndGet after its cluster's writes.
        for (int spins = 0; finished.get() < clusters; spins++) {
            pause(spins);
        }
        return blockFaults.get();
    }

    /**
     * One step of waiting for another worker's cluster. Spin first: the other worker is
     * running and normally done within microseconds. After {@link #SPINS_BEFORE_YIELD} steps
     * (tens of microseconds), the other worker has probably been preempted by the OS, on a
     * machine with more runnable threads than cores: then give the core away on each step, so
     * that it can finish instead of waiting behind this spin. {@code Thread.yield} does not
     * block or lock; on an idle core it returns at once.
     */
    private static void pause(int spins) {
        if (spins < SPINS_BEFORE_YIELD) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }

    /** About 20 to 50 us of {@code onSpinWait} on current x86 cores. */
    private static final int SPINS_BEFORE_YIELD = 1 << 10;

    /** Runs positions {@code [from, to)} in order: fan-in sums, then the node. RT thread. */
    private int runNodes(int from, int to, ProcessContext ctx) {
        final int frames = ctx.blockSize();
        final NodeSlot[] slots = this.slots;
        final DspNode[] nodes = this.nodes;
        final float[][][] inputs = this.inputs;
        final float[][][] outputs = this.outputs;
        final NodeContext[] contexts = this.contexts;
        final int[] mixStart = this.mixStart;
        int faults = 0;
        int m = mixStart[from];
        for (int i = from; i < to; i++) {
            for (final int end = mixStart[i + 1]; m < end; m++) {
                sum(mixSources[m], mixTargets[m], frames);
            }
            final float[][] out = outputs[i];
            if (!bypassed[i]) {
                try {
                    nodes[i].process(inputs[i], out, params[i], contexts[i]);
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
     * Sums the host channel sources into {@code host}, replacing NaN and infinities by 0.
     * RT thread.
     *
     * @return the number of non-finite samples replaced
     */
    int writeHost(float[][] host, int frames) {
        int bad = 0;
        final int channels = Math.min(host.length, this.channels);
        for (int ch = 0; ch < channels; ch++) {
            float[] dst = host[ch];
            float[][] src = channelSources[ch];
            if (src.length == 0) {
                Arrays.fill(dst, 0, frames, 0f);
                continue;
            }
            System.arraycopy(src[0], 0, dst, 0, frames);
            for (int s = 1; s < src.length; s++) {
                float[] b = src[s];
                for (int i = 0; i < frames; i++) {
                    dst[i] += b[i];
                }
            }
            for (int i = 0; i < frames; i++) {
                float v = dst[i];
                // v - v is 0 for every finite v and NaN for NaN and both infinities.
                if (v - v != 0f) {
                    dst[i] = 0f;
                    bad++;
                }
            }
        }
        for (int ch = channels; ch < host.length; ch++) {
            Arrays.fill(host[ch], 0, frames, 0f);
        }
        return bad;
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
