package org.aetherdsp.core.model;

import java.util.Arrays;
import java.util.List;
import org.aetherdsp.core.arena.Arena;
import org.aetherdsp.core.graph.HostInput;

/**
 * A compile's host input routes grouped by target node (a counting sort over dense numbers,
 * keeping their connection order), so that each node finds its own in O(its routes): node
 * {@code d}'s routes are {@link #route} {@code from(d)} to {@code to(d) - 1}. Control thread;
 * its arrays are kept from one compile to the next.
 */
final class RouteIndex {

    private int[] start = new int[1];
    private HostInput[] routes = new HostInput[0];
    private int count;

    /**
     * Groups the routes of a graph of {@code n} nodes.
     *
     * @param list    the graph's host input routes
     * @param denseOf per arena index, the dense number
     * @param n       how many nodes
     */
    void group(List<HostInput> list, int[] denseOf, int n) {
        count = list.size();
        if (count == 0) {
            return; // a graph without sound in: from and to read nothing
        }
        start = PlanCompiler.atLeast(start, n + 2);
        Arrays.fill(start, 0, n + 2, 0);
        if (routes.length < count) {
            routes = new HostInput[Math.max(count, routes.length * 2)];
        }
        for (int k = 0; k < count; k++) {
            start[denseOf[Arena.index(list.get(k).node())] + 2]++;
        }
        for (int d = 0; d < n; d++) {
            start[d + 2] += start[d + 1];
        }
        // start[d + 1] is now where node d's routes start; filling moves it to where they end.
        for (int k = 0; k < count; k++) {
            HostInput r = list.get(k);
            routes[start[denseOf[Arena.index(r.node())] + 1]++] = r;
        }
    }

    /** @return the first route of node {@code d} */
    int from(int d) {
        return count == 0 ? 0 : start[d];
    }

    /** @return one past the last route of node {@code d} */
    int to(int d) {
        return count == 0 ? 0 : start[d + 1];
    }

    HostInput route(int r) {
        return routes[r];
    }

    /** Drops the references of the last {@link #group}, once the plan is filled. */
    void clear() {
        Arrays.fill(routes, 0, count, null);
    }
}
