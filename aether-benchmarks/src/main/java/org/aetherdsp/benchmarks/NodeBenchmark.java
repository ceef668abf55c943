package org.aetherdsp.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.NodeType;
import org.aetherdsp.core.param.SmoothedParams;
import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.core.engine.NodeRegistry;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * One 64-frame block of one standard node, driven as the engine drives it: {@code process}
 * with noise on every input and default parameters, then the parameters advanced. The cost
 * of a node per block, to compare against the 1,333,333 ns deadline at 48 kHz.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Thread)
public class NodeBenchmark {

    static final int FRAMES = 64;

    @Param({"std.osc.sine", "std.osc.saw", "std.osc.square", "std.osc.triangle", "std.noise", "std.lfo",
        "std.karplus", "std.sampler", "std.adsr", "std.seq", "std.filter.svf", "std.filter.biquad",
        "std.filter.ladder", "std.filter.formant", "std.delay", "std.chorus", "std.reverb", "std.compressor",
        "std.waveshaper", "std.granular", "std.gain", "std.mix", "std.pan", "std.meter", "std.record"})
    public String type;

    private DspNode node;
    private SmoothedParams params;
    private float[][] inputs;
    private float[][] outputs;
    private final ProcessContext context = ProcessContext.of(48_000f, FRAMES, 0);

    @Setup
    public void setUp() {
        NodeType t = NodeRegistry.load().require(type);
        node = t.create();
        node.prepare(context);
        params = new SmoothedParams(t.descriptor());
        inputs = new float[t.descriptor().inputCount()][FRAMES];
        outputs = new float[t.descriptor().outputCount()][FRAMES];
        SplittableRandom random = new SplittableRandom(1);
        for (float[] in : inputs) {
            for (int i = 0; i < FRAMES; i++) {
                in[i] = (float) (random.nextDouble() * 2 - 1);
            }
        }
    }

    @Benchmark
    public float[][] processOneBlock() {
        node.process(inputs, outputs, params, context);
        params.advance(FRAMES);
        return outputs;
    }
}
