package org.aetherdsp.core.rt;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicLong;
import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.ParamBlock;
import org.aetherdsp.api.ProcessContext;

/**
 * A compiled graph: what the RT thread runs each block. Built by
 * {@code org.aetherdsp.core.graph.PlanCompiler} on the control side and immutable once
 * published; every array it points at was allocated before it reached the RT thread.
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

    final NodeSlot[] slots;
    /**
     * The slots again, by the arena index of their handle (its low 32 bits): how a
     * {@link ParamEvents} event, which names its node by handle, finds it in O(1).
     */
    private final NodeSlot[] byIndex;
    /**
     * Each slot's node and parameters again, flat: the hot loop loads them side by side instead
     * of through the slot (which it still reads for the fault flag, shared across plans).
     */
    private final DspNode[] nodes;
    private final ParamBlock[] params;
    /**
     * Per position, whether the node is bypassed after a fault: the slot's flag, copied into
     * one dense array so the hot loop does not touch every slot. Written by the worker that
     * sees the node throw, and from the slots by {@link #refreshBypass} when the plan is
     * swapped in (a node may have faulted after this plan was compiled).
     */
    private final boolean[] bypassed;
    final float[][][] inputs;
    final float[][][] outputs;
    final int[] mixStart;
    final float[][] mixTargets;
    final float[][][] mixSources;
    /** Per host channel, the buffers summed into it (empty: silence). */
    final float[][][] channelSources;
    /** Read by unconnected inputs; re-zeroed every block in case a node wrote to it. */
    final float[] silence;
    final int bufferCount;

    /** Per cluster plus a sentinel, its first position in execution order; null for a serial plan. */
    final int[] clusterStart;
    /**
     * Per cluster, pairs (earlier cluster k, position p): it reads what the node at p, in k, wrote,
     * so it waits until k has run up to p.
     */
    final int[][] clusterWaits;
    /** Per position, whether another cluster waits for this node: the worker then publishes its progress. */
    private final boolean[] publishAfter;
    /** (block sequence &lt;&lt; 32) | next cluster to claim. */
    private final AtomicLong claim;
    /** Clusters finished in the block in flight. */
    private final AtomicInteger finished;
    /** Nodes that faulted in the block in flight. */
    private final AtomicInteger blockFaults;
    /**
     * Per cluster (every {@link #PAD}th long, one cache line each), how far it has run:
     * (block sequence &lt;&lt; 32) | (the position after the last node run), published only after
     * nodes that another cluster waits for.
     */
    private final AtomicLongArray progress;
    /** Longs per cache line, so that two workers publishing neighbouring clusters do not share one. */
    private static final int PAD = 8;

    /**
     * @param slots          nodes in execution order
     * @param inputs         per node, its input buffers
     * @param outputs        per node, its output buffers
     * @param mixStart       per node (plus one sentinel), the first fan-in sum it needs
     * @param mixTargets     per fan-in sum, the scratch buffer it writes
     * @param mixSources     per fan-in sum, the buffers it adds
     * @param channelSources per host channel, the buffers summed into it
     * @param silence        the shared silent buffer
     * @param bufferCount    how many pooled buffers the plan uses (for tests and diagnostics)
     */
    public Plan(NodeSlot[] slots, float[][][] inputs, float[][][] outputs, int[] mixStart, float[][] mixTargets,
                float[][][] mixSources, float[][][] channelSources, float[] silence, int bufferCount) {
        this(slots, inputs, outputs, mixStart, mixTargets, mixSources, channelSources, silence, bufferCount, null, null);
    }

    /**
     * A plan with a cluster schedule, for several workers (see the class comment). The caller
     * guarantees that the buffers are assigned so that clusters that may run at the same time
     * share none, and that each cluster's waits name only earlier clusters.
     *
     * @param clusterStart per cluster plus a sentinel, its first position; null for a serial plan
     * @param clusterWaits per cluster, pairs (earlier cluster, position in it) it waits for
     * @see #Plan(NodeSlot[], float[][][], float[][][], int[], float[][], float[][][], float[][][], float[], int)
     */
    public Plan(NodeSlot[] slots, float[][][] inputs, float[][][] outputs, int[] mixStart, float[][] mixTargets,
                float[][][] mixSources, float[][][] channelSources, float[] silence, int bufferCount,
                int[] clusterStart, int[][] clusterWaits) {
        if (mixStart.length != slots.length + 1) {
            throw new IllegalArgumentException("mixStart needs one entry per node plus a sentinel");
        }
        this.slots = slots;
        this.nodes = new DspNode[slots.length];
        this.params = new ParamBlock[slots.length];
        this.bypassed = new boolean[slots.length];
        int maxIndex = -1;
        for (int i = 0; i < slots.length; i++) {
            nodes[i] = slots[i].node;
            params[i] = slots[i].params;
            int index = (int) slots[i].handle;
            if (index >= 0 && index < MAX_INDEXED) {
                maxIndex = Math.max(maxIndex, index);
            }
        }
        this.byIndex = new NodeSlot[maxIndex + 1];
        for (NodeSlot s : slots) {
            int index = (int) s.handle;
            if (index >= 0 && index <= maxIndex) {
                byIndex[index] = s;
            }
        }
        this.inputs = inputs;
        this.outputs = outputs;
        this.mixStart = mixStart;
        this.mixTargets = mixTargets;
        this.mixSources = mixSources;
        this.channelSources = channelSources;
        this.silence = silence;
        this.bufferCount = bufferCount;
        if (clusterStart != null) {
            int clusters = clusterStart.length - 1;
            if (clusters < 1 || clusterWaits.length != clusters || clusterStart[0] != 0
                    || clusterStart[clusters] != slots.length) {
                throw new IllegalArgumentException("cluster schedule does not cover the plan's nodes");
            }
            for (int c = 0; c < clusters; c++) {
                for (int w = 0; w < clusterWaits[c].length; w += 2) {
                    int k = clusterWaits[c][w];
                    int p = clusterWaits[c][w + 1];
                    if (k < 0 || k >= c || p < clusterStart[k] || p >= clusterStart[k + 1]) {
                        throw new IllegalArgumentException("cluster " + c + " waits for position " + p + " of cluster " + k
                                + ", not a node of an earlier cluster");
                    }
                }
            }
        }
        this.clusterStart = clusterStart;
        this.clusterWaits = clusterWaits;
        boolean parallel = clusterStart != null;
        this.claim = parallel ? new AtomicLong() : null;
        this.finished = parallel ? new AtomicInteger() : null;
        this.blockFaults = parallel ? new AtomicInteger() : null;
        this.progress = parallel ? new AtomicLongArray((clusterStart.length - 1) * PAD) : null;
        this.publishAfter = parallel ? new boolean[slots.length] : null;
        if (parallel) {
            for (int[] waits : clusterWaits) {
                for (int w = 1; w < waits.length; w += 2) {
                    publishAfter[waits[w]] = true;
                }
            }
        }
    }

    /** @return the number of nodes */
    public int size() {
        return slots.length;
    }

    /**
     * @param position a position in execution order
     * @return the node there
     */
    public NodeSlot slot(int position) {
        return slots[position];
    }

    /**
     * The node with this handle in this plan. RT thread (or any thread: the plan is immutable).
     *
     * @param handle a graph handle
     * @return its slot, or null if this plan does not run that node (removed, stale generation)
     */
    public NodeSlot slotOf(long handle) {
        final int index = (int) handle;
        if (index < 0 || index >= byIndex.length) {
            return null;
        }
        final NodeSlot s = byIndex[index];
        return s != null && s.handle == handle ? s : null;
    }

    /** Arena indices at or above this are not indexed (no engine holds that many nodes). */
    private static final int MAX_INDEXED = 1 << 24;

    /** @return the number of distinct audio buffers the plan allocated */
    public int bufferCount() {
        return bufferCount;
    }

    /** @return the number of host channels this plan writes */
    public int channelCount() {
        return channelSources.length;
    }

    /**
     * Takes each node's fault state from its slot. RT thread, when this plan is installed:
     * the slots carry faults across plans, and one may have happened after this plan was
     * compiled. One pass over the slots, at a block boundary.
     */
    void refreshBypass() {
        for (int i = 0; i < slots.length; i++) {
            bypassed[i] = slots[i].faulted;
        }
    }

    /** @return the number of clusters, or 0 for a plan that runs serially */
    public int clusterCount() {
        return clusterStart == null ? 0 : clusterStart.length - 1;
    }

    /**
     * Runs every node once, in execution order, on the calling thread. RT thread.
     *
     * @param ctx the block's context
     * @return the number of nodes that faulted during this block
     */
    int run(ProcessContext ctx) {
        Arrays.fill(silence, 0f);
        return runNodes(0, slots.length, ctx);
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
        claim.set((long) sequence << 32);
    }

    /**
     * Claims and runs clusters of block {@code sequence} until none is left. Any worker, any
     * number at once. A claimed cluster first waits (see {@link #pause}) until each node it reads
     * from has run: those belong to clusters claimed earlier, so they are running on another
     * worker, which itself waits only for clusters claimed before its own.
     *
     * @return the number of clusters this call ran
     */
    int work(int sequence, ProcessContext ctx) {
        final int clusters = clusterStart.length - 1;
        int ran = 0;
        for (;;) {
            long v = claim.get();
            int c = (int) v;
            // A worker late for this block (or early for a plan already swapped out) finds
            // another sequence in the claim word and takes nothing.
            if ((int) (v >>> 32) != sequence || c >= clusters) {
                return ran;
            }
            if (!claim.compareAndSet(v, v + 1)) {
                continue;
            }
            final int[] waits = clusterWaits[c];
            for (int w = 0; w < waits.length; w += 2) {
                // Acquire: pairs with the setRelease of that cluster's progress below, so the
                // node's outputs are complete.
                final int k = waits[w] * PAD;
                final int position = waits[w + 1];
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
        final int clusters = clusterStart.length - 1;
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
                    nodes[i].process(inputs[i], out, params[i], ctx);
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
        for (ParamBlock p : params) {
            p.advance(frames);
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
        final int channels = Math.min(host.length, channelSources.length);
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
