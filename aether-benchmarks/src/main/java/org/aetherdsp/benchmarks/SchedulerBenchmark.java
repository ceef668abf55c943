package org.aetherdsp.benchmarks;

import java.util.concurrent.TimeUnit;
import org.aetherdsp.core.engine.Engine;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine's per-block cost with no DSP in it: a chain of {@code bench.noop} nodes, so
 * what is measured is the scheduler (command poll, plan walk, silence, parameter advance,
 * host write, block timing). Answers aetherdsp-core's "scheduler, 1000 no-op nodes: under
 * 100 us".
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class SchedulerBenchmark {

    static final int BLOCK = 64;

    @Param({"1", "10", "100", "1000"})
    int nodes;

    private Engine engine;
    private final float[][] host = new float[2][BLOCK];

    @Setup(Level.Trial)
    public void setUp() {
        engine = Engine.builder()
                .discoverNodeTypes(false)
                .nodeType(BenchNodeTypes.NOOP)
                .sampleRate(48_000)
                .blockSize(BLOCK)
                .outputChannels(2)
                .initialNodeCapacity(nodes)
                .build();
        engine.batch(e -> {
            long previous = e.add(BenchNodeTypes.NOOP.id());
            for (int i = 1; i < nodes; i++) {
                long next = e.add(BenchNodeTypes.NOOP.id());
                e.connect(previous, 0, next, 0);
                previous = next;
            }
            e.connectOutput(previous, 0, 0);
        });
        if (engine.latestPlan().size() != nodes) {
            throw new IllegalStateException("plan has " + engine.latestPlan().size() + " nodes, expected " + nodes);
        }
        // The first block takes the plan swap off the command ring.
        engine.process(host);
        if (engine.stats().commandsApplied() != 1) {
            throw new IllegalStateException("expected exactly one plan swap applied, got " + engine.stats().commandsApplied());
        }
    }

    /** One block through {@code nodes} chained no-op nodes. */
    @Benchmark
    public float[][] chain() {
        engine.process(host);
        return host;
    }
}
