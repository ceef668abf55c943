package org.aetherdsp.core.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.aetherdsp.core.arena.Arena;
import org.aetherdsp.core.graph.Edge;

/**
 * The search behind {@link GraphModel}'s cycle check: whether one node reaches another along
 * ordinary (not feedback) connections, and by which path. Control thread.
 */
final class PathSearch {

    // Working arrays of pathBetween, by slot index: the search that last reached a slot, and
    // from where; kept between searches.
    private int[] visited = new int[0];
    private long[] parent = new long[0];
    private long[] stack = new long[0];
    private int search;

    /**
     * Depth-first search along outgoing edges. Allocates nothing unless it finds a path (or the
     * graph outgrew its working arrays): an edit storm checks for cycles thousands of times a
     * second.
     *
     * @param nodes the graph's nodes
     * @return the nodes from {@code from} to {@code to} inclusive, or null if unreachable
     */
    List<Long> pathBetween(Arena<NodeEntry> nodes, long from, long to) {
        int limit = nodes.slotLimit();
        if (visited.length < limit) {
            int capacity = Math.max(limit, visited.length * 2);
            visited = new int[capacity];
            parent = new long[capacity];
            stack = new long[capacity];
            search = 0;
        }
        if (++search == 0) { // the stamp wrapped: forget every old mark
            Arrays.fill(visited, 0);
            search = 1;
        }
        final int mark = search;
        int top = 0;
        stack[top++] = from;
        visited[Arena.index(from)] = mark;
        parent[Arena.index(from)] = Arena.NONE;
        while (top > 0) {
            long h = stack[--top];
            if (h == to) {
                List<Long> path = new ArrayList<>();
                for (long p = h; p != Arena.NONE; p = parent[Arena.index(p)]) {
                    path.add(0, p);
                }
                return path;
            }
            List<Edge> out = nodes.get(h).out;
            for (int k = 0, edges = out.size(); k < edges; k++) {
                Edge edge = out.get(k);
                if (edge.feedback()) {
                    continue; // reads the previous block: no dependency, so never part of a cycle
                }
                long target = edge.target();
                int t = Arena.index(target);
                if (visited[t] != mark) {
                    visited[t] = mark; // each node is pushed once, so the stack never outgrows the slots
                    parent[t] = h;
                    stack[top++] = target;
                }
            }
        }
        return null;
    }
}
