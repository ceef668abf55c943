package org.aetherdsp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.NodeType;
import org.aetherdsp.api.ParamBlock;
import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.graph.CycleException;
import org.aetherdsp.core.graph.DuplicateConnectionException;
import org.aetherdsp.core.graph.Edge;
import org.aetherdsp.core.graph.NoSuchConnectionException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Feedback connections: a loop closed through one reads the previous block (exactly one block
 * of delay), checked against the analytic comb response; its contents survive plan swaps and
 * are cleared when the loop is cut; an unstable loop is contained and reported; one, two and
 * three workers render it bit for bit alike. A cycle of ordinary connections is still refused.
 */
class FeedbackTest {

    private static final int BLOCK = 64;

    /** 1 at the very first frame the engine renders (sample position 0), 0 ever after. */
    static final NodeType IMPULSE = NodeType.of("ftest.impulse",
            NodeDescriptor.builder("Impulse").output("out").build(),
            () -> new DspNode() {
                @Override
                public void process(float[][] in, float[][] out, ParamBlock p, ProcessContext ctx) {
                    java.util.Arrays.fill(out[0], 0, ctx.blockSize(), 0f);
                    if (ctx.samplePosition() == 0) {
                        out[0][0] = 1f;
                    }
                }
            });

    private static Engine.Builder engine(int workers) {
        return ParallelTestGraphs.engine(workers).nodeType(IMPULSE).blockSize(BLOCK);
    }

    @Test
    void aCycleOfOrdinaryConnectionsIsRefusedNamingItsNodesAndSayingHowToMarkFeedback() {
        try (Engine engine = engine(1).build()) {
            long a = engine.add("test.pass");
            long b = engine.add("test.pass");
            long c = engine.add("test.pass");
            engine.connect(a, 0, b, 0);
            engine.connect(b, 0, c, 0);
            List<Edge> before = engine.connections();
            long compiles = engine.latestPlan().compile();
            CycleException e = assertThrows(CycleException.class, () -> engine.connect(c, 0, a, 0));
            for (long h : new long[] {a, b, c}) {
                assertTrue(e.getMessage().contains(engine.describe(h)), e.getMessage());
            }
            assertTrue(e.getMessage().contains("feedback"), e.getMessage());
            assertTrue(e.getMessage().contains("connectFeedback"), e.getMessage());
            assertEquals(List.of(c, a, b, c), e.cycle());
            assertEquals(before, engine.connections(), "the refused edit changed nothing");
            assertEquals(compiles, engine.latestPlan().compile(), "and compiled nothing");

            engine.connectFeedback(c, 0, a, 0); // the same loop, closed the way the message says
            assertTrue(engine.connections().contains(new Edge(c, 0, a, 0, true)));
            // A feedback edge is no dependency, but ordinary cycles beside it are still found.
            assertThrows(CycleException.class, () -> engine.connect(c, 0, b, 0));
            assertThrows(DuplicateConnectionException.class, () -> engine.connect(c, 0, a, 0));
            assertThrows(DuplicateConnectionException.class, () -> engine.connectFeedback(a, 0, b, 0));
        }
    }

    /** impulse -> add.a; add.sum -> pass(g) -> (feedback) add.b; add.sum -> host. */
    private static long[] comb(Engine engine, float g) {
        long[] h = new long[3];
        engine.batch(e -> {
            h[0] = e.add(IMPULSE.id());
            h[1] = e.add("test.add");
            h[2] = e.add("test.pass");
            e.setParam(h[2], "gain", g, 0f);
            e.connect(h[0], 0, h[1], 0);
            e.connect(h[1], 0, h[2], 0);
            e.connectFeedback(h[2], 0, h[1], 1);
            e.connectOutput(h[1], 0, 0);
        });
        return h;
    }

    @Test
    void aLoopOfGainGAroundOneBlockGivesTheAnalyticCombImpulseResponse() {
        for (float g : new float[] {0.5f, -0.25f, 1f, 0.75f}) {
            try (Engine engine = engine(1).build()) {
                comb(engine, g);
                float[][] host = new float[2][BLOCK];
                float expected = 1f; // g^k, rounded as the loop rounds it (exact for a power of two)
                for (int k = 0; k < 40; k++) {
                    engine.process(host);
                    // y[n] = x[n] + g y[n - B]: the impulse comes back every block, times g.
                    assertEquals(expected, host[0][0], "g " + g + " block " + k + " frame 0");
                    if (g == 0.5f || g == -0.25f || g == 1f) {
                        assertEquals((float) Math.pow(g, k), host[0][0], "g " + g + " block " + k + ": exactly g^k");
                    }
                    for (int i = 1; i < BLOCK; i++) {
                        assertEquals(0f, host[0][i], "g " + g + " block " + k + " frame " + i);
                    }
                    expected *= g;
                }
            }
        }
    }

    @Test
    void aDecayingLoopNeverCirculatesSubnormals() {
        try (Engine engine = engine(1).build()) {
            comb(engine, 0.5f);
            float[][] host = new float[2][BLOCK];
            int lastNormal = -1;
            for (int k = 0; k < 200; k++) {
                engine.process(host);
                float v = host[0][0];
                assertTrue(v == 0f || Math.abs(v) >= Float.MIN_NORMAL, "block " + k + ": " + v);
                if (v != 0f) {
                    lastNormal = k;
                }
            }
            assertEquals(126, lastNormal, "0.5^126 is the smallest normal float; the next would be subnormal");
            assertEquals(0, engine.stats().nonFiniteSamples(), "a subnormal is flushed, not reported");
        }
    }

    @Test
    void aNodeMayFeedItselfBackAndTheFeedbackIsSummedWithItsOtherSources() {
        try (Engine engine = engine(1).build()) {
            engine.batch(e -> {
                long imp = e.add(IMPULSE.id());
                long pass = e.add("test.pass");
                e.setParam(pass, "gain", 0.5f, 0f);
                e.connect(imp, 0, pass, 0);
                e.connectFeedback(pass, 0, pass, 0); // fan-in: impulse + own previous block
                e.connectOutput(pass, 0, 0);
            });
            float[][] host = new float[2][BLOCK];
            for (int k = 0; k < 30; k++) {
                engine.process(host);
                assertEquals((float) Math.pow(0.5, k + 1), host[0][0], "block " + k);
            }
        }
    }

    @Test
    void theLoopSurvivesPlanSwapsAndIsClearedWhenCut() {
        try (Engine engine = engine(1).build()) {
            long[] h = comb(engine, 1f); // lossless: the impulse circulates for ever
            float[][] host = new float[2][BLOCK];
            for (int k = 0; k < 5; k++) {
                engine.process(host);
            }
            // Unrelated structural edits: each compiles and swaps in a new plan.
            long extra = engine.add("test.const");
            engine.connectOutput(extra, 0, 1);
            engine.process(host);
            assertEquals(1f, host[0][0], "the loop went on through a plan swap");
            engine.batch(e -> {
                long more = e.add("test.pass");
                e.connect(h[1], 0, more, 0);
                e.connectOutput(more, 0, 1);
            });
            engine.process(host);
            assertEquals(1f, host[0][0], "and through a batch");
            // A rolled-back batch that cut the loop leaves it as it was.
            try (var b = engine.beginBatch()) {
                engine.disconnect(h[2], 0, h[1], 1);
            }
            engine.process(host);
            assertEquals(1f, host[0][0], "a rolled-back cut is no cut");

            engine.disconnect(h[2], 0, h[1], 1);
            engine.process(host);
            assertEquals(0f, host[0][0], "cut: nothing comes back");
            engine.connectFeedback(h[2], 0, h[1], 1);
            for (int k = 0; k < 3; k++) {
                engine.process(host);
                assertEquals(0f, host[0][0], "reconnected: the line starts silent, block " + k);
            }
            assertThrows(NoSuchConnectionException.class, () -> engine.disconnect(h[1], 0, h[0], 0));
            engine.remove(h[2]); // removing a node on the loop cuts it too
            assertEquals(2, engine.connections().size(), engine.connections().toString());
            assertFalse(engine.connections().stream().anyMatch(Edge::feedback));
        }
    }

    @Test
    void anUnstableLoopIsContainedAndReportedAndTheEngineKeepsRunning() {
        try (Engine plain = engine(1).build();
             Engine limited = engine(1).outputLimiter(1f).build()) {
            comb(plain, 2f);
            comb(limited, 2f);
            float[][] host = new float[2][BLOCK];
            float[][] host2 = new float[2][BLOCK];
            boolean overflowed = false;
            for (int k = 0; k < 400; k++) {
                plain.process(host);
                limited.process(host2);
                for (int i = 0; i < BLOCK; i++) {
                    assertTrue(Float.isFinite(host[0][i]), "block " + k + " frame " + i + ": " + host[0][i]);
                    assertTrue(Math.abs(host2[0][i]) <= 1.000001f, "limited, block " + k + " frame " + i + ": " + host2[0][i]);
                }
                if (k < 127) {
                    assertEquals((float) Math.pow(2, k), host[0][0], "block " + k + " grows as 2^k");
                } else if (host[0][0] == 0f) {
                    overflowed = true;
                }
            }
            assertTrue(overflowed, "the loop overflowed to infinity and was kept out");
            assertTrue(plain.stats().nonFiniteSamples() > 0, "reported: " + plain.stats());
            assertTrue(limited.stats().limitedFrames() > 0, "the limiter turned it down: " + limited.stats());
            assertEquals(0, plain.stats().faults());
            assertEquals(List.of(), plain.drainFaults());
            assertEquals(400, plain.stats().blocks(), "every block was processed");
        }
    }

    /**
     * Random DAGs with random feedback edges (forwards, backwards, onto themselves), and random
     * edits that add and cut feedback edges among the others, rendered by one, two and three
     * workers: bit for bit alike.
     */
    @TestFactory
    List<DynamicTest> randomGraphsWithFeedbackRenderBitIdenticalOnOneTwoAndThreeWorkers() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int seed = 0; seed < 40; seed++) {
            int s = seed;
            tests.add(DynamicTest.dynamicTest("seed " + s, () -> renderSerialAndParallel(s)));
        }
        tests.add(DynamicTest.dynamicTest("helpers took part and loops were closed", () -> {
            assertTrue(helperClustersSeen > 0, "no helper ever ran a cluster");
            assertTrue(feedbackEdgesSeen > 40, "few feedback edges: " + feedbackEdgesSeen);
        }));
        return tests;
    }

    private static long helperClustersSeen;
    private static long feedbackEdgesSeen;

    private static void renderSerialAndParallel(int seed) {
        Random r = new Random(seed);
        try (Engine one = engine(1).build(); Engine two = engine(2).build(); Engine three = engine(3).build()) {
            ParallelTestGraphs.Twins twins = new ParallelTestGraphs.Twins(r, one, two, three);
            twins.build(10 + r.nextInt(50));
            for (int k = 0; k < 3 + r.nextInt(6); k++) {
                randomFeedback(twins, r);
            }
            feedbackEdgesSeen += one.connections().stream().filter(Edge::feedback).count();
            float[][][] host = new float[3][2][BLOCK];
            for (int block = 0; block < 100; block++) {
                if (block % 10 == 5) {
                    if (r.nextBoolean()) {
                        randomFeedback(twins, r);
                    } else {
                        twins.randomEdit();
                    }
                }
                if (block % 20 == 18) {
                    cutRandomFeedback(twins, r);
                }
                one.process(host[0]);
                two.process(host[1]);
                three.process(host[2]);
                for (int ch = 0; ch < 2; ch++) {
                    ParallelSchedulingTest.assertBitIdentical(host[0][ch], host[1][ch], "seed " + seed + " block " + block + " ch " + ch + " (2 workers)");
                    ParallelSchedulingTest.assertBitIdentical(host[0][ch], host[2][ch], "seed " + seed + " block " + block + " ch " + ch + " (3 workers)");
                }
            }
            assertEquals(one.stats().nonFiniteSamples(), two.stats().nonFiniteSamples());
            assertEquals(one.stats().nonFiniteSamples(), three.stats().nonFiniteSamples());
            helperClustersSeen += two.helperClusters() + three.helperClusters();
        }
    }

    private static void randomFeedback(ParallelTestGraphs.Twins twins, Random r) {
        int from = r.nextInt(twins.nodes.size());
        int to = r.nextInt(twins.nodes.size());
        if (twins.kinds.get(to).inputs() == 0) {
            return;
        }
        int out = r.nextInt(twins.kinds.get(from).outputs());
        int port = r.nextInt(twins.kinds.get(to).inputs());
        for (Engine e : twins.engines) {
            try {
                e.connectFeedback(ParallelTestGraphs.Twins.at(e, twins.nodes.get(from)), out,
                        ParallelTestGraphs.Twins.at(e, twins.nodes.get(to)), port);
            } catch (DuplicateConnectionException ignored) {
                // drawn twice: refused on every engine alike
            }
        }
    }

    private static void cutRandomFeedback(ParallelTestGraphs.Twins twins, Random r) {
        List<Edge> feedback = twins.engines[0].connections().stream().filter(Edge::feedback).toList();
        if (feedback.isEmpty()) {
            return;
        }
        Edge cut = feedback.get(r.nextInt(feedback.size()));
        long source = ParallelTestGraphs.Twins.untag(cut.source());
        long target = ParallelTestGraphs.Twins.untag(cut.target());
        for (Engine e : twins.engines) {
            e.disconnect(ParallelTestGraphs.Twins.at(e, source), cut.sourcePort(), ParallelTestGraphs.Twins.at(e, target),
                    cut.targetPort());
        }
    }
}
