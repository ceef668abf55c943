package org.aetherdsp.nodes.std;

import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.ParamBlock;
import org.aetherdsp.api.ParamSpec;
import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.api.StateReader;
import org.aetherdsp.api.StateWriter;

/**
 * Feedback delay, node type {@value #TYPE_ID}:
 * {@code w[n] = in[n] + feedback * w[n - D]}, {@code out = (1 - mix) * in + mix * w[n - D]}.
 * An impulse comes out {@code D} samples later with amplitude 1, then every {@code D}
 * samples again, each repeat {@code feedback} times the one before.
 *
 * <p>Ports: input {@code in}, output {@code out}.
 * <p>Parameters:
 * <ul>
 *   <li>{@code time}: the delay {@code D}, 0..2000 ms, default 250, smoothed over 50 ms
 *       (a moving delay time bends the pitch of the repeats, like tape). Fractional delays
 *       are read with 4-point Hermite interpolation; the shortest delay is one sample, so
 *       0 ms means one sample;</li>
 *   <li>{@code feedback}: the gain of each repeat, 0..0.99, default 0.35, smoothed over
 *       10 ms. The loop is linear, without a limiter: the range stops short of 1 so that
 *       repeats always die away (full-scale DC settles at {@code 1 / (1 - feedback)});</li>
 *   <li>{@code mix}: dry/wet crossfade, 0 (dry) .. 1 (only the delayed signal), default
 *       0.5, smoothed over 10 ms.</li>
 * </ul>
 * The line holds 2000 ms at the prepared sample rate, allocated in {@link #prepare}.
 * State: the whole line and its write position (version 1).
 */
public final class Delay implements DspNode {

    /** The stable node type id. */
    public static final String TYPE_ID = "std.delay";

    /** Input port: the signal. */
    public static final int IN = 0;
    /** Output port: dry and delayed signal, mixed. */
    public static final int OUT = 0;
    /** Parameter: delay time in ms. */
    public static final int P_TIME = 0;
    /** Parameter: feedback gain. */
    public static final int P_FEEDBACK = 1;
    /** Parameter: dry/wet mix. */
    public static final int P_MIX = 2;

    /** The longest delay, and the top of the {@code time} range. */
    static final float MAX_TIME_MS = 2000f;

    /** Port {@code in} to {@code out}; parameters {@code time}, {@code feedback}, {@code mix}. */
    public static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("Delay")
            .input("in")
            .output("out")
            .param(ParamSpec.of("time", 0f, MAX_TIME_MS, 250f, "ms", 50f))
            .param(ParamSpec.of("feedback", 0f, 0.99f, 0.35f, "", 10f))
            .param(ParamSpec.of("mix", 0f, 1f, 0.5f, "", 10f))
            .build();

    private static final int STATE_VERSION = 1;

    private final InterpolatingDelayLine line = new InterpolatingDelayLine();
    private double samplesPerMs;
    private float[] times = new float[0];
    private float[] feedbacks = new float[0];
    private float[] mixes = new float[0];

    /** Creates an unprepared node; call {@link #prepare} before {@link #process}. */
    public Delay() {
    }

    @Override
    public void prepare(ProcessContext context) {
        samplesPerMs = context.sampleRate() / 1000.0;
        line.allocate((int) Math.ceil(MAX_TIME_MS * samplesPerMs));
        final int n = context.blockSize();
        times = new float[n];
        feedbacks = new float[n];
        mixes = new float[n];
    }

    @Override
    public void process(float[][] inputs, float[][] outputs, ParamBlock params, ProcessContext context) {
        final int n = context.blockSize();
        final float[] in = inputs[IN];
        final float[] out = outputs[OUT];
        final float[] time = FrameValues.of(params.get(P_TIME), times, n);
        final float[] feedback = FrameValues.of(params.get(P_FEEDBACK), feedbacks, n);
        final float[] mix = FrameValues.of(params.get(P_MIX), mixes, n);
        final double spm = samplesPerMs;
        final InterpolatingDelayLine l = line;
        for (int i = 0; i < n; i++) {
            final float x = in[i];
            final float wet = l.read(time[i] * spm);
            l.write(InterpolatingDelayLine.flush(x + feedback[i] * wet));
            out[i] = (1f - mix[i]) * x + mix[i] * wet;
        }
    }

    @Override
    public void reset() {
        line.clear();
    }

    @Override
    public int stateSize() {
        return line.stateSize();
    }

    @Override
    public int stateVersion() {
        return STATE_VERSION;
    }

    @Override
    public void saveState(StateWriter out) {
        line.save(out);
    }

    private static final String UNKNOWN_STATE_VERSION = "unknown delay state version; this build reads version 1";

    @Override
    public void loadState(StateReader in, int version) {
        if (version != STATE_VERSION) {
            throw new IllegalArgumentException(UNKNOWN_STATE_VERSION);
        }
        line.load(in);
    }
}
