package org.aetherdsp.core.model;

import java.util.Arrays;
import java.util.List;
import org.aetherdsp.core.arena.Arena;
import org.aetherdsp.core.graph.HostOutput;
import org.aetherdsp.core.rt.BlockContext;
import org.aetherdsp.core.rt.Plan;
import org.aetherdsp.core.rt.PlanFill;

/**
 * Compiles a {@link GraphModel} into a {@link Plan}, on the control thread.
 *
 * <ol>
 *   <li>Order: Kahn's algorithm, iterative, ties broken by slot index so that the same
 *       graph always compiles to the same order.</li>
 *   <li>Buffers: each output port's signal lives from the node that writes it to its last
 *       reader; buffers are handed out and taken back in execution order like registers,
 *       so a chain of any length runs on a handful of buffers. A node's outputs are taken
 *       before its inputs are given back, so an output never aliases one of its inputs.</li>
 *   <li>Fan-in: an input port with several sources reads a scratch buffer that the plan
 *       fills with their sum just before the node runs. An input port with none reads the
 *       shared silent buffer.</li>
 *   <li>Feedback: a feedback connection is left out of the order (it is no dependency inside
 *       a block). Its target reads the connection's {@code FeedbackLine}, which holds the
 *       source's output of the previous block; the source's output buffer is kept to the end
 *       of the block (like a host output's), when the RT thread copies it into the line. A
 *       loop through a feedback connection therefore has exactly one block of delay.</li>
 * </ol>
 *
 * <h2>For several workers</h2>
 * {@link #compile(GraphModel, int, boolean)} with {@code parallel} also cuts the graph into
 * <em>clusters</em> that one worker runs start to finish (see {@link Plan}). In topological
 * order, a node joins the cluster of its predecessors when they all belong to one cluster
 * whose most recent node is one of them (so chains stay together, and a node feeding many
 * branches does not drag them all into its cluster); otherwise it starts a new cluster. A
 * source with no inputs and one successor (an oscillator feeding a filter, an LFO feeding a
 * cutoff) runs in its successor's cluster, just before it. A cluster's inputs from other
 * clusters all enter through nodes whose predecessors were placed before the cluster was
 * created, so each cluster waits only for earlier ones; and it waits only until the last node
 * it reads there has run, not for the whole cluster (a branch off the middle of a long chain
 * runs beside the rest of the chain).
 *
 * <p>Buffers then follow the clusters: a signal read only inside its own cluster lives in that
 * cluster's buffers, recycled by liveness within it; a signal read by another cluster or by the
 * host gets a buffer that is never recycled. So two clusters that may run at the same time
 * share no buffer they write. When the clusters would all run one after another anyway (a
 * chain, or a single cluster), the compiler returns the serial plan: the scheduler then runs it
 * exactly as with one worker.
 *
 * <h2>Allocation</h2>
 * An edit storm compiles thousands of plans a second; if each compile allocated its plan
 * afresh, the young collections it caused would pause the RT thread. So a compiler is an
 * object that keeps everything between compiles:
 * <ul>
 *   <li>its working arrays, which only grow;</li>
 *   <li>the audio buffers, shared by every plan it compiles: only one plan runs at a time, and
 *       no signal lives from one block to the next, so a new plan may use the buffers of the
 *       plan it replaces;</li>
 *   <li>plans handed back by the RT thread ({@link #recycle}), which it refills, with the
 *       per-node buffer lists they hold: a position keeps its list when its port count is
 *       unchanged, and other lists go through a pool by length.</li>
 * </ul>
 * In steady state (plans of a size seen before, handed back as they are replaced) a compile
 * allocates nothing. And a refill writes only what changed: references the plan already
 * holds are compared, not stored again, so that a compile of a graph that barely changed
 * leaves most of the plan's cache lines as the RT thread last read them, and pays G1's
 * write barrier (expensive for arrays that have reached the old generation) only for
 * what changed. The model's objects are read once per compile, into a {@link DenseGraph} of
 * flat arrays that the later passes walk.
 */
public final class PlanCompiler {

    /** Plans kept for reuse; more than this are left to the garbage collector. */
    private static final int SPARE_PLANS = 4;

    private final BlockContext block;
    private final int blockSize;
    private final boolean parallel;
    /** The buffer unconnected inputs read, shared by every plan (each block re-zeroes it). */
    private final float[] silence;
    /**
     * Per host input channel, the buffer the host's samples are copied into each block, shared
     * by every plan and never handed out by liveness: it holds the input for the whole block.
     */
    private final float[][] hostIn;
    private final BufferLists lists = new BufferLists();
    /** Audio buffers, shared by every plan. */
    private final AudioBuffers buffers;
    private final KahnOrder kahn = new KahnOrder();
    /** The compile's graph in flat arrays: every pass after the first reads these. */
    private final DenseGraph graph = new DenseGraph();
    private final RouteIndex routes = new RouteIndex();
    private final Plan[] spare = new Plan[SPARE_PLANS];
    private int spareCount;

    // Working arrays, grown as needed and kept: see "Allocation" in the class comment.
    private int[] position = new int[0];
    private int[] lastUse = new int[0];
    private int[] bufferOf = new int[0];
    private int[] release = new int[16];
    /** Cuts the graph into clusters for several workers (parallel only). */
    private final ClusterPlanner clusters = new ClusterPlanner();
    private int clusterCount;

    /**
     * @param block     the engine's block context: its block size is every buffer's length, and the
     *                  nodes' contexts in the plans read it
     * @param parallel  whether to give plans a cluster schedule for several workers, when the
     *                  graph has work that can run side by side
     */
    public PlanCompiler(BlockContext block, boolean parallel) {
        this(block, parallel, new float[0][]);
    }

    /**
     * @param block     the engine's block context
     * @param parallel  whether to give plans a cluster schedule for several workers
     * @param hostIn    per host input channel, its block buffer (see
     *                  {@link org.aetherdsp.core.rt.HostInputs}), which input routes read
     */
    public PlanCompiler(BlockContext block, boolean parallel, float[][] hostIn) {
        this.block = block;
        this.blockSize = block.blockSize();
        this.parallel = parallel;
        this.silence = new float[blockSize];
        this.hostIn = hostIn;
        this.buffers = new AudioBuffers(blockSize);
    }

    /**
     * Compiles a graph into a plan: a recycled one when there is one. Control thread.
     *
     * @param model the graph
     * @return the plan, sealed; it stays valid until it is handed to {@link #recycle}
     */
    public Plan compile(GraphModel model) {
        Arena<NodeEntry> arena = model.arena();
        final int n = model.size();
        final int limit = arena.slotLimit();

        final DenseGraph t = graph;
        t.read(arena, n, limit);
        final int[] denseOf = t.denseOf;
        final boolean feedback = model.hasFeedback();
        final int[] inStart = t.inStart;
        kahn.sort(t, n);
        routes.group(model.hostInputsView(), denseOf, n);
        int[] order = kahn.order;
        clusterCount = parallel ? clusters.plan(n, kahn.order, t) : 0;
        if (clusterCount != 0) {
            order = clusters.order;
        }
        liveness(model, order, n);
        final int[] valueBase = t.valueBase;
        final int[] value = t.value;
        final List<HostOutput> hostOutputs = model.hostOutputsView();

        // One free list per cluster (one in all for a serial plan): a buffer given back by one
        // cluster is only ever taken again by that cluster.
        int freeLists = clusterCount == 0 ? 1 : clusterCount;
        buffers.begin(freeLists);

        Plan plan = spareCount > 0 ? spare[--spareCount] : new Plan(block);
        spare[spareCount] = null;
        PlanFill fill = plan.fill();
        fill.begin(n, model.channels(), silence);
        fillNodes(model, plan, order, n);
        // Feedback copies, in a fixed order (by node, then input), now that every source has its
        // buffer. Most graphs have none: this pass over every edge is skipped then.
        for (int d = 0; feedback && d < n; d++) {
            for (int k = inStart[d], end = inStart[d + 1]; k < end; k++) {
                if (t.feedback[k]) {
                    fill.feedback(model.feedbackLine(t.edge(d, k)), buffers.buffer(bufferOf[value[k]]));
                }
            }
        }

        for (int ch = 0, channels = model.channels(); ch < channels; ch++) {
            int count = 0;
            for (int k = 0, outs = hostOutputs.size(); k < outs; k++) {
                if (hostOutputs.get(k).channel() == ch) {
                    count++;
                }
            }
            float[][] sources = lists.reuse(plan.channelSources(ch), count); // null in a new plan
            int s = 0;
            for (int k = 0, outs = hostOutputs.size(); k < outs; k++) {
                HostOutput o = hostOutputs.get(k);
                if (o.channel() == ch) {
                    set(sources, s++, buffers.buffer(bufferOf[valueBase[denseOf[Arena.index(o.node())]] + o.port()]));
                }
            }
            fill.channel(ch, sources);
        }
        // Lists of the previous fill that this one did not reuse go back to the pool.
        for (int p = n, previous = fill.previousSize(); p < previous; p++) {
            lists.give(fill.previousInputs(p));
            lists.give(fill.previousOutputs(p));
        }
        for (int m = plan.mixCount(), previous = fill.previousMixCount(); m < previous; m++) {
            lists.give(fill.previousMixSources(m));
        }
        if (clusterCount != 0) {
            fill.clusters(clusterCount, clusters.start, clusters.waitStart, clusters.waitPairs);
        }
        fill.seal(buffers.used());
        routes.clear();
        return plan;
    }

    /**
     * Each node's position, and each value's last reader ({@link #lastUse}): its last reader's
     * position, {@code Integer.MAX_VALUE} for one read at the end of the block (a host output,
     * a feedback source, a signal leaving its cluster).
     */
    private void liveness(GraphModel model, int[] order, int n) {
        final DenseGraph t = graph;
        final int[] inStart = t.inStart;
        position = atLeast(position, n);
        for (int p = 0; p < n; p++) {
            position[order[p]] = p;
        }

        // Value ids: one per (node, output port).
        final int values = t.values(n);
        final int[] valueBase = t.valueBase;
        final int[] value = t.value;
        lastUse = atLeast(lastUse, values);
        bufferOf = atLeast(bufferOf, values);
        for (int d = 0; d < n; d++) {
            for (int v = valueBase[d], end = valueBase[d + 1]; v < end; v++) {
                lastUse[v] = position[d];
            }
        }
        for (int d = 0; d < n; d++) {
            for (int k = inStart[d], end = inStart[d + 1]; k < end; k++) {
                int v = value[k];
                // A feedback source's output is read at the end of the block, into the line.
                lastUse[v] = t.feedback[k] ? Integer.MAX_VALUE : Math.max(lastUse[v], position[d]);
            }
        }
        List<HostOutput> hostOutputs = model.hostOutputsView();
        for (int k = 0, outs = hostOutputs.size(); k < outs; k++) {
            HostOutput o = hostOutputs.get(k);
            lastUse[valueBase[t.denseOf[Arena.index(o.node())]] + o.port()] = Integer.MAX_VALUE;
        }
        if (clusterCount != 0) {
            // A signal that leaves its cluster keeps its buffer for the whole block: the reader
            // may run on another worker at any time after the writer's cluster finished.
            for (int d = 0; d < n; d++) {
                for (int k = inStart[d], end = inStart[d + 1]; k < end; k++) {
                    if (clusters.clusterOf[t.source[k]] != clusters.clusterOf[d]) {
                        lastUse[value[k]] = Integer.MAX_VALUE;
                    }
                }
            }
        }
    }

    /** Fills the nodes in execution order: their input and output buffers, and the fan-in sums before them. */
    private void fillNodes(GraphModel model, Plan plan, int[] order, int n) {
        final DenseGraph t = graph;
        final int[] inStart = t.inStart;
        final int[] valueBase = t.valueBase;
        final int[] value = t.value;
        final PlanFill fill = plan.fill();
        final int[] port = t.port;
        final boolean[] back = t.feedback;
        for (int p = 0; p < n; p++) {
            int d = order[p];
            final int from = inStart[d];
            final int to = inStart[d + 1];
            buffers.useList(clusterCount == 0 ? 0 : clusters.clusterOf[d]);
            int ins = t.inputs[d];
            int outs = t.outputs[d];
            int releaseCount = 0;

            // Inputs, grouped by port.
            float[][] in = lists.reuse(fill.previousInputs(p), ins);
            final int routesFrom = routes.from(d);
            final int routesTo = routes.to(d);
            for (int q = 0; q < ins; q++) {
                // A node has a few edges: counting them per port beats clearing a count array.
                int count = 0;
                for (int k = from; k < to; k++) {
                    count += port[k] == q ? 1 : 0;
                }
                for (int r = routesFrom; r < routesTo; r++) {
                    count += routes.route(r).port() == q ? 1 : 0;
                }
                if (count == 0) {
                    set(in, q, silence);
                } else if (count == 1) {
                    float[] only = null;
                    for (int k = from; k < to && only == null; k++) {
                        if (port[k] == q) {
                            only = source(model, d, k);
                        }
                    }
                    for (int r = routesFrom; r < routesTo && only == null; r++) {
                        if (routes.route(r).port() == q) {
                            only = hostIn[routes.route(r).channel()]; // read in place: no copy, no sum
                        }
                    }
                    set(in, q, only);
                } else {
                    float[][] sources = lists.reuse(fill.previousMixSources(plan.mixCount()), count);
                    int s = 0;
                    for (int k = from; k < to; k++) {
                        if (port[k] == q) {
                            set(sources, s++, source(model, d, k));
                        }
                    }
                    for (int r = routesFrom; r < routesTo; r++) {
                        if (routes.route(r).port() == q) {
                            set(sources, s++, hostIn[routes.route(r).channel()]);
                        }
                    }
                    int scratch = buffers.take();
                    set(in, q, buffers.buffer(scratch));
                    fill.mix(in[q], sources);
                    release = grow(release, releaseCount);
                    release[releaseCount++] = scratch;
                }
            }

            // Outputs: taken while the inputs are still held, so they never alias them.
            float[][] out = lists.reuse(fill.previousOutputs(p), outs);
            for (int o = 0; o < outs; o++) {
                int v = valueBase[d] + o;
                bufferOf[v] = buffers.take();
                set(out, o, buffers.buffer(bufferOf[v]));
                if (lastUse[v] == p) { // nobody reads it: free right after the node ran
                    release = grow(release, releaseCount);
                    release[releaseCount++] = bufferOf[v];
                }
            }

            // Give back inputs whose last reader is this node (once each).
            for (int k = from; k < to; k++) {
                if (back[k]) {
                    continue; // the source's buffer lives to the end of the block
                }
                int v = value[k];
                if (lastUse[v] == p) {
                    lastUse[v] = -1; // released; a second edge from the same value skips it
                    release = grow(release, releaseCount);
                    release[releaseCount++] = bufferOf[v];
                }
            }
            for (int r = 0; r < releaseCount; r++) {
                buffers.give(release[r]);
            }
            fill.node(p, t.slots[d], in, out);
        }
    }

    /**
     * Takes back a plan this compiler made, to refill it later. Control thread, once no RT-side
     * thread will run the plan again: the RT thread handed it back after swapping in its
     * successor, or never took it.
     *
     * @param plan a sealed plan of this compiler's
     * @throws IllegalStateException if the plan was already handed back
     */
    public void recycle(Plan plan) {
        plan.retire(); // refuses a second hand-back, which would let two compiles fill one plan
        if (spareCount < spare.length) {
            spare[spareCount++] = plan; // with its buffer lists: the next fill reuses them in place
        }
    }

    /** Stores a reference only if it changes: see {@link PlanFill#node}. */
    private static void set(float[][] list, int i, float[] buffer) {
        if (list[i] != buffer) {
            list[i] = buffer;
        }
    }

    /**
     * What node {@code d} reads for its in-edge {@code k} (of the dense graph): the source's
     * buffer, or for a feedback edge its line.
     */
    private float[] source(GraphModel model, int d, int k) {
        final DenseGraph t = graph;
        if (t.feedback[k]) {
            return model.feedbackLine(t.edge(d, k)).buffer(blockSize);
        }
        return buffers.buffer(bufferOf[t.value[k]]);
    }

    /** A working array of at least this length; its content is not kept. */
    static int[] atLeast(int[] a, int length) {
        return a.length >= length ? a : new int[Math.max(length, a.length * 2)];
    }

    private static int[] grow(int[] a, int used) {
        return used < a.length ? a : Arrays.copyOf(a, a.length * 2);
    }
}
