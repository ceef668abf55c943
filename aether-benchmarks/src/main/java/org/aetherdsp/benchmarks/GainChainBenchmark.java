package org.aetherdsp.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.FaultReport;
import org.aetherdsp.nodes.std.Gain;
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
 * A constant source through 1000 chained {@code std.gain} nodes, against the same
 * arithmetic as a plain Java loop (1000 passes of {@code out[i] = in[i] * g} over two
 * alternating 64-float arrays). The ratio of the two is the engine's overhead per node on
 * real DSP.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class GainChainBenchmark {

    static final int BLOCK = 64;
    static final int GAINS = 1000;
    /** 0.999^1000 is about 0.37: the signal stays a normal float all along the chain. */
    static final float G = 0.999f;

    private Engine engine;
    private final float[][] host = new float[2][BLOCK];
    private final float[] a = new float[BLOCK];
    private final float[] b = new float[BLOCK];
    /** Stored in a field so the JIT cannot fold the gain into the baseline loop. */
    private float g = G;

    @Setup(Level.Trial)
    public void setUp() {
        engine = Engine.builder()
                .nodeType(BenchNodeTypes.CONST)
                .sampleRate(48_000)
                .blockSize(BLOCK)
                .outputChannels(2)
                .initialNodeCapacity(GAINS + 1)
                // 1000 parameter changes plus one plan swap in flight at once.
                .commandCapacity(2048)
                .maxCommandsPerBlock(2048)
                .build();
        engine.batch(e -> {
            long previous = e.add(BenchNodeTypes.CONST.id());
            for (int i = 0; i < GAINS; i++) {
                long gain = e.add(Gain.TYPE_ID);
                e.setParam(gain, "gain", G, 0f);
                e.connect(previous, 0, gain, Gain.IN);
                previous = gain;
            }
            e.connectOutput(previous, Gain.OUT, 0);
        });
        engine.process(host);
        float expected = plainJavaLoop()[0];
        engine.process(host);
        for (int i = 0; i < BLOCK; i++) {
            if (Float.compare(host[0][i], expected) != 0) {
                throw new IllegalStateException("engine wrote " + host[0][i] + " at frame " + i
                        + ", the plain loop " + expected + ": the chain is not what it should be");
            }
        }
        List<FaultReport> faults = engine.drainFaults();
        if (!faults.isEmpty()) {
            throw new IllegalStateException("a node faulted: " + faults);
        }
    }

    /** One block through the engine: the constant node and 1000 gains. */
    @Benchmark
    public float[][] engineChain() {
        engine.process(host);
        return host;
    }

    /** The same block as plain Java: fill a constant, then 1000 gain passes, ping-ponging two arrays. */
    @Benchmark
    public float[] plainJavaLoop() {
        float[] in = a;
        float[] out = b;
        Arrays.fill(in, BenchNodeTypes.CONST_VALUE);
        final float gain = g;
        for (int pass = 0; pass < GAINS; pass++) {
            for (int i = 0; i < BLOCK; i++) {
                out[i] = in[i] * gain;
            }
            float[] t = in;
            in = out;
            out = t;
        }
        return in;
    }
}
