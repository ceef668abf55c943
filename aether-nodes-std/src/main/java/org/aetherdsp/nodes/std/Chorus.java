package org.aetherdsp.nodes.std;

import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.ParamBlock;
import org.aetherdsp.api.ParamSpec;
import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.api.StateReader;
import org.aetherdsp.api.StateWriter;

/**
 * Stereo chorus, node type {@value #TYPE_ID}: the mono input is read back from one delay line
 * by {@code voices} taps per channel, each tap's delay swept by a sine LFO around a centre
 * delay. The voices of a channel are spread evenly over the LFO cycle, and the right channel's
 * LFOs run a quarter cycle (90 degrees) after the left's, so a mono input comes out as two
 * decorrelated channels.
 *
 * <p>For voice {@code v} of {@code V} the delay is
 * {@code delay + depth * sin(2 pi (phase + v / V + c / 4))} ms, {@code c} = 0 left, 1 right,
 * read with 4-point Hermite interpolation (never shorter than one sample). Each channel is
 * {@code (1 - mix) * in + mix * (mean of its V taps)}; with {@code depth} 0 and {@code mix} 1
 * both channels are the input delayed by {@code delay}.
 *
 * <p>Ports: input {@code in}; outputs {@code left}, {@code right}.
 * <p>Parameters:
 * <ul>
 *   <li>{@code rate}: LFO frequency, 0.01..10 Hz, default 0.6, smoothed over 20 ms;</li>
 *   <li>{@code depth}: peak delay deviation, 0..10 ms, default 2, smoothed over 20 ms;</li>
 *   <li>{@code delay}: centre delay, 1..30 ms, default 12, smoothed over 20 ms;</li>
 *   <li>{@code mix}: dry/wet crossfade, 0..1, default 0.5, smoothed over 10 ms;</li>
 *   <li>{@code voices}: taps per channel, 1..4 (rounded to a whole number), default 2, not
 *       smoothed.</li>
 * </ul>
 * The line holds 40 ms (centre plus depth at their maxima), allocated in {@link #prepare}.
 * State: the line, its write position and the LFO phase (version 1).
 */
public final class Chorus implements DspNode {

    /** The stable node type id. */
    public static final String TYPE_ID = "std.chorus";

    /** Input port: the (mono) signal. */
    public static final int IN = 0;
    /** Output port: left channel. */
    public static final int LEFT = 0;
    /** Output port: right channel. */
    public static final int RIGHT = 1;
    /** Parameter: LFO rate in Hz. */
    public static final int P_RATE = 0;
    /** Parameter: peak delay deviation in ms. */
    public static final int P_DEPTH = 1;
    /** Parameter: centre delay in ms. */
    public static final int P_DELAY = 2;
    /** Parameter: dry/wet mix. */
    public static final int P_MIX = 3;
    /** Parameter: voices per channel. */
    public static final int P_VOICES = 4;

    private static final float MAX_DEPTH_MS = 10f;
    private static final float MAX_DELAY_MS = 30f;
    private static final int MAX_VOICES = 4;

    /** Port {@code in} to {@code left}, {@code right}; parameters rate, depth, delay, mix, voices. */
    public static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("Chorus (stereo)")
            .input("in")
            .output("left").output("right")
            .param(ParamSpec.of("rate", 0.01f, 10f, 0.6f, "Hz", 20f))
            .param(ParamSpec.of("depth", 0f, MAX_DEPTH_MS, 2f, "ms", 20f))
            .param(ParamSpec.of("delay", 1f, MAX_DELAY_MS, 12f, "ms", 20f))
            .param(ParamSpec.of("mix", 0f, 1f, 0.5f, "", 10f))
            .param(ParamSpec.of("voices", 1f, MAX_VOICES, 2f, "", 0f))
            .build();

    private static final int STATE_VERSION = 1;
    private static final double TWO_PI = 2.0 * Math.PI;

    private final InterpolatingDelayLine line = new InterpolatingDelayLine();
    /** LFO phase in cycles, in [0, 1). */
    private double phase;
    private double samplesPerMs;
    private double invSampleRate;
    private float[] rates = new float[0];
    private float[] depths = new float[0];
    private float[] delays = new float[0];
    private float[] mixes = new float[0];
    /** cos and sin of each voice's phase offset, for the number of voices they were made for. */
    private final double[] offsetCos = new double[MAX_VOICES];
    private final double[] offsetSin = new double[MAX_VOICES];
    private int offsetsFor;

    /** Creates an unprepared node; call {@link #prepare} before {@link #process}. */
    public Chorus() {
    }

    @Override
    public void prepare(ProcessContext context) {
        samplesPerMs = context.sampleRate() / 1000.0;
        invSampleRate = 1.0 / context.sampleRate();
        line.allocate((int) Math.ceil((MAX_DELAY_MS + MAX_DEPTH_MS) * samplesPerMs));
        final int n = context.blockSize();
        rates = new float[n];
        depths = new float[n];
        delays = new float[n];
        mixes = new float[n];
        phase = 0.0;
    }

    @Override
    public void process(float[][] inputs, float[][] outputs, ParamBlock params, ProcessContext context) {
        final int n = context.blockSize();
        final float[] in = inputs[IN];
        final float[] left = outputs[LEFT];
        final float[] right = outputs[RIGHT];
        final float[] rate = FrameValues.of(params.get(P_RATE), rates, n);
        final float[] depth = FrameValues.of(params.get(P_DEPTH), depths, n);
        final float[] delay = FrameValues.of(params.get(P_DELAY), delays, n);
        final float[] mix = FrameValues.of(params.get(P_MIX), mixes, n);
        final int voices = Math.max(1, Math.min(MAX_VOICES, Math.round(params.get(P_VOICES).value())));
        if (voices != offsetsFor) {
            for (int v = 0; v < voices; v++) {
                offsetCos[v] = Math.cos(TWO_PI * v / voices);
                offsetSin[v] = Math.sin(TWO_PI * v / voices);
            }
            offsetsFor = voices;
        }
        final float perVoice = 1f / voices;
        final double spm = samplesPerMs;
        final InterpolatingDelayLine l = line;
        double p = phase;
        for (int i = 0; i < n; i++) {
            final double s = FastSine.turns(p);
            final double c = FastSine.turns(p + 0.25); // cos(2 pi p)
            final double centre = delay[i] * spm;
            final double sweep = depth[i] * spm;
            float wetL = 0f;
            float wetR = 0f;
            for (int v = 0; v < voices; v++) {
                // sin(theta + offset) on the left; on the right a quarter cycle later, cos(theta + offset).
                final double sinL = s * offsetCos[v] + c * offsetSin[v];
                final double sinR = c * offsetCos[v] - s * offsetSin[v];
                wetL += l.read(centre + sweep * sinL);
                wetR += l.read(centre + sweep * sinR);
            }
            final float x = in[i];
            l.write(x);
            final float dry = (1f - mix[i]) * x;
            left[i] = dry + mix[i] * (wetL * perVoice);
            right[i] = dry + mix[i] * (wetR * perVoice);
            p += rate[i] * invSampleRate;
            if (p >= 1.0) {
                p -= 1.0;
            }
        }
        phase = p;
    }

    @Override
    public void reset() {
        line.clear();
        phase = 0.0;
    }

    @Override
    public int stateSize() {
        return line.stateSize() + Double.BYTES;
    }

    @Override
    public int stateVersion() {
        return STATE_VERSION;
    }

    @Override
    public void saveState(StateWriter out) {
        line.save(out);
        out.writeDouble(phase);
    }

    private static final String UNKNOWN_STATE_VERSION = "unknown chorus state version; this build reads version 1";

    @Override
    public void loadState(StateReader in, int version) {
        if (version != STATE_VERSION) {
            throw new IllegalArgumentException(UNKNOWN_STATE_VERSION);
        }
        line.load(in);
        final double p = in.readDouble();
        phase = p >= 0.0 && p < 1.0 ? p : 0.0;
    }
}
