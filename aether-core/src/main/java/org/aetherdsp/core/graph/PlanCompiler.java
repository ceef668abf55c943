package org.aetherdsp.core.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.aetherdsp.core.arena.Arena;
import org.aetherdsp.core.rt.NodeSlot;
import org.aetherdsp.core.rt.Plan;

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
 */
public final class PlanCompiler {

    private PlanCompiler() {
    }

    /**
     * @param model     the graph
     * @param blockSize frames per block (the length of every buffer)
     * @return the serial plan
     */
    public static Plan compile(GraphModel model, int blockSize) {
        return compile(model, blockSize, false);
    }

    /**
     * @param model     the graph
     * @param blockSize frames per block (the length of every buffer)
     * @param parallel  whether to give the plan a cluster schedule for several workers, if the
     *                  graph has any work that can run side by side
     * @return the plan
     */
    public static Plan compile(GraphModel model, int blockSize, boolean parallel) {
        Arena<NodeEntry> arena = model.arena();
        int n = model.size();
        int limit = arena.slotLimit();

        // Dense numbering of live nodes, in slot order.
        int[] denseOf = new int[limit];
        Arrays.fill(denseOf, -1);
        NodeEntry[] entries = new NodeEntry[n];
        for (int i = 0, d = 0; i < limit; i++) {
            long h = arena.handleAt(i);
            if (h != Arena.NONE) {
                denseOf[i] = d;
                entries[d++] = arena.get(h);
            }
        }

        int[] order = topologicalOrder(entries, denseOf);
        Clusters clusters = parallel ? Clusters.of(entries, denseOf, order) : null;
        if (clusters != null) {
            order = clusters.order;
        }
        int[] position = new int[n];
        for (int p = 0; p < n; p++) {
            position[order[p]] = p;
        }

        // Value ids: one per (node, output port).
        int[] valueBase = new int[n + 1];
        for (int d = 0; d < n; d++) {
            valueBase[d + 1] = valueBase[d] + entries[d].descriptor().outputCount();
        }
        int values = valueBase[n];
        int[] lastUse = new int[values];
        for (int d = 0; d < n; d++) {
            for (int o = 0; o < entries[d].descriptor().outputCount(); o++) {
                lastUse[valueBase[d] + o] = position[d];
            }
        }
        for (int d = 0; d < n; d++) {
            for (Edge e : entries[d].in) {
                int v = valueBase[denseOf[Arena.index(e.source())]] + e.sourcePort();
                lastUse[v] = Math.max(lastUse[v], position[d]);
            }
        }
        for (HostOutput o : model.hostOutputsView()) {
            lastUse[valueBase[denseOf[Arena.index(o.node())]] + o.port()] = Integer.MAX_VALUE;
        }
        if (clusters != null) {
            // A signal that leaves its cluster keeps its buffer for the whole block: the reader
            // may run on another worker at any time after the writer's cluster finished.
            for (int d = 0; d < n; d++) {
                for (Edge e : entries[d].in) {
                    int s = denseOf[Arena.index(e.source())];
                    if (clusters.clusterOf[s] != clusters.clusterOf[d]) {
                        lastUse[valueBase[s] + e.sourcePort()] = Integer.MAX_VALUE;
                    }
                }
            }
        }

        // One free list per cluster (one in all for a serial plan): a buffer given back by one
        // cluster is only ever taken again by that cluster.
        BufferPool pool = new BufferPool(blockSize, clusters == null ? 1 : clusters.count);
        int[] bufferOf = new int[values];
        float[] silence = new float[blockSize];
        NodeSlot[] slots = new NodeSlot[n];
        float[][][] inputs = new float[n][][];
        float[][][] outputs = new float[n][][];
        int[] mixStart = new int[n + 1];
        List<float[]> mixTargets = new ArrayList<>();
        List<float[][]> mixSources = new ArrayList<>();
        int[] release = new int[16];

        for (int p = 0; p < n; p++) {
            int d = order[p];
            NodeEntry e = entries[d];
            slots[p] = e.slot();
            pool.use(clusters == null ? 0 : clusters.clusterOf[d]);
            int ins = e.descriptor().inputCount();
            int outs = e.descriptor().outputCount();
            int releaseCount = 0;
            mixStart[p] = mixTargets.size();

            // Inputs, grouped by port.
            float[][] in = new float[ins][];
            int[] sourcesPerPort = new int[ins];
            for (Edge edge : e.in) {
                sourcesPerPort[edge.targetPort()]++;
            }
            for (int port = 0; port < ins; port++) {
                if (sourcesPerPort[port] == 0) {
                    in[port] = silence;
                    continue;
                }
                float[][] sources = new float[sourcesPerPort[port]][];
                int k = 0;
                for (Edge edge : e.in) {
                    if (edge.targetPort() == port) {
                        int v = valueBase[denseOf[Arena.index(edge.source())]] + edge.sourcePort();
                        sources[k++] = pool.buffer(bufferOf[v]);
                    }
                }
                if (sources.length == 1) {
                    in[port] = sources[0];
                } else {
                    int scratch = pool.take();
                    in[port] = pool.buffer(scratch);
                    mixTargets.add(in[port]);
                    mixSources.add(sources);
                    release = grow(release, releaseCount);
                    release[releaseCount++] = scratch;
                }
            }

            // Outputs: taken while the inputs are still held, so they never alias them.
            float[][] out = new float[outs][];
            for (int o = 0; o < outs; o++) {
                int v = valueBase[d] + o;
                bufferOf[v] = pool.take();
                out[o] = pool.buffer(bufferOf[v]);
                if (lastUse[v] == p) { // nobody reads it: free right after the node ran
                    release = grow(release, releaseCount);
                    release[releaseCount++] = bufferOf[v];
                }
            }

            // Give back inputs whose last reader is this node (once each).
            for (Edge edge : e.in) {
                int v = valueBase[denseOf[Arena.index(edge.source())]] + edge.sourcePort();
                if (lastUse[v] == p) {
                    lastUse[v] = -1; // released; a second edge from the same value skips it
                    release = grow(release, releaseCount);
                    release[releaseCount++] = bufferOf[v];
                }
            }
            for (int r = 0; r < releaseCount; r++) {
                pool.give(release[r]);
            }
            inputs[p] = in;
            outputs[p] = out;
        }
        mixStart[n] = mixTargets.size();

        float[][][] channelSources = new float[model.channels()][][];
        for (int ch = 0; ch < channelSources.length; ch++) {
            List<float[]> srcs = new ArrayList<>();
            for (HostOutput o : model.hostOutputsView()) {
                if (o.channel() == ch) {
                    srcs.add(pool.buffer(bufferOf[valueBase[denseOf[Arena.index(o.node())]] + o.port()]));
                }
            }
            channelSources[ch] = srcs.toArray(new float[0][]);
        }

        return new Plan(slots, inputs, outputs, mixStart, mixTargets.toArray(new float[0][]),
                mixSources.toArray(new float[0][][]), channelSources, silence, pool.size(),
                clusters == null ? null : clusters.start, clusters == null ? null : clusters.waits);
    }

    /** A cluster schedule: see the class comment. */
    static final class Clusters {
        /** Dense node numbers in execution order, cluster after cluster. */
        final int[] order;
        /** Per dense node, its cluster. */
        final int[] clusterOf;
        /** Per cluster plus a sentinel, its first position in {@link #order}. */
        final int[] start;
        /** Per cluster, pairs (earlier cluster, last position it reads there), by cluster. */
        final int[][] waits;
        final int count;

        private Clusters(int[] order, int[] clusterOf, int[] start, int[][] waits) {
            this.order = order;
            this.clusterOf = clusterOf;
            this.start = start;
            this.waits = waits;
            this.count = waits.length;
        }

        /**
         * @param topological dense node numbers in a topological order
         * @return the clusters, or null if they would run one after another anyway
         */
        static Clusters of(NodeEntry[] entries, int[] denseOf, int[] topological) {
            int n = entries.length;
            int[] seen = new int[n];
            Arrays.fill(seen, -1);
            boolean[] floating = new boolean[n];
            for (int d = 0; d < n; d++) {
                int successors = 0;
                for (Edge e : entries[d].out) {
                    int t = denseOf[Arena.index(e.target())];
                    if (seen[t] != d) {
                        seen[t] = d;
                        successors++;
                    }
                }
                floating[d] = entries[d].in.isEmpty() && successors == 1;
            }

            int[] clusterOf = new int[n];
            Arrays.fill(clusterOf, -1);
            int[] lastNode = new int[n]; // per cluster, its most recently placed node that is not a floating source
            int[] placed = new int[n];   // nodes in the order they were placed
            int placedCount = 0;
            int count = 0;
            for (int d : topological) {
                if (floating[d]) {
                    continue; // placed with its successor
                }
                int joined = -1;
                boolean oneCluster = true;
                boolean followsLast = false;
                for (Edge e : entries[d].in) {
                    int s = denseOf[Arena.index(e.source())];
                    if (floating[s]) {
                        continue;
                    }
                    int c = clusterOf[s];
                    if (joined == -1) {
                        joined = c;
                    } else if (joined != c) {
                        oneCluster = false;
                    }
                    followsLast |= lastNode[c] == s;
                }
                int c = joined != -1 && oneCluster && followsLast ? joined : count++;
                for (Edge e : entries[d].in) {
                    int s = denseOf[Arena.index(e.source())];
                    if (floating[s] && clusterOf[s] == -1) {
                        clusterOf[s] = c;
                        placed[placedCount++] = s;
                    }
                }
                clusterOf[d] = c;
                placed[placedCount++] = d;
                lastNode[c] = d;
            }
            if (count < 2) {
                return null;
            }

            // Execution order: cluster by cluster, each in placement order (a counting sort).
            int[] start = new int[count + 1];
            for (int d = 0; d < n; d++) {
                start[clusterOf[d] + 1]++;
            }
            for (int c = 0; c < count; c++) {
                start[c + 1] += start[c];
            }
            int[] fill = Arrays.copyOf(start, count);
            int[] order = new int[n];
            for (int k = 0; k < placedCount; k++) {
                int d = placed[k];
                order[fill[clusterOf[d]]++] = d;
            }

            int[] positionOf = new int[n];
            for (int p = 0; p < n; p++) {
                positionOf[order[p]] = p;
            }
            // Per cluster, per earlier cluster it reads from, the last position it reads there.
            int[][] waits = new int[count][];
            int[] upTo = new int[count];
            Arrays.fill(upTo, -1);
            int[] list = new int[count];
            boolean chained = true; // every cluster waits for all of the one before it: no two can overlap
            for (int c = 0; c < count; c++) {
                int k = 0;
                for (int p = start[c]; p < start[c + 1]; p++) {
                    for (Edge e : entries[order[p]].in) {
                        int s = denseOf[Arena.index(e.source())];
                        int from = clusterOf[s];
                        if (from != c) {
                            if (upTo[from] == -1) {
                                list[k++] = from;
                            }
                            upTo[from] = Math.max(upTo[from], positionOf[s]);
                        }
                    }
                }
                Arrays.sort(list, 0, k);
                waits[c] = new int[2 * k];
                for (int w = 0; w < k; w++) {
                    waits[c][2 * w] = list[w];
                    waits[c][2 * w + 1] = upTo[list[w]];
                    upTo[list[w]] = -1;
                }
                chained &= c == 0 || k > 0 && list[k - 1] == c - 1 && waits[c][2 * k - 1] == start[c] - 1;
            }
            return chained ? null : new Clusters(order, clusterOf, start, waits);
        }
    }

    /**
     * Kahn's algorithm over dense node numbers.
     *
     * @return dense node numbers in an order where every edge goes forward
     */
    static int[] topologicalOrder(NodeEntry[] entries, int[] denseOf) {
        int n = entries.length;
        int[] indegree = new int[n];
        for (int d = 0; d < n; d++) {
            indegree[d] = entries[d].in.size();
        }
        // A min-ordered queue would be O(n log n); a FIFO seeded in slot order is O(n + e)
        // and still deterministic, which is what matters.
        int[] queue = new int[n];
        int head = 0;
        int tail = 0;
        for (int d = 0; d < n; d++) {
            if (indegree[d] == 0) {
                queue[tail++] = d;
            }
        }
        while (head < tail) {
            int d = queue[head++];
            for (Edge e : entries[d].out) {
                int t = denseOf[Arena.index(e.target())];
                if (--indegree[t] == 0) {
                    queue[tail++] = t;
                }
            }
        }
        if (tail != n) {
            // connect() rejects cycles, so this is a bug in the model, not bad input.
            throw new IllegalStateException("graph has a cycle that validation missed: " + (n - tail) + " nodes unsorted");
        }
        return queue;
    }

    private static int[] grow(int[] a, int used) {
        return used < a.length ? a : Arrays.copyOf(a, a.length * 2);
    }

    /**
     * Buffers handed out and taken back like registers; the last given back is reused first
     * (warm in cache). One free list per cluster: {@link #use} picks the one that
     * {@link #take} and {@link #give} work on.
     */
    private static final class BufferPool {
        private final int blockSize;
        private final List<float[]> buffers = new ArrayList<>();
        private final int[][] free;
        private final int[] freeTop;
        private int current;

        BufferPool(int blockSize, int freeLists) {
            this.blockSize = blockSize;
            this.free = new int[freeLists][8];
            this.freeTop = new int[freeLists];
        }

        void use(int freeList) {
            current = freeList;
        }

        int take() {
            if (freeTop[current] > 0) {
                return free[current][--freeTop[current]];
            }
            buffers.add(new float[blockSize]);
            return buffers.size() - 1;
        }

        void give(int index) {
            free[current] = grow(free[current], freeTop[current]);
            free[current][freeTop[current]++] = index;
        }

        float[] buffer(int index) {
            return buffers.get(index);
        }

        int size() {
            return buffers.size();
        }
    }
}
