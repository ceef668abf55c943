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
 * What a feedback connection costs per block: {@value #PAIRS} pairs of {@code std.gain} nodes,
 * the first of each pair feeding the second through an ordinary connection, a feedback
 * connection, or not at all (the second reads silence). The feedback case differs from the
 * ordinary one by the end-of-block copy into the line (one block of floats, with the
 * non-finite check) and by the source buffer kept to the end of the block; so
 * {@code (feedback - ordinary) / PAIRS} is the cost of one feedback connection.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class FeedbackBenchmark {

    static final int BLOCK = 64;
    static final int PAIRS = 16;

    @Param({"none", "ordinary", "feedback"})
    String connection;

    private Engine engine;
    private final float[][] host = new float[2][BLOCK];

    @Setup(Level.Trial)
    public void setUp() {
        engine = Engine.builder().sampleRate(48_000).blockSize(BLOCK).outputChannels(2).build();
        engine.batch(e -> {
            for (int i = 0; i < PAIRS; i++) {
                long a = e.add("std.gain");
                long b = e.add("std.gain");
                if (connection.equals("ordinary")) {
                    e.connect(a, 0, b, 0);
                } else if (connection.equals("feedback")) {
                    e.connectFeedback(a, 0, b, 0);
                }
                e.connectOutput(b, 0, i & 1);
            }
        });
        long expected = connection.equals("none") ? 0 : PAIRS;
        if (engine.connections().size() != expected) {
            throw new IllegalStateException("expected " + expected + " connections, got " + engine.connections().size());
        }
        engine.process(host);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
    }

    /** One block of {@value #PAIRS} pairs. */
    @Benchmark
    public float[][] block() {
        engine.process(host);
        return host;
    }
}
