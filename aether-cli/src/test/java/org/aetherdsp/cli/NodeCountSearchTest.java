package org.aetherdsp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The --max-nodes search against fake measurements: no clock is involved. */
class NodeCountSearchTest {

    private static final long DEADLINE = 1_333_333;

    /** A fake machine where each node costs a fixed time. */
    private static NodeCountSearch.Probe linear(long nanosPerNode, List<Integer> asked) {
        return n -> {
            asked.add(n);
            return n * nanosPerNode;
        };
    }

    @Test
    void findsTheExactCountWithZeroTolerance() throws Exception {
        List<Integer> asked = new ArrayList<>();
        NodeCountSearch.Result r = new NodeCountSearch(DEADLINE, 1_000_000, 0).run(linear(1000, asked), s -> { });
        assertEquals(1333, r.nodes());
        assertEquals(1_333_000, r.nanos());
        assertFalse(r.limitReached());
        assertEquals(asked.size(), r.steps().size());
    }

    @Test
    void doublesFromOneThenBisects() throws Exception {
        List<Integer> asked = new ArrayList<>();
        new NodeCountSearch(DEADLINE, 1_000_000, 0).run(linear(1000, asked), s -> { });
        assertEquals(List.of(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048), asked.subList(0, 12));
        assertEquals(1536, asked.get(12), "the first bisection is between 1024 (fits) and 2048 (does not)");
        assertTrue(asked.size() <= 12 + 11, "binary search: at most log2(1024) more probes, got " + asked);
    }

    @Test
    void toleranceStopsTheBisectionEarlyButNeverReportsACountThatFailed() throws Exception {
        List<Integer> asked = new ArrayList<>();
        NodeCountSearch.Result r = new NodeCountSearch(DEADLINE, 1_000_000, 0.05).run(linear(1000, asked), s -> { });
        assertTrue(r.nodes() <= 1333 && r.nodes() >= 1333 * 0.95, "within 5% below the true 1333: " + r.nodes());
        assertTrue(asked.size() < 12 + 11, "fewer probes than an exact search: " + asked);
    }

    @Test
    void budgetIsInclusive() throws Exception {
        NodeCountSearch.Result r = new NodeCountSearch(4000, 100, 0).run(linear(1000, new ArrayList<>()), s -> { });
        assertEquals(4, r.nodes());
    }

    @Test
    void noneFitsWhenOneNodeIsOverTheBudget() throws Exception {
        List<Integer> asked = new ArrayList<>();
        NodeCountSearch.Result r = new NodeCountSearch(DEADLINE, 1000, 0).run(linear(2 * DEADLINE, asked), s -> { });
        assertEquals(0, r.nodes());
        assertEquals(List.of(1), asked);
    }

    @Test
    void stopsAtTheLimitWhenEverythingFits() throws Exception {
        List<Integer> asked = new ArrayList<>();
        NodeCountSearch.Result r = new NodeCountSearch(DEADLINE, 100, 0).run(linear(1, asked), s -> { });
        assertEquals(100, r.nodes());
        assertTrue(r.limitReached());
        assertEquals(List.of(1, 2, 4, 8, 16, 32, 64, 100), asked);
    }

    @Test
    void everyStepIsReportedAsItIsMeasured() throws Exception {
        List<NodeCountSearch.Step> seen = new ArrayList<>();
        NodeCountSearch.Result r = new NodeCountSearch(DEADLINE, 1_000_000, 0).run(linear(1000, new ArrayList<>()), seen::add);
        assertEquals(r.steps(), seen);
        for (NodeCountSearch.Step s : seen) {
            assertEquals(s.nodes() * 1000L <= DEADLINE, s.fits(), s.toString());
        }
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new NodeCountSearch(0, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> new NodeCountSearch(1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new NodeCountSearch(1, 10, 1));
    }
}
