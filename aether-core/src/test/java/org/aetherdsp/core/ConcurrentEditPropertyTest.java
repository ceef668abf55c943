package org.aetherdsp.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.aetherdsp.core.engine.CommandQueueFullException;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.OfflineRenderer;
import org.aetherdsp.core.graph.Edge;
import org.aetherdsp.core.graph.GraphException;
import org.aetherdsp.core.graph.HostOutput;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Random edit sequences, valid and invalid, single and batched, applied from this thread
 * while another thread calls {@code process} without pause. Every edit's fate must match a
 * plain reference model; a rejected edit (or batch) must leave the engine unchanged; after
 * every edit the engine's graph equals the model's; and at the end the live engine renders
 * bit for bit what the same patch built from scratch renders.
 *
 * <p>Sequences come from a seeded {@link Random}: each seed is one dynamic test, named by
 * its seed, so a failure is reproduced by running that seed again. (Plain JUnit rather than
 * jqwik: see the note on the RT-safety issue.)
 */
class ConcurrentEditPropertyTest {

    private static final String[] TYPES = {"test.const", "test.pass", "test.add", "test.nope"};
    private static final Map<String, String> PARAM = Map.of("test.const", "value", "test.pass", "gain");
    private static final Map<String, int[]> PORTS = Map.of( // {inputs, outputs}
            "test.const", new int[] {0, 1}, "test.pass", new int[] {1, 1}, "test.add", new int[] {2, 2});
    private static final Map<String, float[]> RANGE = Map.of(
            "test.const", new float[] {-1000f, 1000f}, "test.pass", new float[] {-10f, 10f});
    private static final Map<String, Float> DEFAULT = Map.of("test.const", 0f, "test.pass", 1f);

    /** A generated edit: node and edge choices are indices, resolved against the state when applied. */
    record Action(int kind, int a, int b, int c, int d, float value, List<Action> batch) {
        @Override
        public String toString() {
            return kind == 7 ? "batch" + batch : "a" + kind + "(" + a + "," + b + "," + c + "," + d + "," + value + ")";
        }
    }

    /** A concrete edit. Kinds: 0 add, 1 remove, 2 connect, 3 disconnect, 4 connectOutput, 5 setParam. */
    record Op(int kind, String type, long node, int port, long target, int targetPort, float value, float rampMs) {
    }

    /** Thrown inside a batch to roll it back when a sub-edit was (correctly) rejected. */
    static final class Rejected extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private static final int SEQUENCES = 60;

    /** A random edit; about one in seven is a batch of one to six edits. */
    private static Action randomAction(Random r, boolean allowBatch) {
        if (allowBatch && r.nextInt(7) == 0) {
            List<Action> sub = new ArrayList<>();
            for (int i = 1 + r.nextInt(6); i > 0; i--) {
                sub.add(randomAction(r, false));
            }
            return new Action(7, 0, 0, 0, 0, 0f, sub);
        }
        float[] values = {-2000f, -10f, -1f, -0.5f, 0f, 0.25f, 0.5f, 1f, 2f, 11f, Float.NaN};
        // Ports from -1 to 2: -1 is never valid and 2 rarely, so many edits are rejected.
        return new Action(r.nextInt(7), r.nextInt(41), r.nextInt(4) - 1, r.nextInt(41), r.nextInt(4) - 1,
                values[r.nextInt(values.length)], List.of());
    }

    private static List<Action> randomSequence(long seed) {
        Random r = new Random(seed);
        List<Action> actions = new ArrayList<>();
        for (int i = 5 + r.nextInt(56); i > 0; i--) {
            actions.add(randomAction(r, true));
        }
        return actions;
    }

    @TestFactory
    List<DynamicTest> randomEditSequences() {
        List<DynamicTest> tests = new ArrayList<>();
        for (long seed = 1; seed <= SEQUENCES; seed++) {
            long s = seed;
            tests.add(DynamicTest.dynamicTest("seed " + s, () -> concurrentEditsMatchAReferenceModelAndRenderLikeAFreshBuild(randomSequence(s))));
        }
        return tests;
    }

    private static void concurrentEditsMatchAReferenceModelAndRenderLikeAFreshBuild(List<Action> actions)
            throws Exception {
        Engine engine = TestNodes.engine().build();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> rtFailure = new AtomicReference<>();
        Thread rt = new Thread(() -> {
            float[][] host = new float[2][64];
            try {
                while (!stop.get()) {
                    engine.process(host);
                }
            } catch (Throwable t) {
                rtFailure.set(t);
            }
        }, "aether-rt-property");
        rt.start();
        Model model = new Model();
        try {
            for (Action action : actions) {
                Snapshot before = Snapshot.of(engine);
                if (action.kind() == 7) {
                    Model local = model.copy();
                    try {
                        engine.batch(e -> {
                            for (Action sub : action.batch()) {
                                if (!step(e, local, sub)) {
                                    throw new Rejected();
                                }
                            }
                        });
                        model = local;
                    } catch (Rejected rolledBack) {
                        assertEquals(before, Snapshot.of(engine), "a rolled-back batch changed the engine: " + action);
                    }
                } else if (!step(engine, model, action)) {
                    assertEquals(before, Snapshot.of(engine), "a rejected edit changed the engine: " + action);
                }
                assertEquals(model.snapshot(), Snapshot.of(engine), "after " + action);
            }
        } finally {
            stop.set(true);
            rt.join();
        }
        if (rtFailure.get() != null) {
            throw new AssertionError("the RT thread failed", rtFailure.get());
        }
        assertEquals(0, engine.stats().faults());

        // Let every command land and every ramp finish, then compare with a fresh build.
        float[][] live = settleAndRender(engine);
        float[][] rebuilt = settleAndRender(model.build());
        for (int ch = 0; ch < 2; ch++) {
            assertArrayEquals(rebuilt[ch], live[ch], "channel " + ch);
        }
    }

    private static float[][] settleAndRender(Engine e) {
        OfflineRenderer.renderToArrays(e, 64 * 64, null);
        return OfflineRenderer.renderToArrays(e, 256, null);
    }

    /**
     * Resolves the action against the model, asks the model whether it must be accepted,
     * applies it to the engine and checks both agree; commits to the model if accepted.
     */
    private static boolean step(Engine engine, Model model, Action action) {
        Op op = model.resolve(action);
        boolean expected = model.accepts(op);
        long added = 0;
        boolean accepted;
        while (true) {
            try {
                added = apply(engine, op);
                accepted = true;
                break;
            } catch (CommandQueueFullException full) {
                Thread.onSpinWait(); // transient, and nothing changed: try again
            } catch (GraphException | IllegalArgumentException rejected) {
                accepted = false;
                break;
            }
        }
        assertEquals(expected, accepted, op + " with model " + model);
        if (accepted) {
            model.commit(op, added);
        }
        return accepted;
    }

    private static long apply(Engine e, Op op) {
        switch (op.kind()) {
            case 0 -> {
                return e.add(op.type());
            }
            case 1 -> e.remove(op.node());
            case 2 -> e.connect(op.node(), op.port(), op.target(), op.targetPort());
            case 3 -> e.disconnect(op.node(), op.port(), op.target(), op.targetPort());
            case 4 -> e.connectOutput(op.node(), op.port(), op.targetPort());
            default -> e.setParam(op.node(), op.type(), op.value(), op.rampMs());
        }
        return 0;
    }

    /** The engine's observable graph. */
    record Snapshot(List<Long> nodes, Set<Edge> edges, List<HostOutput> outputs, Map<Long, Float> params) {
        static Snapshot of(Engine engine) {
            List<Long> nodes = new ArrayList<>();
            Map<Long, Float> params = new HashMap<>();
            for (long h : engine.nodes()) {
                nodes.add(h);
                String p = PARAM.get(engine.typeOf(h));
                if (p != null) {
                    params.put(h, engine.getParamTarget(h, p));
                }
            }
            nodes.sort(null);
            return new Snapshot(nodes, new HashSet<>(engine.connections()), engine.hostOutputs(), params);
        }
    }

    /** The reference: plain collections and no cleverness. */
    static final class Model {
        final LinkedHashMap<Long, String> nodes = new LinkedHashMap<>();
        final LinkedHashSet<Edge> edges = new LinkedHashSet<>();
        final List<HostOutput> outputs = new ArrayList<>();
        final Map<Long, Float> params = new HashMap<>();
        final List<Long> removed = new ArrayList<>();

        Model copy() {
            Model c = new Model();
            c.nodes.putAll(nodes);
            c.edges.addAll(edges);
            c.outputs.addAll(outputs);
            c.params.putAll(params);
            c.removed.addAll(removed);
            return c;
        }

        private long node(int index) {
            return nodes.isEmpty() ? 0L : new ArrayList<>(nodes.keySet()).get(index % nodes.size());
        }

        Op resolve(Action a) {
            return switch (a.kind()) {
                case 0 -> new Op(0, TYPES[a.a() % TYPES.length], 0, 0, 0, 0, 0, 0);
                case 1 -> new Op(1, null, node(a.a()), 0, 0, 0, 0, 0);
                case 2 -> new Op(2, null, node(a.a()), a.b(), node(a.c()), a.d(), 0, 0);
                case 3 -> {
                    if (edges.isEmpty()) {
                        yield new Op(3, null, node(a.a()), 0, node(a.c()), 0, 0, 0);
                    }
                    Edge e = new ArrayList<>(edges).get(a.a() % edges.size());
                    yield new Op(3, null, e.source(), e.sourcePort(), e.target(), e.targetPort(), 0, 0);
                }
                case 4 -> new Op(4, null, node(a.a()), a.b(), 0, Math.floorMod(a.c(), 3), 0, 0);
                case 5 -> {
                    long h = node(a.a());
                    String type = nodes.get(h);
                    String p = type == null ? null : PARAM.get(type);
                    yield new Op(5, p == null ? "gain" : p, h, 0, 0, 0, a.value(), Math.floorMod(a.d(), 3) * 10f);
                }
                default -> new Op(1, null, removed.isEmpty() ? 0L : removed.get(removed.size() - 1), 0, 0, 0, 0, 0);
            };
        }

        boolean accepts(Op op) {
            String type = nodes.get(op.node());
            return switch (op.kind()) {
                case 0 -> PORTS.containsKey(op.type());
                case 1 -> type != null;
                case 2 -> {
                    String target = nodes.get(op.target());
                    yield type != null && target != null
                            && op.port() >= 0 && op.port() < PORTS.get(type)[1]
                            && op.targetPort() >= 0 && op.targetPort() < PORTS.get(target)[0]
                            && !edges.contains(edge(op)) && !reaches(op.target(), op.node());
                }
                case 3 -> edges.contains(edge(op));
                case 4 -> type != null && op.port() >= 0 && op.port() < PORTS.get(type)[1] && op.targetPort() < 2
                        && !outputs.contains(new HostOutput(op.node(), op.port(), op.targetPort()));
                default -> type != null && PARAM.containsKey(type)
                        && op.value() >= RANGE.get(type)[0] && op.value() <= RANGE.get(type)[1];
            };
        }

        void commit(Op op, long added) {
            switch (op.kind()) {
                case 0 -> {
                    nodes.put(added, op.type());
                    if (DEFAULT.containsKey(op.type())) {
                        params.put(added, DEFAULT.get(op.type()));
                    }
                }
                case 1 -> {
                    long h = op.node();
                    nodes.remove(h);
                    params.remove(h);
                    edges.removeIf(e -> e.source() == h || e.target() == h);
                    outputs.removeIf(o -> o.node() == h);
                    removed.add(h);
                }
                case 2 -> edges.add(edge(op));
                case 3 -> edges.remove(edge(op));
                case 4 -> outputs.add(new HostOutput(op.node(), op.port(), op.targetPort()));
                default -> params.put(op.node(), op.value());
            }
        }

        private static Edge edge(Op op) {
            return new Edge(op.node(), op.port(), op.target(), op.targetPort());
        }

        private boolean reaches(long from, long to) {
            if (from == to) {
                return true;
            }
            for (Edge e : edges) {
                if (e.source() == from && reaches(e.target(), to)) {
                    return true;
                }
            }
            return false;
        }

        Snapshot snapshot() {
            List<Long> sorted = new ArrayList<>(nodes.keySet());
            sorted.sort(null);
            return new Snapshot(sorted, new HashSet<>(edges), outputs, params);
        }

        /** The same patch built from scratch, in the model's order (so fan-in sums add in the same order). */
        Engine build() {
            Engine e = TestNodes.engine().build();
            Map<Long, Long> map = new HashMap<>();
            for (Map.Entry<Long, String> n : nodes.entrySet()) {
                long h = e.add(n.getValue());
                map.put(n.getKey(), h);
                if (params.containsKey(n.getKey())) {
                    e.setParam(h, PARAM.get(n.getValue()), params.get(n.getKey()), 0f);
                }
            }
            for (Edge edge : edges) {
                e.connect(map.get(edge.source()), edge.sourcePort(), map.get(edge.target()), edge.targetPort());
            }
            for (HostOutput o : outputs) {
                e.connectOutput(map.get(o.node()), o.port(), o.channel());
            }
            return e;
        }

        @Override
        public String toString() {
            return nodes + " " + edges + " " + outputs;
        }
    }
}
