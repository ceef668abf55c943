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
 * Seeded noise generator, node type {@value #TYPE_ID}: white (flat spectrum) or pink
 * (-3 dB per octave), reproducible from its seed.
 *
 * <p>White noise is uniform in [-amp, amp) (RMS {@code amp / √3}), from a SplitMix64
 * generator. Pink noise is that white noise through Paul Kellet's refined pinking filter
 * (seven first-order sections, within 0.05 dB of -3 dB/octave above 9.2 Hz at 44.1 kHz;
 * the corner scales with the sample rate), scaled to an RMS of {@code amp / 5}, so
 * that peaks beyond {@code ±amp} are rare (five standard deviations) but possible.
 *
 * <p>Ports: no inputs; output {@code out}.
 * <p>Parameters:
 * <ul>
 *   <li>{@code color}: 0..1, default 0; a two-way switch read once per block: below 0.5
 *       white, 0.5 and above pink. Not smoothed.</li>
 *   <li>{@code amp}: linear amplitude, 0..1, default 1, smoothed over 20 ms;</li>
 *   <li>{@code seed}: 0..16777216 (2^24), default 1, read once per block and truncated to
 *       an integer; not smoothed. A new seed restarts the generator on the next block
 *       (the pink filter keeps its memory, so the change does not click), so two fresh
 *       nodes with the same seed render the same audio.</li>
 * </ul>
 * State (version 1): the seed in use, the generator state and the seven pink filter
 * memories. The filter runs on full-scale white noise whatever {@code amp} is, and
 * memories smaller than 1e-20 are flushed to zero after each block, so they are never
 * subnormal.
 */
public final class Noise implements DspNode {

    /** The stable node type id. */
    public static final String TYPE_ID = "std.noise";

    /** Output port: the noise. */
    public static final int OUT = 0;
    /** Parameter: colour switch, below 0.5 white, otherwise pink. */
    public static final int P_COLOR = 0;
    /** Parameter: linear amplitude. */
    public static final int P_AMP = 1;
    /** Parameter: generator seed. */
    public static final int P_SEED = 2;

    /** The largest seed: every integer up to it is exact in a float parameter. */
    static final int MAX_SEED = 1 << 24;

    /** No inputs; output {@code out}; parameters {@code color}, {@code amp}, {@code seed}. */
    public static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("Noise (white/pink)")
            .output("out")
            .param(ParamSpec.of("color", 0f, 1f, 0f, "", 0f))
            .param(ParamSpec.of("amp", 0f, 1f, 1f, "", 20f))
            .param(ParamSpec.of("seed", 0f, MAX_SEED, 1f, "", 0f))
            .build();

    /**
     * Scales Kellet's filter output (RMS 1.745 for uniform white of RMS 1/√3) to an RMS of
     * 0.2.
     */
    static final double PINK_GAIN = 0.2 / 1.745;

    /** Below this a filter memory is flushed to zero, far above the subnormal range. */
    private static final double FLUSH_BELOW = 1e-20;

    private static final int STATE_VERSION = 1;
    private static final int STATE_SIZE = Integer.BYTES + Long.BYTES + 7 * Double.BYTES;
    private static final String UNKNOWN_STATE_VERSION = "unknown noise state version; this build reads version 1";
    /** Marks "not seeded yet": the first block seeds from the parameter. */
    private static final int UNSEEDED = -1;

    private int seed = UNSEEDED;
    private long rng;
    private double b0;
    private double b1;
    private double b2;
    private double b3;
    private double b4;
    private double b5;
    private double b6;
    /** Per-frame {@code amp} while it ramps. */
    private float[] amps = new float[0];

    /** Creates an unprepared node; call {@link #prepare} before {@link #process}. */
    public Noise() {
    }

    @Override
    public void prepare(ProcessContext context) {
        amps = new float[context.blockSize()];
        reset();
    }

    @Override
    public void reset() {
        seed = UNSEEDED;
        rng = 0L;
        b0 = 0.0;
        b1 = 0.0;
        b2 = 0.0;
        b3 = 0.0;
        b4 = 0.0;
        b5 = 0.0;
        b6 = 0.0;
    }

    /** The integer seed a parameter value stands for, in [0, {@link #MAX_SEED}]. */
    static int seedOf(float value) {
        // (int) NaN is 0; the cast truncates toward zero.
        int s = (int) value;
        return s < 0 ? 0 : Math.min(s, MAX_SEED);
    }

    @Override
    public void process(float[][] inputs, float[][] outputs, ParamBlock params, ProcessContext context) {
        final int n = context.blockSize();
        final float[] out = outputs[OUT];
        final int wanted = seedOf(params.get(P_SEED).value());
        if (wanted != seed) {
            seed = wanted;
            rng = SplitMix64.stateFor(wanted);
        }
        if (params.get(P_COLOR).value() >= 0.5f) {
            pink(out, n);
        } else {
            white(out, n);
        }
        final Param amp = params.get(P_AMP);
        if (amp.isSmoothing()) {
            final float[] a = amps;
            amp.fill(a, n);
            for (int i = 0; i < n; i++) {
                out[i] *= a[i];
            }
        } else {
            final float a = amp.value();
            for (int i = 0; i < n; i++) {
                out[i] *= a;
            }
        }
    }

    private void white(float[] out, int n) {
        long s = rng;
        for (int i = 0; i < n; i++) {
            s += SplitMix64.GAMMA;
            out[i] = SplitMix64.bipolar(s);
        }
        rng = s;
    }

    /** Paul Kellet's refined pinking filter ("pk3"), in double. */
    private void pink(float[] out, int n) {
        long s = rng;
        double c0 = b0;
        double c1 = b1;
        double c2 = b2;
        double c3 = b3;
        double c4 = b4;
        double c5 = b5;
        double c6 = b6;
        for (int i = 0; i < n; i++) {
            s += SplitMix64.GAMMA;
            final double white = SplitMix64.bipolar(s);
            c0 = 0.99886 * c0 + white * 0.0555179;
            c1 = 0.99332 * c1 + white * 0.0750759;
            c2 = 0.96900 * c2 + white * 0.1538520;
            c3 = 0.86650 * c3 + white * 0.3104856;
            c4 = 0.55000 * c4 + white * 0.5329522;
            c5 = -0.7616 * c5 - white * 0.0168980;
            final double pink = c0 + c1 + c2 + c3 + c4 + c5 + c6 + white * 0.5362;
            c6 = white * 0.115926;
            out[i] = (float) (pink * PINK_GAIN);
        }
        rng = s;
        b0 = flushed(c0);
        b1 = flushed(c1);
        b2 = flushed(c2);
        b3 = flushed(c3);
        b4 = flushed(c4);
        b5 = flushed(c5);
        b6 = flushed(c6);
    }

    /** Zero for a memory too small to matter (or not finite, from a foreign state). */
    private static double flushed(double v) {
        double a = Math.abs(v);
        return a >= FLUSH_BELOW && a < Double.POSITIVE_INFINITY ? v : 0.0;
    }

    @Override
    public int stateSize() {
        return STATE_SIZE;
    }

    @Override
    public int stateVersion() {
        return STATE_VERSION;
    }

    @Override
    public void saveState(StateWriter out) {
        out.writeInt(seed);
        out.writeLong(rng);
        out.writeDouble(b0);
        out.writeDouble(b1);
        out.writeDouble(b2);
        out.writeDouble(b3);
        out.writeDouble(b4);
        out.writeDouble(b5);
        out.writeDouble(b6);
    }

    @Override
    public void loadState(StateReader in, int version) {
        if (version != STATE_VERSION) {
            // Constant message: loadState may run on the RT thread, where a failure builds no strings.
            throw new IllegalArgumentException(UNKNOWN_STATE_VERSION);
        }
        seed = in.readInt();
        rng = in.readLong();
        b0 = flushed(in.readDouble());
        b1 = flushed(in.readDouble());
        b2 = flushed(in.readDouble());
        b3 = flushed(in.readDouble());
        b4 = flushed(in.readDouble());
        b5 = flushed(in.readDouble());
        b6 = flushed(in.readDouble());
    }
}
