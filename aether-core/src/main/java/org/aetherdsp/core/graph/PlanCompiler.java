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
 */
public final class PlanCompiler {

    private PlanCompiler() {
    }

    /**
     * @param model     the graph
     * @param blockSize frames per block (the length of every buffer)
     * @return the plan
     */
    public static Plan compile(GraphModel model, int blockSize) {
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

        BufferPool pool = new BufferPool(blockSize);
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
                mixSources.toArray(new float[0][][]), channelSources, silence, pool.size());
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

    /** Buffers handed out and taken back like registers; the last given back is reused first (warm in cache). */
    private static final class BufferPool {
        private final int blockSize;
        private final List<float[]> buffers = new ArrayList<>();
        private int[] free = new int[8];
        private int freeTop;

        BufferPool(int blockSize) {
            this.blockSize = blockSize;
        }

        int take() {
            if (freeTop > 0) {
                return free[--freeTop];
            }
            buffers.add(new float[blockSize]);
            return buffers.size() - 1;
        }

        void give(int index) {
            free = grow(free, freeTop);
            free[freeTop++] = index;
        }

        float[] buffer(int index) {
            return buffers.get(index);
        }

        int size() {
            return buffers.size();
        }
    }
}
