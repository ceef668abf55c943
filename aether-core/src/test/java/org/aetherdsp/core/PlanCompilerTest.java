package org.aetherdsp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.graph.CycleException;
import org.aetherdsp.core.graph.Edge;
import org.aetherdsp.core.graph.HostOutput;
import org.aetherdsp.core.graph.PlanView;
import org.junit.jupiter.api.Test;

class PlanCompilerTest {

    private static final int BLOCK = 64;

    @Test
    void chainOf1000NodesUsesASmallConstantNumberOfBuffers() {
        Engine engine = TestNodes.engine().initialNodeCapacity(1024).build();
        long[] h = new long[1001];
        engine.batch(e -> {
            h[0] = e.add("test.const");
            e.setParam(h[0], "value", 0.5f, 0f);
            for (int i = 1; i <= 1000; i++) {
                h[i] = e.add("test.pass");
                e.connect(h[i - 1], 0, h[i], 0);
            }
            e.connectOutput(h[1000], 0, 0);
        });
        assertTrue(engine.latestPlan().bufferCount() <= 3, "buffers: " + engine.latestPlan().bufferCount());
        float[][] host = new float[2][BLOCK];
        engine.process(host);
        for (int i = 0; i < BLOCK; i++) {
            assertEquals(0.5f, host[0][i], "1000 unity passes keep the value");
        }
    }

    @Test
    void planOrderPutsEverySourceBeforeItsTargetOnRandomDags() {
        for (int seed = 0; seed < 100; seed++) {
            Random r = new Random(seed);
            Engine engine = TestNodes.engine().build();
            RandomGraph g = RandomGraph.build(engine, r, 5 + r.nextInt(60));
            PlanView plan = engine.latestPlan();
            Map<Long, Integer> pos = new HashMap<>();
            for (int p = 0; p < plan.size(); p++) {
                pos.put(plan.handleAt(p), p);
            }
            assertEquals(g.nodes.size(), plan.size());
            for (Edge e : engine.connections()) {
                assertTrue(pos.get(e.source()) < pos.get(e.target()), "seed " + seed + ": " + e + " runs backwards");
            }
        }
    }

    @Test
    void sameGraphCompilesToTheSameOrder() {
        List<Long> first = null;
        for (int k = 0; k < 3; k++) {
            Engine engine = TestNodes.engine().build();
            RandomGraph.build(engine, new Random(7), 40);
            List<Long> order = new ArrayList<>();
            for (long h : engine.latestPlan().order()) {
                order.add(ParallelTestGraphs.Twins.untag(h)); // each engine tags its handles
            }
            if (first == null) {
                first = order;
            } else {
                assertEquals(first, order);
            }
        }
    }

    /**
     * The strongest check of liveness-based buffer reuse and fan-in summing: every host
     * sample of a random DAG equals what a direct evaluation of the graph gives, including
     * after random removals and disconnections.
     */
    @Test
    void randomDagsRenderExactlyWhatTheGraphMeans() {
        for (int seed = 0; seed < 300; seed++) {
            Random r = new Random(seed);
            Engine engine = TestNodes.engine().build();
            RandomGraph g = RandomGraph.build(engine, r, 2 + r.nextInt(40));
            checkAgainstReference(engine, g, "seed " + seed);
            for (int k = 0; k < 5 && !g.nodes.isEmpty(); k++) {
                g.randomEdit(engine, r);
                checkAgainstReference(engine, g, "seed " + seed + " after edit " + k);
            }
        }
    }

    @Test
    void outputBuffersNeverAliasTheNodesOwnInputs() {
        for (int seed = 0; seed < 100; seed++) {
            Engine engine = TestNodes.engine().build();
            RandomGraph.build(engine, new Random(seed), 30);
            PlanView plan = engine.latestPlan();
            for (int p = 0; p < plan.size(); p++) {
                int[] out = plan.outputsAt(p);
                for (int o : out) {
                    for (int i : plan.inputsAt(p)) {
                        assertNotEquals(o, i, "seed " + seed + " node at " + p);
                    }
                }
                if (out.length == 2) {
                    assertNotEquals(out[0], out[1], "two outputs of one node share a buffer");
                }
            }
        }
    }

    @Test
    void cycleAttemptsInRandomGraphsAreAlwaysCaught() {
        Random r = new Random(99);
        Engine engine = TestNodes.engine().build();
        RandomGraph g = RandomGraph.build(engine, r, 30);
        int caught = 0;
        for (Edge e : engine.connections()) {
            // Any edge reversed closes a cycle.
            long src = e.target();
            long dst = e.source();
            if (engine.typeOf(dst).equals("test.const")) {
                continue; // consts have no inputs
            }
            try {
                engine.connect(src, 0, dst, 0);
            } catch (CycleException expected) {
                caught++;
                assertEquals(expected.cycle().get(0), expected.cycle().get(expected.cycle().size() - 1));
            }
        }
        assertTrue(caught > 0);
        checkAgainstReference(engine, g, "after rejected cycles");
    }

    private static void checkAgainstReference(Engine engine, RandomGraph g, String label) {
        float[][] host = new float[2][BLOCK];
        engine.process(host); // applies the latest plan and the param changes
        engine.process(host);
        float[] expected = g.expectedHost(engine);
        for (int ch = 0; ch < 2; ch++) {
            for (int i = 0; i < BLOCK; i++) {
                assertEquals(expected[ch], host[ch][i], 1e-3f * Math.max(1f, Math.abs(expected[ch])),
                        label + ": channel " + ch + " frame " + i);
            }
        }
    }

    /** A random DAG of const, pass and add nodes, whose output is known exactly. */
    static final class RandomGraph {
        final List<Long> nodes = new ArrayList<>();
        final Map<Long, Float> constValue = new HashMap<>();
        final Map<Long, Float> gain = new HashMap<>();

        static RandomGraph build(Engine engine, Random r, int n) {
            RandomGraph g = new RandomGraph();
            engine.batch(e -> {
                for (int i = 0; i < n; i++) {
                    int kind = i == 0 ? 0 : r.nextInt(3);
                    long h = e.add(kind == 0 ? "test.const" : kind == 1 ? "test.pass" : "test.add");
                    g.nodes.add(h);
                    if (kind == 0) {
                        float v = Math.round((r.nextFloat() * 2 - 1) * 100) / 100f;
                        e.setParam(h, "value", v, 0f);
                        g.constValue.put(h, v);
                    } else if (kind == 1) {
                        float v = Math.round((r.nextFloat() * 2 - 1) * 4) / 4f;
                        e.setParam(h, "gain", v, 0f);
                        g.gain.put(h, v);
                    }
                }
                for (int j = 1; j < n; j++) {
                    long dst = g.nodes.get(j);
                    int ins = e.typeOf(dst).equals("test.const") ? 0 : e.typeOf(dst).equals("test.pass") ? 1 : 2;
                    for (int port = 0; port < ins; port++) {
                        int sources = r.nextInt(3); // 0: silence, 2: fan-in
                        for (int s = 0; s < sources; s++) {
                            long src = g.nodes.get(r.nextInt(j));
                            int outs = e.typeOf(src).equals("test.add") ? 2 : 1;
                            try {
                                e.connect(src, r.nextInt(outs), dst, port);
                            } catch (org.aetherdsp.core.graph.DuplicateConnectionException ignored) {
                                // drawn twice: fine
                            }
                        }
                    }
                }
                for (int k = 0; k < 1 + r.nextInt(4); k++) {
                    long h = g.nodes.get(r.nextInt(n));
                    int outs = e.typeOf(h).equals("test.add") ? 2 : 1;
                    try {
                        e.connectOutput(h, r.nextInt(outs), r.nextInt(2));
                    } catch (org.aetherdsp.core.graph.DuplicateConnectionException ignored) {
                        // drawn twice: fine
                    }
                }
            });
            return g;
        }

        void randomEdit(Engine engine, Random r) {
            int what = r.nextInt(3);
            List<Edge> edges = engine.connections();
            if (what == 0 || edges.isEmpty()) {
                long h = nodes.remove(r.nextInt(nodes.size()));
                engine.remove(h);
            } else if (what == 1) {
                Edge e = edges.get(r.nextInt(edges.size()));
                engine.disconnect(e.source(), e.sourcePort(), e.target(), e.targetPort());
            } else {
                long h = nodes.get(r.nextInt(nodes.size()));
                if (gain.containsKey(h)) {
                    float v = Math.round((r.nextFloat() * 2 - 1) * 4) / 4f;
                    engine.setParam(h, "gain", v, 0f);
                    gain.put(h, v);
                }
            }
        }

        float[] expectedHost(Engine engine) {
            Map<String, Float> memo = new HashMap<>();
            float[] out = new float[2];
            for (HostOutput o : engine.hostOutputs()) {
                out[o.channel()] += value(engine, o.node(), o.port(), memo);
            }
            return out;
        }

        private float input(Engine engine, long node, int port, Map<String, Float> memo) {
            float sum = 0f;
            for (Edge e : engine.connections()) {
                if (e.target() == node && e.targetPort() == port) {
                    sum += value(engine, e.source(), e.sourcePort(), memo);
                }
            }
            return sum;
        }

        private float value(Engine engine, long node, int port, Map<String, Float> memo) {
            String key = node + "/" + port;
            Float known = memo.get(key);
            if (known != null) {
                return known;
            }
            float v;
            switch (engine.typeOf(node)) {
                case "test.const" -> v = constValue.get(node);
                case "test.pass" -> v = input(engine, node, 0, memo) * gain.get(node);
                default -> {
                    float a = input(engine, node, 0, memo);
                    float b = input(engine, node, 1, memo);
                    v = port == 0 ? a + b : a - b;
                }
            }
            memo.put(key, v);
            return v;
        }
    }
}
