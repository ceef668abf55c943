package org.aetherdsp.nodes.std;

import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.ParamBlock;
import org.aetherdsp.api.ParamSpec;
import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.api.StateReader;
import org.aetherdsp.api.StateWriter;

/**
 * Feedback comb filter, node type {@value #TYPE_ID}: a loop shorter than a block, closed inside
 * the node, sample by sample.
 * {@code y[n] = in[n] + feedback * z[n]}, {@code z[n] = (1 - damp) * y[n - D] + damp * z[n - 1]},
 * {@code out = y}. With {@code damp} 0 an impulse comes out at once, then every {@code D}
 * samples again, each repeat {@code feedback} times the one before; the response has peaks at
 * multiples of {@code 1 / D} (gain {@code 1 / (1 - feedback)}) and, with negative feedback, at
 * the odd multiples of {@code 1 / 2D}. {@code damp} puts a one-pole low-pass in the loop, so high
 * harmonics die faster (a plucked string, a Freeverb comb).
 *
 * <p>This is the way to get a loop tighter than a block: a feedback connection between nodes
 * ({@code Engine.connectFeedback}) always delays by one whole block, because the engine runs
 * node by node, a block at a time; inside this node the loop is as short as one sample.
 *
 * <p>Ports: input {@code in}, output {@code out}.
 * <p>Parameters:
 * <ul>
 *   <li>{@code time}: the loop delay {@code D}, 0..100 ms, default 5, smoothed over 20 ms.
 *       Fractional delays are read with 4-point Hermite interpolation (exact at whole samples);
 *       the shortest delay is one sample, so 0 ms means one sample;</li>
 *   <li>{@code feedback}: the loop gain, -0.999..0.999, default 0.7, smoothed over 10 ms. With
 *       {@code damp} in [0, 1] the loop's gain stays below 1, so the comb is always stable;</li>
 *   <li>{@code damp}: the in-loop low-pass, 0 (none) .. 1 (the loop holds still), default 0,
 *       smoothed over 10 ms.</li>
 * </ul>
 * The line holds 100 ms at the prepared sample rate, allocated in {@link #prepare}.
 * State: the line, its write position and the low-pass memory (version 1).
 */
public final class Comb implements DspNode {

    /** The stable node type id. */
    public static final String TYPE_ID = "std.comb";

    /** Input port: the signal. */
    public static final int IN = 0;
    /** Output port: the comb's output, the loop signal {@code y}. */
    public static final int OUT = 0;
    /** Parameter: loop delay in ms. */
    public static final int P_TIME = 0;
    /** Parameter: loop gain. */
    public static final int P_FEEDBACK = 1;
    /** Parameter: in-loop low-pass. */
    public static final int P_DAMP = 2;

    /** The longest loop delay, and the top of the {@code time} range. */
    static final float MAX_TIME_MS = 100f;

    /** Port {@code in} to {@code out}; parameters {@code time}, {@code feedback}, {@code damp}. */
    public static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("Comb")
            .input("in")
            .output("out")
            .param(ParamSpec.of("time", 0f, MAX_TIME_MS, 5f, "ms", 20f))
            .param(ParamSpec.of("feedback", -0.999f, 0.999f, 0.7f, "", 10f))
            .param(ParamSpec.of("damp", 0f, 1f, 0f, "", 10f))
            .build();

    private static final int STATE_VERSION = 1;

    private final InterpolatingDelayLine line = new InterpolatingDelayLine();
    private double samplesPerMs;
    /** The low-pass memory {@code z[n - 1]}. */
    private float z;
    private float[] times = new float[0];
    private float[] feedbacks = new float[0];
    private float[] damps = new float[0];

    /** Creates an unprepared node; call {@link #prepare} before {@link #process}. */
    public Comb() {
    }

    @Override
    public void prepare(ProcessContext context) {
        samplesPerMs = context.sampleRate() / 1000.0;
        line.allocate((int) Math.ceil(MAX_TIME_MS * samplesPerMs));
        final int n = context.blockSize();
        times = new float[n];
        feedbacks = new float[n];
        damps = new float[n];
    }

    @Override
    public void process(float[][] inputs, float[][] outputs, ParamBlock params, ProcessContext context) {
        final int n = context.blockSize();
        final float[] in = inputs[IN];
        final float[] out = outputs[OUT];
        final float[] time = FrameValues.of(params.get(P_TIME), times, n);
        final float[] feedback = FrameValues.of(params.get(P_FEEDBACK), feedbacks, n);
        final float[] damp = FrameValues.of(params.get(P_DAMP), damps, n);
        final double spm = samplesPerMs;
        final InterpolatingDelayLine l = line;
        float lp = z;
        for (int i = 0; i < n; i++) {
            final float d = damp[i];
            // (1 - d) * wet + d * lp: with d = 0 exactly the delayed sample, so the undamped comb is exact.
            lp = InterpolatingDelayLine.flush((1f - d) * l.read(time[i] * spm) + d * lp);
            final float y = in[i] + feedback[i] * lp;
            l.write(InterpolatingDelayLine.flush(y));
            out[i] = y;
        }
        z = lp;
    }

    @Override
    public void reset() {
        line.clear();
        z = 0f;
    }

    @Override
    public int stateSize() {
        return line.stateSize() + Float.BYTES;
    }

    @Override
    public int stateVersion() {
        return STATE_VERSION;
    }

    @Override
    public void saveState(StateWriter out) {
        line.save(out);
        out.writeFloat(z);
    }

    private static final String UNKNOWN_STATE_VERSION = "unknown comb state version; this build reads version 1";

    @Override
    public void loadState(StateReader in, int version) {
        if (version != STATE_VERSION) {
            throw new IllegalArgumentException(UNKNOWN_STATE_VERSION);
        }
        line.load(in);
        z = in.readFloat();
    }
}
