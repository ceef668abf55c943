package org.aetherdsp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.graph.CycleException;
import org.aetherdsp.core.graph.DuplicateConnectionException;
import org.aetherdsp.core.graph.Edge;
import org.aetherdsp.core.graph.NoSuchConnectionException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Seeded random edit sequences of ordinary and feedback connections, cuts and node removals,
 * against a reference model: the engine refuses exactly the duplicates and the ordinary cycles
 * the model predicts, holds exactly the model's connections, and compiles a plan in which every
 * ordinary connection runs forward (feedback ones may point anywhere), which two workers run.
 */
class FeedbackPropertyTest {

    @TestFactory
    List<DynamicTest> randomEditsMatchTheReferenceModel() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int seed = 0; seed < 60; seed++) {
            int s = seed;
            tests.add(DynamicTest.dynamicTest("seed " + s, () -> run(s)));
        }
        return tests;
    }

    private static void run(int seed) {
        Random r = new Random(seed);
        try (Engine engine = TestNodes.engine().workers(2).build()) {
            List<Long> nodes = new ArrayList<>();
            Set<Edge> model = new HashSet<>();
            float[][] host = new float[2][64];
            int refusedCycles = 0;
            int feedback = 0;
            for (int step = 0; step < 300; step++) {
                int what = r.nextInt(10);
                if (nodes.size() < 3 || what == 0) {
                    long h = engine.add(r.nextBoolean() ? "test.add" : "test.pass");
                    nodes.add(h);
                    engine.connectOutput(h, 0, r.nextInt(2));
                } else if (what <= 6) {
                    long s = nodes.get(r.nextInt(nodes.size()));
                    long t = nodes.get(r.nextInt(nodes.size()));
                    int sp = r.nextInt(outputs(engine, s));
                    int tp = r.nextInt(inputs(engine, t));
                    boolean fb = r.nextInt(3) == 0;
                    Edge e = new Edge(s, sp, t, tp, fb);
                    String where = "seed " + seed + " step " + step + " " + e;
                    if (connected(model, s, sp, t, tp)) {
                        assertThrows(DuplicateConnectionException.class, () -> connect(engine, e), where);
                    } else if (!fb && reaches(model, t, s)) {
                        assertThrows(CycleException.class, () -> connect(engine, e), where);
                        refusedCycles++;
                    } else {
                        connect(engine, e);
                        model.add(e);
                        feedback += fb ? 1 : 0;
                    }
                } else if (what <= 8 && !model.isEmpty()) {
                    List<Edge> all = new ArrayList<>(model);
                    all.sort(java.util.Comparator.comparing(Edge::toString));
                    Edge cut = all.get(r.nextInt(all.size()));
                    engine.disconnect(cut.source(), cut.sourcePort(), cut.target(), cut.targetPort());
                    model.remove(cut);
                    assertThrows(NoSuchConnectionException.class,
                            () -> engine.disconnect(cut.source(), cut.sourcePort(), cut.target(), cut.targetPort()));
                } else if (nodes.size() > 3) {
                    long gone = nodes.remove(r.nextInt(nodes.size()));
                    engine.remove(gone);
                    model.removeIf(e -> e.source() == gone || e.target() == gone);
                }
                assertEquals(model, new HashSet<>(engine.connections()), "seed " + seed + " step " + step);
                List<Long> order = engine.latestPlan().order();
                for (Edge e : model) {
                    if (!e.feedback()) {
                        assertTrue(order.indexOf(e.source()) < order.indexOf(e.target()), "seed " + seed + " step " + step
                                + ": " + e + " runs backwards in " + order);
                    }
                }
                engine.process(host);
            }
            assertTrue(feedback > 10 && refusedCycles > 0, "seed " + seed + ": " + feedback + " feedback edges, "
                    + refusedCycles + " cycles refused");
            assertEquals(0, engine.stats().faults());
        }
    }

    private static void connect(Engine engine, Edge e) {
        if (e.feedback()) {
            engine.connectFeedback(e.source(), e.sourcePort(), e.target(), e.targetPort());
        } else {
            engine.connect(e.source(), e.sourcePort(), e.target(), e.targetPort());
        }
    }

    private static int outputs(Engine engine, long node) {
        return engine.describe(node).contains("test.add") ? 2 : 1;
    }

    private static int inputs(Engine engine, long node) {
        return engine.describe(node).contains("test.add") ? 2 : 1;
    }

    private static boolean connected(Set<Edge> model, long s, int sp, long t, int tp) {
        for (Edge e : model) {
            if (e.source() == s && e.sourcePort() == sp && e.target() == t && e.targetPort() == tp) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code to} is reachable from {@code from} along ordinary connections (or is it). */
    private static boolean reaches(Set<Edge> model, long from, long to) {
        Set<Long> seen = new HashSet<>();
        ArrayDeque<Long> todo = new ArrayDeque<>();
        todo.add(from);
        while (!todo.isEmpty()) {
            long n = todo.poll();
            if (n == to) {
                return true;
            }
            if (seen.add(n)) {
                for (Edge e : model) {
                    if (!e.feedback() && e.source() == n) {
                        todo.add(e.target());
                    }
                }
            }
        }
        return false;
    }
}
