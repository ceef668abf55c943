package org.aetherdsp.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.aetherdsp.api.GraphSnapshot;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.NodeRegistry;
import org.aetherdsp.core.engine.OfflineRenderer;
import org.aetherdsp.state.json.JsonPatchCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * Batch processing throughput, as {@code aether render PATCH --input DIR --jobs N} runs it
 * without the WAV files: one operation processes 8 "files" (2 s of stereo noise each) through
 * {@code examples/patches/vocal-chain.json}, each on a fresh engine, on {@code jobs} threads.
 * Throughput of 2 jobs against 1 = time(1) / time(2).
 *
 * <p>Ten warm-up iterations, not three: with both cores running jobs, the JIT's compiler
 * threads get less time, and with three the two-job iterations were still getting faster
 * through the measured ones (128, 147, 112, 106, 101 ms in one fork), which understated the
 * second job.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class BatchBenchmark {

    private static final int FILES = 8;
    private static final int FRAMES = 2 * 48_000;

    @Param({"1", "2"})
    public int jobs;

    private GraphSnapshot patch;
    private NodeRegistry registry;
    private float[][][] files;
    private ExecutorService pool;

    @Setup
    public void setUp() throws IOException {
        registry = NodeRegistry.load();
        Path file = Path.of("examples/patches/vocal-chain.json");
        if (!Files.exists(file)) {
            file = Path.of("../examples/patches/vocal-chain.json");
        }
        patch = new JsonPatchCodec(registry).decode(Files.readAllBytes(file));
        SplittableRandom rnd = new SplittableRandom(15);
        files = new float[FILES][1][FRAMES];
        for (float[][] f : files) {
            for (int i = 0; i < FRAMES; i++) {
                f[0][i] = (float) ((rnd.nextDouble() - 0.5) * 0.5);
            }
        }
        pool = Executors.newFixedThreadPool(jobs);
    }

    @TearDown
    public void tearDown() {
        pool.shutdownNow();
    }

    @Benchmark
    public double batch() throws Exception {
        List<Future<Double>> done = new ArrayList<>();
        for (float[][] f : files) {
            done.add(pool.submit(() -> one(f)));
        }
        double sum = 0;
        for (Future<Double> d : done) {
            sum += d.get();
        }
        return sum;
    }

    private double one(float[][] input) throws IOException {
        try (Engine e = Engine.builder().registry(registry).startingFrom(patch).build()) {
            e.restore(patch);
            double[] acc = {0};
            OfflineRenderer.process(e, input, FRAMES, 0, null, (block, n) -> acc[0] += block[0][n - 1]);
            return acc[0];
        }
    }
}
