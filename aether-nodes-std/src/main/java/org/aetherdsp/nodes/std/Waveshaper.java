package org.aetherdsp.nodes.std;

import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.Param;
import org.aetherdsp.api.ParamBlock;
import org.aetherdsp.api.ParamSpec;
import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.api.StateReader;
import org.aetherdsp.api.StateWriter;

/**
 * Waveshaper, node type {@value #TYPE_ID}: {@code out = (1 - mix) * in + mix * f(g * in)},
 * with {@code g = 10^(drive / 20)} and {@code f} chosen by {@code mode}:
 * <ol start="0">
 *   <li>tanh: {@code f(u) = tanh(u)};</li>
 *   <li>hard clip: {@code f(u) = clamp(u, -1, 1)}: the output never leaves [-1, 1] at
 *       {@code mix} 1;</li>
 *   <li>foldback: {@code u} reflected back into [-1, 1] at each edge, as often as needed:
 *       {@code f(u) = 1 - 4 |frac((u + 1) / 4) - 1/2|};</li>
 *   <li>bitcrush: {@code u} clamped to [-1, 1] and rounded to one of {@code 2^bits} evenly
 *       spaced levels from -1 to 1, {@code f(u) = 2 q / (2^bits - 1) - 1} with
 *       {@code q = round((u + 1) / 2 * (2^bits - 1))} (ties to even); and sample-and-held for
 *       {@code downsample} samples (the held value is the crushed value of the first sample
 *       of each run);</li>
 *   <li>tube (asymmetric): {@code f(u) = 1 - e^-u} for {@code u >= 0},
 *       {@code f(u) = (e^(2u) - 1) / 2} below: slope 1 at 0, saturating at +1 and -1/2, so it
 *       adds even harmonics and, like a real single-ended stage, a DC offset (follow it with
 *       a highpass if that matters).</li>
 * </ol>
 * The shaping runs at the sample rate, without oversampling: strong drive aliases.
 *
 * <p>Ports: input {@code in}, output {@code out}.
 * <p>Parameters:
 * <ul>
 *   <li>{@code mode}: 0..4 as above (rounded to a whole number), default 0, not smoothed;</li>
 *   <li>{@code drive}: input gain before the curve, 0..48 dB, default 6, smoothed over
 *       20 ms;</li>
 *   <li>{@code mix}: dry/wet crossfade, 0..1, default 1, smoothed over 10 ms;</li>
 *   <li>{@code bits}: bitcrush resolution, 1..16 bits (rounded), default 8, not smoothed;</li>
 *   <li>{@code downsample}: bitcrush hold length, 1..64 samples (rounded), default 1, not
 *       smoothed.</li>
 * </ul>
 * State: the bitcrusher's held value and hold counter (version 1).
 */
public final class Waveshaper implements DspNode {

    /** The stable node type id. */
    public static final String TYPE_ID = "std.waveshaper";

    /** Input port: the signal. */
    public static final int IN = 0;
    /** Output port: the shaped signal. */
    public static final int OUT = 0;
    /** Parameter: the curve. */
    public static final int P_MODE = 0;
    /** Parameter: drive in dB. */
    public static final int P_DRIVE = 1;
    /** Parameter: dry/wet mix. */
    public static final int P_MIX = 2;
    /** Parameter: bitcrush bits. */
    public static final int P_BITS = 3;
    /** Parameter: bitcrush sample-and-hold length. */
    public static final int P_DOWNSAMPLE = 4;

    /** {@code mode} value: tanh. */
    public static final int MODE_TANH = 0;
    /** {@code mode} value: hard clip. */
    public static final int MODE_HARD_CLIP = 1;
    /** {@code mode} value: foldback. */
    public static final int MODE_FOLDBACK = 2;
    /** {@code mode} value: bitcrush. */
    public static final int MODE_BITCRUSH = 3;
    /** {@code mode} value: tube (asymmetric). */
    public static final int MODE_TUBE = 4;

    /** Port {@code in} to {@code out}; parameters mode, drive, mix, bits, downsample. */
    public static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("Waveshaper")
            .input("in")
            .output("out")
            .param(ParamSpec.of("mode", MODE_TANH, MODE_TUBE, MODE_TANH, "", 0f)
                    .withChoices("tanh", "hardclip", "foldback", "bitcrush", "tube"))
            .param(ParamSpec.of("drive", 0f, 48f, 6f, "dB", 20f))
            .param(ParamSpec.of("mix", 0f, 1f, 1f, "", 10f))
            .param(ParamSpec.of("bits", 1f, 16f, 8f, "bits", 0f))
            .param(ParamSpec.of("downsample", 1f, 64f, 1f, "", 0f))
            .build();

    private static final double DB_TO_LN = Math.log(10.0) / 20.0;
    private static final int STATE_VERSION = 1;

    /** The bitcrusher's current sample-and-hold value. */
    private float held;
    /** Samples since the held value was taken. */
    private int holdCount;

    private float[] gains = new float[0];
    private float[] mixes = new float[0];

    /** Creates an unprepared node; call {@link #prepare} before {@link #process}. */
    public Waveshaper() {
    }

    @Override
    public void prepare(ProcessContext context) {
        gains = new float[context.blockSize()];
        mixes = new float[context.blockSize()];
        held = 0f;
        holdCount = 0;
    }

    @Override
    public void process(float[][] inputs, float[][] outputs, ParamBlock params, ProcessContext context) {
        final int n = context.blockSize();
        final float[] in = inputs[IN];
        final float[] out = outputs[OUT];
        final int mode = clamp(Math.round(params.get(P_MODE).value()), MODE_TANH, MODE_TUBE);
        final float[] g = driveGains(params.get(P_DRIVE), n);
        final float[] mix = FrameValues.of(params.get(P_MIX), mixes, n);
        if (mode == MODE_BITCRUSH) {
            final int bits = clamp(Math.round(params.get(P_BITS).value()), 1, 16);
            final int hold = clamp(Math.round(params.get(P_DOWNSAMPLE).value()), 1, 64);
            final double steps = (1 << bits) - 1;
            float h = held;
            int count = holdCount;
            for (int i = 0; i < n; i++) {
                final float x = in[i];
                if (count == 0) {
                    h = crush(g[i] * x, steps);
                }
                if (++count >= hold) {
                    count = 0;
                }
                out[i] = (1f - mix[i]) * x + mix[i] * h;
            }
            held = h;
            holdCount = count;
        } else {
            for (int i = 0; i < n; i++) {
                final float x = in[i];
                out[i] = (1f - mix[i]) * x + mix[i] * shape(mode, g[i] * x);
            }
        }
    }

    private float[] driveGains(Param drive, int n) {
        final float[] g = gains;
        if (drive.isSmoothing()) {
            drive.fill(g, n);
            for (int i = 0; i < n; i++) {
                g[i] = (float) Math.exp(g[i] * DB_TO_LN);
            }
        } else {
            final float v = (float) Math.exp(drive.value() * DB_TO_LN);
            for (int i = 0; i < n; i++) {
                g[i] = v;
            }
        }
        return g;
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /** The curve of every mode but bitcrush, at one driven sample {@code u}. */
    static float shape(int mode, float u) {
        switch (mode) {
            case MODE_HARD_CLIP:
                return Math.max(-1f, Math.min(1f, u));
            case MODE_FOLDBACK:
                return foldback(u);
            case MODE_TUBE:
                return tube(u);
            default:
                return (float) Math.tanh(u);
        }
    }

    static float foldback(float u) {
        final double v = (u + 1.0) * 0.25;
        return (float) (1.0 - 4.0 * Math.abs(v - Math.floor(v) - 0.5));
    }

    static float tube(float u) {
        return u >= 0f ? (float) -Math.expm1(-u) : (float) (0.5 * Math.expm1(2.0 * u));
    }

    /** Rounds {@code u}, clamped to [-1, 1], to the nearest of {@code steps + 1} levels from -1 to 1. */
    static float crush(float u, double steps) {
        final double c = Math.max(-1.0, Math.min(1.0, u));
        final double q = Math.rint((c + 1.0) * 0.5 * steps);
        return (float) (2.0 * q / steps - 1.0);
    }

    @Override
    public void reset() {
        held = 0f;
        holdCount = 0;
    }

    @Override
    public int stateSize() {
        return Float.BYTES + Integer.BYTES;
    }

    @Override
    public int stateVersion() {
        return STATE_VERSION;
    }

    @Override
    public void saveState(StateWriter out) {
        out.writeFloat(held);
        out.writeInt(holdCount);
    }

    private static final String UNKNOWN_STATE_VERSION = "unknown waveshaper state version; this build reads version 1";

    @Override
    public void loadState(StateReader in, int version) {
        if (version != STATE_VERSION) {
            throw new IllegalArgumentException(UNKNOWN_STATE_VERSION);
        }
        final float h = in.readFloat();
        final int count = in.readInt();
        held = Float.isFinite(h) ? h : 0f;
        holdCount = Math.max(0, count);
    }
}
