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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A wide patch of real standard nodes, on one worker and on two: 32 voices of 16 nodes each
 * (a saw, an LFO sweeping an SVF's cutoff, six biquads, four gains, a delay, a meter and a pan),
 * every voice panned to both host channels. About 8 us of DSP per voice and block on a quiet
 * core, so the whole patch is well inside the 1.33 ms deadline on one core. Nothing connects one voice
 * to another, so with two workers each voice is one cluster and the two threads share 32
 * clusters; the host sum is the only serial part.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class WidePatchBenchmark {

    static final int BLOCK = 64;
    static final int VOICES = 32;
    /** Node types of one voice after the saw and the LFO, in chain order. */
    static final String[] CHAIN = {"std.filter.svf", "std.filter.biquad", "std.gain", "std.filter.biquad", "std.delay",
        "std.filter.biquad", "std.gain", "std.filter.biquad", "std.meter", "std.filter.biquad", "std.gain",
        "std.filter.biquad", "std.gain", "std.pan"};
    /** The chain's position of the SVF, whose cutoff the LFO modulates (in octaves). */
    static final int SWEPT = 0;

    @Param({"1", "2"})
    int workers;

    private Engine engine;
    private final float[][] host = new float[2][BLOCK];

    @Setup(Level.Trial)
    public void setUp() {
        engine = Engine.builder().sampleRate(48_000).blockSize(BLOCK).outputChannels(2)
                .initialNodeCapacity(VOICES * (CHAIN.length + 2)).commandCapacity(4096).maxCommandsPerBlock(4096)
                .workers(workers).build();
        engine.batch(e -> {
            for (int v = 0; v < VOICES; v++) {
                long saw = e.add("std.osc.saw");
                e.setParam(saw, "freq", 55f * (1 + v % 12), 0f);
                long lfo = e.add("std.lfo");
                e.setParam(lfo, "rate", 0.2f + v * 0.05f, 0f);
                e.setParam(lfo, "depth", 1f, 0f);
                long previous = saw;
                for (int k = 0; k < CHAIN.length; k++) {
                    long node = e.add(CHAIN[k]);
                    e.connect(previous, 0, node, 0);
                    if (k == SWEPT) {
                        e.connect(lfo, 0, node, 1);
                    }
                    previous = node;
                }
                e.setParam(previous, "pan", (v % 9 - 4) / 4f, 0f);
                e.connectOutput(previous, 0, 0);
                e.connectOutput(previous, 1, 1);
            }
        });
        engine.process(host);
        int expected = workers > 1 ? VOICES : 0;
        if (engine.latestPlan().size() != VOICES * (CHAIN.length + 2) || engine.latestPlan().clusterCount() != expected) {
            throw new IllegalStateException("plan has " + engine.latestPlan().size() + " nodes in "
                    + engine.latestPlan().clusterCount() + " clusters, expected " + expected);
        }
        for (int b = 0; b < 100; b++) {
            engine.process(host);
        }
        if (!engine.drainFaults().isEmpty() || engine.stats().nonFiniteSamples() != 0) {
            throw new IllegalStateException("the patch faulted or produced non-finite samples");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        // (No printing here: JMH's gc profiler counts this teardown in the last iteration.)
        if (workers > 1 && engine.helperClusters() == 0) {
            throw new IllegalStateException("the helper never ran a cluster: two workers were not measured");
        }
        engine.close();
    }

    /** @return the engine under test (for {@link HelperIdleCost}) */
    Engine engine() {
        return engine;
    }

    /** One 64-frame block of the whole patch. */
    @Benchmark
    public float[][] block() {
        engine.process(host);
        return host;
    }
}
