package org.aetherdsp.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.NodeProvider;
import org.aetherdsp.api.NodeType;
import org.aetherdsp.api.ParamBlock;
import org.aetherdsp.api.ParamSpec;
import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.api.StateReader;
import org.aetherdsp.api.StateWriter;
import org.aetherdsp.core.arena.Arena;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.graph.DuplicateConnectionException;

/**
 * Node types and random graphs for comparing one worker with several. The nodes keep state
 * from block to block and mix their inputs non-linearly, so that running a node twice, in the
 * wrong block, on a half-written buffer or with fan-in sums in another order changes the output.
 */
final class ParallelTestGraphs {

    /** out0 = tanh(a + 0.5 b + state), out1 = a * k - b; state follows out0. Param {@code k}. */
    static final NodeType STATE = NodeType.of("ptest.state",
            NodeDescriptor.builder("Stateful mix").input("a").input("b").output("mix").output("diff")
                    .param(ParamSpec.of("k", -2f, 2f, 0.5f, "", 0f)).build(),
            StateNode::new);

    /** out = sin(in * 3 + phase), phase advancing per sample: some real work per node. */
    static final NodeType WORK = NodeType.of("ptest.work",
            NodeDescriptor.builder("Busy oscillator").input("in").output("out")
                    .param(ParamSpec.of("rate", 0f, 0.5f, 0.01f, "", 0f)).build(),
            WorkNode::new);

    private static final NodeProvider PROVIDER = () -> List.of(STATE, WORK);

    private ParallelTestGraphs() {
    }

    /** @return an engine builder that knows the test nodes and these */
    static Engine.Builder engine(int workers) {
        return TestNodes.engine().nodeProvider(PROVIDER).workers(workers);
    }

    /** A node kind with its port counts and its parameter, if any. */
    record Kind(String type, int inputs, int outputs, String param, float min, float max) {
    }

    static final Kind[] KINDS = {
        new Kind("test.const", 0, 1, "value", -1f, 1f),
        new Kind("test.pass", 1, 1, "gain", -2f, 2f),
        new Kind("test.add", 2, 2, null, 0f, 0f),
        new Kind(STATE.id(), 2, 2, "k", -2f, 2f),
        new Kind(WORK.id(), 1, 1, "rate", 0f, 0.5f),
    };

    /**
     * The same random edits applied to several engines at once, so that they hold the same
     * graph with the same handles (up to each engine's tag: {@link #at}).
     */
    static final class Twins {
        final Engine[] engines;
        /** The nodes' handles with tag 0; {@link #at} gives each engine's own. */
        final List<Long> nodes = new ArrayList<>();
        final List<Kind> kinds = new ArrayList<>();
        final Random random;

        Twins(Random random, Engine... engines) {
            this.random = random;
            this.engines = engines;
        }

        /** Builds a random DAG of {@code n} nodes in one batch per engine. */
        void build(int n) {
            long seed = random.nextLong();
            for (Engine engine : engines) {
                Random r = new Random(seed);
                List<Long> handles = new ArrayList<>();
                List<Kind> kindsHere = new ArrayList<>();
                engine.batch(e -> {
                    for (int i = 0; i < n; i++) {
                        Kind k = KINDS[i == 0 ? 0 : r.nextInt(KINDS.length)];
                        long h = e.add(k.type());
                        handles.add(h);
                        kindsHere.add(k);
                        if (k.param() != null) {
                            e.setParam(h, k.param(), k.min() + r.nextFloat() * (k.max() - k.min()), 0f);
                        }
                    }
                    for (int j = 1; j < n; j++) {
                        for (int port = 0; port < kindsHere.get(j).inputs(); port++) {
                            int sources = r.nextInt(3); // 0: silence, 2: fan-in
                            for (int s = 0; s < sources; s++) {
                                // Half the edges from the few nodes just before: chains and width both.
                                int from = r.nextBoolean() ? r.nextInt(j) : Math.max(0, j - 1 - r.nextInt(3));
                                connect(e, handles.get(from), r.nextInt(kindsHere.get(from).outputs()), handles.get(j), port);
                            }
                        }
                    }
                    for (int k = 0; k < 2 + r.nextInt(5); k++) {
                        int at = r.nextInt(n);
                        try {
                            e.connectOutput(handles.get(at), r.nextInt(kindsHere.get(at).outputs()), r.nextInt(2));
                        } catch (DuplicateConnectionException ignored) {
                            // drawn twice: fine
                        }
                    }
                });
                List<Long> untagged = new ArrayList<>();
                for (long h : handles) {
                    untagged.add(untag(h));
                }
                if (nodes.isEmpty()) {
                    nodes.addAll(untagged);
                    kinds.addAll(kindsHere);
                } else if (!nodes.equals(untagged)) {
                    throw new AssertionError("engines handed out different handles");
                }
            }
        }

        /** One random edit, the same on every engine: a ramp, a new edge, a removed edge or node, a new node. */
        void randomEdit() {
            int what = random.nextInt(5);
            int at = random.nextInt(nodes.size());
            long node = nodes.get(at);
            Kind kind = kinds.get(at);
            if (what <= 1 && kind.param() != null) {
                float value = kind.min() + random.nextFloat() * (kind.max() - kind.min());
                float ramp = random.nextInt(3) * 1.5f;
                for (Engine e : engines) {
                    e.setParam(at(e, node), kind.param(), value, ramp);
                }
            } else if (what == 2 && nodes.size() > 3) {
                int to = random.nextInt(nodes.size());
                if (kinds.get(to).inputs() > 0 && to != at) {
                    int port = random.nextInt(kinds.get(to).inputs());
                    int out = random.nextInt(kind.outputs());
                    long target = nodes.get(to);
                    for (Engine e : engines) {
                        try {
                            connect(e, at(e, node), out, at(e, target), port);
                        } catch (org.aetherdsp.core.graph.CycleException ignored) {
                            // refused on every engine alike
                        }
                    }
                }
            } else if (what == 3 && nodes.size() > 3) {
                nodes.remove(at);
                kinds.remove(at);
                for (Engine e : engines) {
                    e.remove(at(e, node));
                }
            } else {
                Kind k = KINDS[random.nextInt(KINDS.length)];
                int from = random.nextInt(nodes.size());
                long source = nodes.get(from);
                int out = random.nextInt(kinds.get(from).outputs());
                int channel = random.nextInt(2);
                long added = -1;
                for (Engine e : engines) {
                    long h = e.add(k.type());
                    if (added != -1 && untag(h) != added) {
                        throw new AssertionError("engines handed out different handles");
                    }
                    added = untag(h);
                    if (k.inputs() > 0) {
                        e.connect(at(e, source), out, h, 0);
                    }
                    e.connectOutput(h, 0, channel);
                }
                nodes.add(added);
                kinds.add(k);
            }
        }

        /**
         * A handle without its engine's generation range (the top 12 bits of the generation): equal
         * across engines that made the same edits.
         */
        static long untag(long handle) {
            return handle & ~(0xfffL << 52);
        }

        /** The handle {@code engine} issued for an untagged one: its tag put back. */
        static long at(Engine engine, long untagged) {
            for (long h : engine.nodes()) {
                if (untag(h) == untagged) {
                    return h;
                }
            }
            throw new AssertionError("no node " + Arena.format(untagged) + " in the engine");
        }

        private static void connect(Engine e, long source, int sourcePort, long target, int targetPort) {
            try {
                e.connect(source, sourcePort, target, targetPort);
            } catch (DuplicateConnectionException ignored) {
                // drawn twice: fine
            }
        }
    }

    private static final class StateNode implements DspNode {
        private float state;

        @Override
        public void process(float[][] in, float[][] out, ParamBlock p, ProcessContext ctx) {
            float[] a = in[0];
            float[] b = in[1];
            for (int i = 0; i < ctx.blockSize(); i++) {
                float k = p.get(0).valueAt(i);
                float mix = (float) Math.tanh(a[i] + 0.5f * b[i] + state);
                out[0][i] = mix;
                out[1][i] = a[i] * k - b[i];
                state = 0.9f * state + 0.1f * mix;
            }
        }

        @Override
        public int stateSize() {
            return 4;
        }

        @Override
        public void saveState(StateWriter w) {
            w.writeFloat(state);
        }

        @Override
        public void loadState(StateReader r, int version) {
            state = r.readFloat();
        }

        @Override
        public void reset() {
            state = 0f;
        }
    }

    private static final class WorkNode implements DspNode {
        private double phase;

        @Override
        public void process(float[][] in, float[][] out, ParamBlock p, ProcessContext ctx) {
            float rate = p.get(0).value();
            for (int i = 0; i < ctx.blockSize(); i++) {
                out[0][i] = (float) Math.sin(in[0][i] * 3.0 + phase);
                phase += rate;
                if (phase > Math.PI) {
                    phase -= 2 * Math.PI;
                }
            }
        }

        @Override
        public int stateSize() {
            return 8;
        }

        @Override
        public void saveState(StateWriter w) {
            w.writeDouble(phase);
        }

        @Override
        public void loadState(StateReader r, int version) {
            phase = r.readDouble();
        }

        @Override
        public void reset() {
            phase = 0;
        }
    }
}
