package org.aetherdsp.core.model;

import java.util.List;
import org.aetherdsp.core.arena.Arena;
import org.aetherdsp.core.graph.Edge;

/**
 * Kahn's algorithm over a compile's dense node numbers, into {@link #order}: an order in which
 * every ordinary edge goes forward (feedback edges order nothing: they read the previous
 * block). Control thread; its arrays are kept from one compile to the next.
 */
final class KahnOrder {

    /** The order of the last {@link #sort}, by dense number; its first {@code n} entries count. */
    int[] order = new int[0];
    private int[] indegree = new int[0];

    /**
     * Sorts the first {@code n} entries.
     *
     * @param entries  the nodes, by dense number
     * @param denseOf  per arena index, the dense number
     * @param n        how many nodes
     * @param feedback whether any edge is a feedback one (without, an in-list's size is its indegree)
     * @throws IllegalStateException if the ordinary edges have a cycle (a bug in the model's validation)
     */
    void sort(NodeEntry[] entries, int[] denseOf, int n, boolean feedback) {
        indegree = PlanCompiler.atLeast(indegree, n);
        order = PlanCompiler.atLeast(order, n);
        int[] queue = order;
        for (int d = 0; d < n; d++) {
            indegree[d] = feedback ? ordinaryCount(entries[d].in) : entries[d].in.size();
        }
        // A min-ordered queue would be O(n log n); a FIFO seeded in slot order is O(n + e)
        // and still deterministic, which is what matters.
        int head = 0;
        int tail = 0;
        for (int d = 0; d < n; d++) {
            if (indegree[d] == 0) {
                queue[tail++] = d;
            }
        }
        while (head < tail) {
            int d = queue[head++];
            List<Edge> out = entries[d].out;
            for (int k = 0, edges = out.size(); k < edges; k++) {
                Edge edge = out.get(k);
                if (edge.feedback()) {
                    continue;
                }
                int t = denseOf[Arena.index(edge.target())];
                if (--indegree[t] == 0) {
                    queue[tail++] = t;
                }
            }
        }
        if (tail != n) {
            // connect() rejects cycles, so this is a bug in the model, not bad input.
            throw new IllegalStateException("graph has a cycle that validation missed: " + (n - tail) + " nodes unsorted");
        }
    }

    /** @return how many of these edges are ordinary (not feedback): the ones that order nodes */
    static int ordinaryCount(List<Edge> edges) {
        int count = 0;
        for (int k = 0, n = edges.size(); k < n; k++) {
            if (!edges.get(k).feedback()) {
                count++;
            }
        }
        return count;
    }
}
