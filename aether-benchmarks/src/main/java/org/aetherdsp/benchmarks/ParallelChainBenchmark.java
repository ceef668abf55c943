package org.aetherdsp.benchmarks;

import java.util.concurrent.TimeUnit;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.nodes.std.Gain;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A patch with nothing to run side by side, on one worker and on two: 1000 chained
 * {@code bench.noop} nodes (the scheduler alone) or a {@code bench.const} into 1000 chained
 * {@code std.gain} nodes. With two workers the plan compiles serially and the helper stays
 * idle; this measures what the option costs when it cannot help.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class ParallelChainBenchmark {

    static final int BLOCK = 64;
    static final int NODES = 1000;

    @Param({"1", "2"})
    int workers;

    @Param({"noop", "gain"})
    String chain;

    private Engine engine;
    private final float[][] host = new float[2][BLOCK];

    @Setup(Level.Trial)
    public void setUp() {
        boolean gain = chain.equals("gain");
        engine = Engine.builder().discoverNodeTypes(gain)
                .nodeType(BenchNodeTypes.NOOP).nodeType(BenchNodeTypes.CONST)
                .sampleRate(48_000).blockSize(BLOCK).outputChannels(2)
                .initialNodeCapacity(NODES + 1).commandCapacity(2048).maxCommandsPerBlock(2048)
                .workers(workers).build();
        engine.batch(e -> {
            long previous = e.add(gain ? BenchNodeTypes.CONST.id() : BenchNodeTypes.NOOP.id());
            for (int i = 0; i < NODES; i++) {
                long next = e.add(gain ? Gain.TYPE_ID : BenchNodeTypes.NOOP.id());
                if (gain) {
                    e.setParam(next, "gain", GainChainBenchmark.G, 0f);
                }
                e.connect(previous, 0, next, 0);
                previous = next;
            }
            e.connectOutput(previous, 0, 0);
        });
        engine.process(host);
        if (engine.latestPlan().size() != NODES + 1 || engine.latestPlan().clusterCount() != 0) {
            throw new IllegalStateException("expected a serial plan of " + (NODES + 1) + " nodes, got "
                    + engine.latestPlan().size() + " nodes in " + engine.latestPlan().clusterCount() + " clusters");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
    }

    /** One 64-frame block through the chain. */
    @Benchmark
    public float[][] block() {
        engine.process(host);
        return host;
    }
}
