package org.aetherdsp.benchmarks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.GraphSnapshot;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.NodeType;
import org.aetherdsp.api.ParamBlock;
import org.aetherdsp.api.ParamSpec;
import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.api.StateBlob;
import org.aetherdsp.api.StateReader;
import org.aetherdsp.api.StateWriter;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.state.kryo.KryoSnapshotCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A 1000-node patch (two params and a 64-byte state per node, 999 connections in a chain)
 * through the Kryo codec, and restored into an engine. {@link #restore} builds a fresh
 * engine each time (restoring adds nodes, so the engine cannot be reused); {@link #freshEngine}
 * is that part alone, to subtract.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class SnapshotBenchmark {

    static final int NODES = 1000;
    static final int STATE_BYTES = 64;

    /** {@code bench.stateful}: one input, one output, params {@code a} and {@code b}, 16 floats of state. */
    static final NodeType STATEFUL = NodeType.of("bench.stateful",
            NodeDescriptor.builder("Stateful")
                    .input("in").output("out")
                    .param(ParamSpec.of("a", -1e6f, 1e6f, 0f, "", 0f))
                    .param(ParamSpec.of("b", -1e6f, 1e6f, 0f, "", 0f))
                    .build(),
            Stateful::new);

    private final KryoSnapshotCodec codec = new KryoSnapshotCodec();
    private GraphSnapshot snapshot;
    private byte[] encoded;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        List<GraphSnapshot.NodeSnapshot> nodes = new ArrayList<>(NODES);
        List<GraphSnapshot.Connection> connections = new ArrayList<>(NODES - 1);
        for (int i = 0; i < NODES; i++) {
            Map<String, Float> params = new LinkedHashMap<>();
            params.put("a", i * 0.5f);
            params.put("b", -i * 0.25f);
            byte[] state = new byte[STATE_BYTES];
            for (int j = 0; j < STATE_BYTES; j++) {
                state[j] = (byte) (i + j);
            }
            nodes.add(new GraphSnapshot.NodeSnapshot("n" + i, STATEFUL.id(), params, new StateBlob(STATEFUL.id(), 1, state)));
            if (i > 0) {
                connections.add(new GraphSnapshot.Connection("n" + (i - 1), 0, "n" + i, 0));
            }
        }
        snapshot = new GraphSnapshot(48_000f, 64, 2, 0, nodes, connections,
                List.of(new GraphSnapshot.Output("n" + (NODES - 1), 0, 0)));
        encoded = codec.encode(snapshot);
        if (!codec.decode(encoded).equals(snapshot)) {
            throw new IllegalStateException("the snapshot does not round-trip");
        }
        Map<String, Long> handles = freshEngine().restore(snapshot);
        if (handles.size() != NODES) {
            throw new IllegalStateException("restored " + handles.size() + " nodes");
        }
    }

    /** @return the encoding, about 100 KB */
    @Benchmark
    public byte[] encode() throws IOException {
        return codec.encode(snapshot);
    }

    @Benchmark
    public GraphSnapshot decode() throws IOException {
        return codec.decode(encoded);
    }

    /** Builds an engine and restores the patch into it: every node created, prepared, given params and state. */
    @Benchmark
    public Engine restore() {
        Engine engine = freshEngine();
        engine.restore(snapshot);
        return engine;
    }

    /** The engine alone, the part of {@link #restore} that is not restoring. */
    @Benchmark
    public Engine freshEngine() {
        return Engine.builder()
                .nodeType(STATEFUL)
                .discoverNodeTypes(false)
                .sampleRate(48_000)
                .blockSize(64)
                .outputChannels(2)
                .initialNodeCapacity(NODES)
                .commandCapacity(4096)
                .maxCommandsPerBlock(4096)
                .build();
    }

    private static final class Stateful implements DspNode {
        private final float[] state = new float[STATE_BYTES / Float.BYTES];

        @Override
        public void process(float[][] inputs, float[][] outputs, ParamBlock params, ProcessContext context) {
            System.arraycopy(inputs[0], 0, outputs[0], 0, context.blockSize());
        }

        @Override
        public int stateSize() {
            return STATE_BYTES;
        }

        @Override
        public void saveState(StateWriter out) {
            out.writeFloats(state, 0, state.length);
        }

        @Override
        public void loadState(StateReader in, int version) {
            in.readFloats(state, 0, state.length);
        }
    }
}
