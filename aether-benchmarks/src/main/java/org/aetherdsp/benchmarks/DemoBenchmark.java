package org.aetherdsp.benchmarks;

import java.util.concurrent.TimeUnit;
import org.aetherdsp.cli.DemoPatch;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.OfflineRenderer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One block of the built-in demo (30 std nodes: saws, ladders, sequencer, ADSR, compressor,
 * plucked strings, chorus, reverb), with its score running, as {@code aether render} plays it.
 * The budget is 10% of the 1,333,333 ns deadline.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class DemoBenchmark {

    private Engine engine;
    private OfflineRenderer.BlockListener score;
    private final float[][] host = new float[2][64];
    private long frame;

    @Setup
    public void setUp() {
        engine = Engine.builder().build();
        DemoPatch demo = DemoPatch.build(engine);
        score = demo.automation(Long.MAX_VALUE / 2); // never fades out
    }

    @Benchmark
    public float[][] demoBlock() {
        score.beforeBlock(engine, frame);
        engine.process(host);
        frame += 64;
        return host;
    }
}
