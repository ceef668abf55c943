package org.aetherdsp.core.model;

import java.util.Arrays;
import java.util.List;
import org.aetherdsp.core.arena.Arena;
import org.aetherdsp.core.graph.Edge;
import org.aetherdsp.core.rt.NodeSlot;

/**
 * One compile's graph over dense node numbers (the live nodes numbered in slot order), in flat
 * arrays read from the model's objects in one pass ({@link #read}): the nodes' entries and slots,
 * port counts and connections. The compiler's other passes (the order, the buffer liveness, the
 * fill) then walk these arrays instead of following node entry, edge list, its backing array and
 * edge object for every edge in every pass: on a 10,000-node graph those loads, most of them
 * cache misses, were much of the compile's time. Control thread; the arrays only grow, so a
 * compile of a graph of a size seen before allocates nothing.
 *
 * <p>The reference arrays ({@link #entries}, {@link #slots}) are kept from one compile to the next
 * and written only where a node changed, and cleared beyond the graph's size: a reference store
 * into an array that has reached the old generation costs G1's write barrier (a fence), and a
 * compile of a graph that barely changed then stores almost none.
 *
 * <p>Node {@code d}'s in-edges are {@code inStart[d]} to {@code inStart[d + 1] - 1}, in the
 * model's order (the order fan-in sums add their sources in); its ordinary out-edges'
 * targets are {@code outStart[d]} to {@code outStart[d + 1] - 1} of {@link #target}, also in
 * the model's order (the order the topological sort visits them in).
 */
final class DenseGraph {

    /** Per arena slot index below the arena's slot limit, the dense number, or -1 for a free slot. */
    int[] denseOf = new int[0];
    /** The nodes by dense number. */
    NodeEntry[] entries = new NodeEntry[0];
    /** Per dense node, its slot, read here while its entry is in cache so that the fill does not load the entry again. */
    NodeSlot[] slots = new NodeSlot[0];
    /** How many entries and slots the last read set. */
    private int count;
    /** Per dense node, its input and output port counts. */
    int[] inputs = new int[0];
    int[] outputs = new int[0];
    /** Per dense node, its in-edges that are not feedback: its indegree in the sort. */
    int[] ordinaryIn = new int[0];
    /** Per dense node plus a sentinel, where its in-edges start. */
    int[] inStart = new int[1];
    /** Per in-edge: the source's dense number, its output port, the target's input port. */
    int[] source = new int[0];
    int[] sourcePort = new int[0];
    int[] port = new int[0];
    /** Per in-edge, whether it is a feedback connection (read from the previous block). */
    boolean[] feedback = new boolean[0];
    /** Per in-edge, the value it reads: {@code valueBase[source] + sourcePort} (after {@link #values}). */
    int[] value = new int[0];
    /** Per dense node plus a sentinel, its first value id: one value per (node, output port). */
    int[] valueBase = new int[1];
    /** Per dense node plus a sentinel, where its ordinary out-edges start in {@link #target}. */
    int[] outStart = new int[1];
    /** Per ordinary out-edge, the target's dense number. */
    int[] target = new int[0];

    /**
     * Numbers the live nodes of {@code arena} and reads their ports and connections.
     *
     * @param arena the model's nodes
     * @param n     how many are live
     * @param limit the arena's slot limit
     */
    void read(Arena<NodeEntry> arena, int n, int limit) {
        number(arena, n, limit);
        inputs = PlanCompiler.atLeast(inputs, n);
        outputs = PlanCompiler.atLeast(outputs, n);
        ordinaryIn = PlanCompiler.atLeast(ordinaryIn, n);
        inStart = PlanCompiler.atLeast(inStart, n + 1);
        outStart = PlanCompiler.atLeast(outStart, n + 1);
        int k = 0;
        int j = 0;
        inStart[0] = 0;
        outStart[0] = 0;
        for (int d = 0; d < n; d++) {
            NodeEntry e = entries[d];
            NodeSlot slot = e.slot();
            if (slots[d] != slot) {
                slots[d] = slot;
            }
            inputs[d] = e.inputCount;
            outputs[d] = e.outputCount;
            List<Edge> in = e.in;
            int edges = in.size();
            if (source.length < k + edges) {
                growIn(k + edges);
            }
            int ordinary = 0;
            for (int i = 0; i < edges; i++, k++) {
                Edge edge = in.get(i);
                source[k] = denseOf[Arena.index(edge.source())];
                sourcePort[k] = edge.sourcePort();
                port[k] = edge.targetPort();
                boolean back = edge.feedback();
                feedback[k] = back;
                ordinary += back ? 0 : 1;
            }
            ordinaryIn[d] = ordinary;
            inStart[d + 1] = k;
            List<Edge> out = e.out;
            int outs = out.size();
            if (target.length < j + outs) {
                target = Arrays.copyOf(target, Math.max(j + outs, target.length * 2));
            }
            for (int i = 0; i < outs; i++) {
                Edge edge = out.get(i);
                if (!edge.feedback()) {
                    target[j++] = denseOf[Arena.index(edge.target())];
                }
            }
            outStart[d + 1] = j;
        }
    }

    /**
     * Numbers the values (one per node and output port) and gives each in-edge the value it reads.
     *
     * @param n how many nodes
     * @return how many values there are
     */
    int values(int n) {
        valueBase = PlanCompiler.atLeast(valueBase, n + 1);
        valueBase[0] = 0;
        for (int d = 0; d < n; d++) {
            valueBase[d + 1] = valueBase[d] + outputs[d];
        }
        int edges = inStart[n];
        if (value.length < edges) {
            value = new int[Math.max(edges, value.length * 2)];
        }
        for (int k = 0; k < edges; k++) {
            value[k] = valueBase[source[k]] + sourcePort[k];
        }
        return valueBase[n];
    }

    /** Numbers the live nodes densely in slot order, into {@link #denseOf} and {@link #entries}. */
    private void number(Arena<NodeEntry> arena, int n, int limit) {
        denseOf = PlanCompiler.atLeast(denseOf, limit);
        if (entries.length < n) {
            int capacity = Math.max(n, entries.length * 2);
            entries = Arrays.copyOf(entries, capacity);
            slots = Arrays.copyOf(slots, capacity);
        }
        for (int i = 0, d = 0; i < limit; i++) {
            long h = arena.handleAt(i);
            if (h != Arena.NONE) {
                denseOf[i] = d;
                NodeEntry e = arena.get(h);
                if (entries[d] != e) {
                    entries[d] = e;
                }
                d++;
            } else {
                denseOf[i] = -1;
            }
        }
        if (count > n) {
            Arrays.fill(entries, n, count, null); // removed nodes are not kept reachable
            Arrays.fill(slots, n, count, null);
        }
        count = n;
    }

    /**
     * @param d a dense node
     * @param k one of its in-edges, {@code inStart[d]} to {@code inStart[d + 1] - 1}
     * @return that edge's object in the model (for what the flat arrays do not hold: a feedback line)
     */
    Edge edge(int d, int k) {
        return entries[d].in.get(k - inStart[d]);
    }

    private void growIn(int needed) {
        int capacity = Math.max(needed, source.length * 2);
        source = Arrays.copyOf(source, capacity);
        sourcePort = Arrays.copyOf(sourcePort, capacity);
        port = Arrays.copyOf(port, capacity);
        feedback = Arrays.copyOf(feedback, capacity);
    }
}
