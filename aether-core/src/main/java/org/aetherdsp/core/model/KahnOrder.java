package org.aetherdsp.core.model;

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
     * Sorts the first {@code n} nodes of a compile's graph.
     *
     * @param graph the compile's graph ({@link DenseGraph#read} done)
     * @param n     how many nodes
     * @throws IllegalStateException if the ordinary edges have a cycle (a bug in the model's validation)
     */
    void sort(DenseGraph graph, int n) {
        indegree = PlanCompiler.atLeast(indegree, n);
        order = PlanCompiler.atLeast(order, n);
        int[] queue = order;
        System.arraycopy(graph.ordinaryIn, 0, indegree, 0, n);
        // A min-ordered queue would be O(n log n); a FIFO seeded in slot order is O(n + e)
        // and still deterministic, which is what matters.
        int head = 0;
        int tail = 0;
        for (int d = 0; d < n; d++) {
            if (indegree[d] == 0) {
                queue[tail++] = d;
            }
        }
        final int[] outStart = graph.outStart;
        final int[] target = graph.target;
        while (head < tail) {
            int d = queue[head++];
            for (int k = outStart[d], end = outStart[d + 1]; k < end; k++) {
                int t = target[k];
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
}
