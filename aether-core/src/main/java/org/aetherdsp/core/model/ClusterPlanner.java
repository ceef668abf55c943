package org.aetherdsp.core.model;

import java.util.Arrays;
import java.util.List;
import org.aetherdsp.core.arena.Arena;
import org.aetherdsp.core.graph.Edge;
import org.aetherdsp.core.rt.Plan;

/**
 * Cuts a graph into clusters that one worker runs start to finish, for plans run by several
 * workers (see {@link PlanCompiler}). Feedback connections are not dependencies here: their
 * targets read a line that is written only after the whole block. Control thread; its working arrays only grow, so a
 * compile of a graph of a size seen before allocates nothing.
 */
final class ClusterPlanner {

    /** Per dense node, its cluster. */
    int[] clusterOf = new int[0];
    /** Dense nodes in execution order: cluster by cluster, each in placement order. */
    int[] order = new int[0];
    /** Per cluster plus a sentinel, its first position. */
    int[] start = new int[1];
    /** Per cluster plus a sentinel, where its pairs start in {@link #waitPairs}. */
    int[] waitStart = new int[1];
    /** Pairs (earlier cluster, last position read there), cluster after cluster. */
    int[] waitPairs = new int[0];
    private int[] seen = new int[0];
    private boolean[] floating = new boolean[0];
    private int[] lastNode = new int[0];
    private int[] placed = new int[0];
    private int[] fill = new int[0];
    private int[] positionOf = new int[0];
    private int[] upTo = new int[0];
    private int[] list = new int[0];

    /**
     * The cluster of a voice that node {@code d} belongs to, if it can join it: one of its inputs
     * is a node of the same voice ({@code NodeSlot.sameVoice}) and every input is in that cluster or
     * an earlier one (a cluster only waits for earlier ones). So a voice instance runs as one
     * cluster, the voices side by side, instead of being cut at each fan-out inside it. -1 if not.
     */
    private int voiceCluster(int d, NodeEntry[] entries, int[] denseOf) {
        List<Edge> in = entries[d].in;
        int cluster = -1;
        int latest = -1;
        for (int k = 0, edges = in.size(); k < edges; k++) {
            if (in.get(k).feedback()) {
                continue;
            }
            int s = denseOf[Arena.index(in.get(k).source())];
            if (floating[s]) {
                continue;
            }
            latest = Math.max(latest, clusterOf[s]);
            if (entries[s].slot().sameVoice(entries[d].slot())) {
                cluster = clusterOf[s];
            }
        }
        return cluster != -1 && latest <= cluster ? cluster : -1;
    }

    /**
     * Cuts the graph into clusters (see the class comment), filling {@link #clusterOf},
     * {@link #order}, {@link #start}, {@link #waitStart} and {@link #waitPairs}.
     *
     * @param n     nodes
     * @param topo  dense node numbers in a topological order
     * @param graph the compile's graph (its entries, dense numbers and ordinary in-edge counts)
     * @return the number of clusters, or 0 if they would run one after another anyway (or are
     *         more than a plan can schedule)
     */
    int plan(int n, int[] topo, DenseGraph graph) {
        final NodeEntry[] entries = graph.entries;
        final int[] denseOf = graph.denseOf;
        seen = PlanCompiler.atLeast(seen, n);
        Arrays.fill(seen, 0, n, -1);
        if (floating.length < n) {
            floating = new boolean[Math.max(n, floating.length * 2)];
        }
        for (int d = 0; d < n; d++) {
            int successors = 0;
            List<Edge> out = entries[d].out;
            for (int k = 0, edges = out.size(); k < edges; k++) {
                if (out.get(k).feedback()) {
                    continue;
                }
                int t = denseOf[Arena.index(out.get(k).target())];
                if (seen[t] != d) {
                    seen[t] = d;
                    successors++;
                }
            }
            floating[d] = graph.ordinaryIn[d] == 0 && successors == 1;
        }

        clusterOf = PlanCompiler.atLeast(clusterOf, n);
        Arrays.fill(clusterOf, 0, n, -1);
        lastNode = PlanCompiler.atLeast(lastNode, n); // per cluster, its most recently placed node that is not a floating source
        placed = PlanCompiler.atLeast(placed, n);     // nodes in the order they were placed
        int placedCount = 0;
        int count = 0;
        for (int t = 0; t < n; t++) {
            int d = topo[t];
            if (floating[d]) {
                continue; // placed with its successor
            }
            List<Edge> in = entries[d].in;
            int edges = in.size();
            int joined = -1;
            boolean oneCluster = true;
            boolean followsLast = false;
            for (int k = 0; k < edges; k++) {
                if (in.get(k).feedback()) {
                    continue;
                }
                int s = denseOf[Arena.index(in.get(k).source())];
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
            int c = joined != -1 && oneCluster && followsLast ? joined : voiceCluster(d, entries, denseOf);
            if (c == -1) {
                c = count++;
            }
            for (int k = 0; k < edges; k++) {
                if (in.get(k).feedback()) {
                    continue;
                }
                int s = denseOf[Arena.index(in.get(k).source())];
                if (floating[s] && clusterOf[s] == -1) {
                    clusterOf[s] = c;
                    placed[placedCount++] = s;
                }
            }
            clusterOf[d] = c;
            placed[placedCount++] = d;
            lastNode[c] = d;
        }
        if (count < 2 || count > Plan.MAX_CLUSTERS) {
            return 0;
        }

        // Execution order: cluster by cluster, each in placement order (a counting sort).
        start = PlanCompiler.atLeast(start, count + 1);
        Arrays.fill(start, 0, count + 1, 0);
        for (int d = 0; d < n; d++) {
            start[clusterOf[d] + 1]++;
        }
        for (int c = 0; c < count; c++) {
            start[c + 1] += start[c];
        }
        fill = PlanCompiler.atLeast(fill, count);
        System.arraycopy(start, 0, fill, 0, count);
        order = PlanCompiler.atLeast(order, n);
        for (int k = 0; k < placedCount; k++) {
            int d = placed[k];
            order[fill[clusterOf[d]]++] = d;
        }

        positionOf = PlanCompiler.atLeast(positionOf, n);
        for (int p = 0; p < n; p++) {
            positionOf[order[p]] = p;
        }
        // Per cluster, per earlier cluster it reads from, the last position it reads there.
        waitStart = PlanCompiler.atLeast(waitStart, count + 1);
        upTo = PlanCompiler.atLeast(upTo, count);
        Arrays.fill(upTo, 0, count, -1);
        list = PlanCompiler.atLeast(list, count);
        int pairs = 0;
        boolean chained = true; // every cluster waits for all of the one before it: no two can overlap
        for (int c = 0; c < count; c++) {
            waitStart[c] = pairs;
            int k = 0;
            for (int p = start[c]; p < start[c + 1]; p++) {
                List<Edge> in = entries[order[p]].in;
                for (int j = 0, edges = in.size(); j < edges; j++) {
                    if (in.get(j).feedback()) {
                        continue; // read from the feedback line, written only after the block
                    }
                    int s = denseOf[Arena.index(in.get(j).source())];
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
            if (waitPairs.length < pairs + 2 * k) { // keeps the pairs of earlier clusters
                waitPairs = Arrays.copyOf(waitPairs, Math.max(pairs + 2 * k, waitPairs.length * 2));
            }
            for (int w = 0; w < k; w++) {
                waitPairs[pairs++] = list[w];
                waitPairs[pairs++] = upTo[list[w]];
                upTo[list[w]] = -1;
            }
            chained &= c == 0 || k > 0 && list[k - 1] == c - 1 && waitPairs[pairs - 1] == start[c] - 1;
        }
        waitStart[count] = pairs;
        return chained ? 0 : count;
    }
}
