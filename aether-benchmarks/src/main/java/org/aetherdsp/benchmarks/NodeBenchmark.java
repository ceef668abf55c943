package org.aetherdsp.benchmarks;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.NodeType;
import org.aetherdsp.api.ParamSpec;
import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.core.engine.NodeRegistry;
import org.aetherdsp.core.param.SmoothedParam;
import org.aetherdsp.core.param.SmoothedParams;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One 64-frame block of one standard node, driven as the engine drives it ({@code process},
 * then the parameters advanced), in two cases. The score is per sample: ns per block / 64.
 * <ul>
 *   <li>{@code common}: the signal inputs on full-scale noise and the modulation inputs
 *       ({@code fm}, {@code pm}, {@code cutoff_mod}, {@code sidechain}, {@code sync},
 *       {@code excite}) unconnected, as the engine reports an input with no source (so the node
 *       may take its fast path); parameters settled at their defaults.</li>
 *   <li>{@code modulated}: every input on noise and reported connected, and every smoothed
 *       parameter ramping all the time (a new 2,000-frame ramp between 30% and 70% of its range
 *       every 16 blocks), so the node takes its general, per-frame path.</li>
 *   <li>{@code glide}: inputs as in {@code common}, and every smoothed parameter gliding back
 *       and forth between its default and 0.1% of its range above it (the same ramps as
 *       {@code modulated}): gentle automation, such as a saw's 440 to 460 Hz.</li>
 * </ul>
 * The per-node cost against the 1,333,333 ns deadline of a block at 48 kHz, and against the
 * plain loops of {@link PlainLoopBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(2)
@State(Scope.Thread)
public class NodeBenchmark {

    static final int FRAMES = 64;
    /** Inputs that carry modulation rather than the signal: unconnected in the common case. */
    static final Set<String> MODULATION_INPUTS = Set.of("fm", "pm", "cutoff_mod", "sidechain", "sync", "excite");
    private static final int RETARGET_EVERY = 16;
    private static final int RAMP_FRAMES = 2_000;

    @Param({"std.osc.sine", "std.osc.saw", "std.osc.square", "std.osc.triangle", "std.noise", "std.lfo",
        "std.karplus", "std.sampler", "std.adsr", "std.seq", "std.filter.svf", "std.filter.biquad",
        "std.filter.ladder", "std.filter.formant", "std.delay", "std.comb", "std.chorus", "std.reverb", "std.compressor",
        "std.waveshaper", "std.granular", "std.gain", "std.mix", "std.pan", "std.meter", "std.record"})
    public String type;

    @Param({"common", "modulated", "glide"})
    public String load;

    DspNode node;
    private SmoothedParams params;
    float[][] inputs;
    float[][] outputs;
    private ProcessContext context;
    private boolean modulated;
    private boolean ramping;
    private float[] low;
    private float[] high;
    private int block;

    @Setup
    public void setUp() {
        NodeType t = NodeRegistry.load().require(type);
        node = t.create();
        node.prepare(ProcessContext.of(48_000f, FRAMES, 0));
        params = new SmoothedParams(t.descriptor());
        inputs = new float[t.descriptor().inputCount()][FRAMES];
        outputs = new float[t.descriptor().outputCount()][FRAMES];
        modulated = load.equals("modulated");
        boolean glide = load.equals("glide");
        ramping = modulated || glide;
        List<String> names = t.descriptor().inputs();
        boolean[] connected = new boolean[names.size()];
        SplittableRandom random = new SplittableRandom(1);
        for (int p = 0; p < names.size(); p++) {
            connected[p] = modulated || !MODULATION_INPUTS.contains(names.get(p));
            for (int i = 0; i < FRAMES && connected[p]; i++) {
                inputs[p][i] = (float) (random.nextDouble() * 2 - 1);
            }
        }
        context = new WiredContext(48_000f, FRAMES, connected);
        low = new float[params.size()];
        high = new float[params.size()];
        for (int p = 0; p < params.size(); p++) {
            ParamSpec s = params.get(p).spec();
            if (glide) {
                low[p] = s.defaultValue();
                high[p] = Math.min(s.max(), s.defaultValue() + (s.max() - s.min()) * 0.001f);
            } else {
                low[p] = s.min() + (s.max() - s.min()) * 0.3f;
                high[p] = s.min() + (s.max() - s.min()) * 0.7f;
            }
        }
    }

    /** One block, scored per sample. */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public float[][] process() {
        if (ramping && block++ % RETARGET_EVERY == 0) {
            final boolean up = (block / RETARGET_EVERY) % 2 == 0;
            for (int p = 0; p < params.size(); p++) {
                SmoothedParam param = params.get(p);
                if (param.spec().smoothingMs() > 0f) {
                    param.setTarget(up ? high[p] : low[p], RAMP_FRAMES);
                }
            }
        }
        node.process(inputs, outputs, params, context);
        params.advance(FRAMES);
        return outputs;
    }

    /** A block context that reports which inputs have a source, as the engine's per-node context does. */
    static final class WiredContext implements ProcessContext {
        private final float sampleRate;
        private final int blockSize;
        private final boolean[] connected;

        WiredContext(float sampleRate, int blockSize, boolean[] connected) {
            this.sampleRate = sampleRate;
            this.blockSize = blockSize;
            this.connected = connected;
        }

        @Override
        public float sampleRate() {
            return sampleRate;
        }

        @Override
        public int blockSize() {
            return blockSize;
        }

        @Override
        public long samplePosition() {
            return 0;
        }

        @Override
        public boolean isConnected(int inputPort) {
            return inputPort >= 0 && inputPort < connected.length && connected[inputPort];
        }
    }
}
