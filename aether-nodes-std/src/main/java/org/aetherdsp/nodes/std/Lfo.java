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
 * Low-frequency oscillator, node type {@value #TYPE_ID}: a control signal
 * {@code out = offset + depth * shape(phase)}, with {@code shape} in [-1, 1]. Not
 * band-limited: it is meant for modulation, at up to 50 Hz.
 *
 * <p>Shapes, selected by the {@code shape} parameter rounded to the nearest integer:
 * <ul>
 *   <li>0 sine: {@code sin(2π phase)} (a polynomial within 1e-13 of {@code Math.sin}, as {@code std.osc.sine});</li>
 *   <li>1 triangle, in sine phase: 0, up to 1 at a quarter cycle, down to -1 at three
 *       quarters;</li>
 *   <li>2 square: 1 for the first half of the cycle, -1 for the second;</li>
 *   <li>3 sample and hold: a new uniform random value in [-1, 1) at the start of each
 *       cycle, held for the cycle;</li>
 *   <li>4 smooth random: a raised-cosine glide over each cycle from where the output was to
 *       the value sample and hold takes for that cycle (so it lags it by one cycle),
 *       continuous and with zero slope at the cycle starts; it moves at most
 *       {@code π * rate / sampleRate * depth} per sample.</li>
 * </ul>
 * The random values are drawn at every cycle start whatever the shape, so switching shape
 * does not change the sequence.
 *
 * <p>Ports: input {@code sync}, where a rising edge through 0.5 (the previous sample below
 * 0.5, this one at or above) restarts the cycle at phase 0, drawing a new random value;
 * output {@code out}.
 * <p>Parameters:
 * <ul>
 *   <li>{@code rate}: frequency, 0.01..50 Hz, default 1, smoothed over 20 ms;</li>
 *   <li>{@code depth}: the peak deviation from {@code offset}, in the units of whatever the
 *       output drives (e.g. 5 into an oscillator's {@code fm} for ±5 Hz vibrato),
 *       0..20000, default 1, smoothed over 20 ms;</li>
 *   <li>{@code shape}: 0..4, default 0 (sine), a stepped choice read once per block (see
 *       above); not smoothed;</li>
 *   <li>{@code offset}: added to the output, -20000..20000, default 0, smoothed over
 *       20 ms;</li>
 *   <li>{@code seed}: 0..16777216 (2^24), default 1, read once per block and truncated to an
 *       integer; not smoothed. A new seed restarts the random sequence on the next block
 *       (the values in use are kept), so two fresh nodes with the same seed render the same
 *       output.</li>
 * </ul>
 * State (version 1): phase, the sync input's last level, the seed in use, the generator
 * state and the two random values of the current cycle.
 */
public final class Lfo implements DspNode {

    /** The stable node type id. */
    public static final String TYPE_ID = "std.lfo";

    /** Input port: a rising edge through 0.5 restarts the cycle. */
    public static final int IN_SYNC = 0;
    /** Output port: the modulation signal. */
    public static final int OUT = 0;
    /** Parameter: frequency in Hz. */
    public static final int P_RATE = 0;
    /** Parameter: peak deviation from the offset. */
    public static final int P_DEPTH = 1;
    /** Parameter: waveform, 0 sine, 1 triangle, 2 square, 3 sample and hold, 4 smooth random. */
    public static final int P_SHAPE = 2;
    /** Parameter: constant added to the output. */
    public static final int P_OFFSET = 3;
    /** Parameter: seed of the random shapes. */
    public static final int P_SEED = 4;

    /** Shape values, as the {@code shape} parameter selects them. */
    static final int SINE = 0;
    static final int TRIANGLE = 1;
    static final int SQUARE = 2;
    static final int SAMPLE_AND_HOLD = 3;
    static final int SMOOTH_RANDOM = 4;

    /** Input {@code sync}; output {@code out}; parameters {@code rate}, {@code depth}, {@code shape}, {@code offset}, {@code seed}. */
    public static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("LFO")
            .input("sync")
            .output("out")
            .param(ParamSpec.of("rate", 0.01f, 50f, 1f, "Hz", 20f))
            .param(ParamSpec.of("depth", 0f, 20_000f, 1f, "", 20f))
            .param(ParamSpec.of("shape", 0f, SMOOTH_RANDOM, SINE, "", 0f)
                    .withChoices("sine", "triangle", "square", "sample_hold", "smooth_random"))
            .param(ParamSpec.of("offset", -20_000f, 20_000f, 0f, "", 20f))
            .param(ParamSpec.of("seed", 0f, Noise.MAX_SEED, 1f, "", 0f))
            .build();

    private static final int STATE_VERSION = 1;
    private static final int STATE_SIZE = Double.BYTES + 1 + Integer.BYTES + Long.BYTES + 2 * Float.BYTES;
    private static final String UNKNOWN_STATE_VERSION = "unknown LFO state version; this build reads version 1";
    private static final int UNSEEDED = -1;

    /** Phase in cycles, in [0, 1). */
    private double phase;
    /** Whether the last sync sample was at or above 0.5. */
    private boolean syncHigh;
    private int seed = UNSEEDED;
    private long rng;
    /** Where smooth random starts this cycle. */
    private float from;
    /** This cycle's sample-and-hold value, where smooth random ends it. */
    private float to;
    private float[] rates = new float[0];
    private float[] depths = new float[0];
    private float[] offsets = new float[0];

    /** Creates an unprepared node; call {@link #prepare} before {@link #process}. */
    public Lfo() {
    }

    @Override
    public void prepare(ProcessContext context) {
        rates = new float[context.blockSize()];
        depths = new float[context.blockSize()];
        offsets = new float[context.blockSize()];
        reset();
    }

    @Override
    public void reset() {
        phase = 0.0;
        syncHigh = false;
        seed = UNSEEDED;
        rng = 0L;
        from = 0f;
        to = 0f;
    }

    /** The shape a parameter value selects: rounded to the nearest, within [0, 4]. */
    static int shapeOf(float value) {
        // (int) NaN is 0.
        int s = (int) (value + 0.5f);
        return s < SINE ? SINE : Math.min(s, SMOOTH_RANDOM);
    }

    @Override
    public void process(float[][] inputs, float[][] outputs, ParamBlock params, ProcessContext context) {
        final int n = context.blockSize();
        final float[] sync = inputs[IN_SYNC];
        final float[] out = outputs[OUT];
        final int wanted = Noise.seedOf(params.get(P_SEED).value());
        if (wanted != seed) {
            boolean first = seed == UNSEEDED;
            seed = wanted;
            rng = SplitMix64.stateFor(wanted);
            if (first) {
                from = nextRandom();
                to = nextRandom();
            }
        }
        final int shape = shapeOf(params.get(P_SHAPE).value());
        final Param rateParam = params.get(P_RATE);
        final double invSampleRate = 1.0 / context.sampleRate();
        if (!context.isConnected(IN_SYNC) && !rateParam.isSmoothing()) {
            steady(out, n, shape, rateParam.value() * invSampleRate, params.get(P_DEPTH), params.get(P_OFFSET));
            return;
        }
        final float[] rate = rates;
        rateParam.fill(rate, n);

        double p = phase;
        boolean high = syncHigh;
        for (int i = 0; i < n; i++) {
            final boolean nowHigh = sync[i] >= 0.5f;
            if (nowHigh && !high) {
                from = (float) smooth(p);
                to = nextRandom();
                p = 0.0;
            }
            high = nowHigh;
            out[i] = (float) shape(shape, p);
            p += rate[i] * invSampleRate;
            if (p >= 1.0) {
                p -= Math.floor(p);
                from = to;
                to = nextRandom();
            }
        }
        phase = p;
        syncHigh = high;
        scale(out, n, params.get(P_DEPTH), params.get(P_OFFSET));
    }

    /**
     * The block with no sync source and a settled rate: the phase steps by one increment, no
     * input is read, and the sine (the default shape) is scaled in the same loop while depth and
     * offset are settled. The same arithmetic as the general loop, so the same bits; an
     * unconnected sync reads as silence there, which never rises.
     */
    private void steady(float[] out, int n, int shape, double increment, Param depth, Param offset) {
        double p = phase;
        if (shape == SINE && !depth.isSmoothing() && !offset.isSmoothing()) {
            final float d = depth.value();
            final float o = offset.value();
            for (int i = 0; i < n; i++) {
                out[i] = o + d * (float) FastSine.turns(p);
                p += increment;
                if (p >= 1.0) {
                    p = wrap(p);
                }
            }
        } else {
            for (int i = 0; i < n; i++) {
                out[i] = (float) shape(shape, p);
                p += increment;
                if (p >= 1.0) {
                    p = wrap(p);
                }
            }
            scale(out, n, depth, offset);
        }
        phase = p;
        syncHigh = false;
    }

    /** A phase at or past 1 brought back into [0, 1), starting the next cycle's random values. */
    private double wrap(double p) {
        from = to;
        to = nextRandom();
        return p - Math.floor(p);
    }

    private double shape(int shape, double p) {
        switch (shape) {
            case SINE:
                return FastSine.turns(p);
            case TRIANGLE:
                return p < 0.25 ? 4.0 * p : p < 0.75 ? 2.0 - 4.0 * p : 4.0 * p - 4.0;
            case SQUARE:
                return p < 0.5 ? 1.0 : -1.0;
            case SAMPLE_AND_HOLD:
                return to;
            default:
                return smooth(p);
        }
    }

    /** Raised-cosine glide from {@link #from} at phase 0 to {@link #to} at phase 1. */
    private double smooth(double p) {
        return from + (to - from) * (0.5 - 0.5 * Math.cos(Math.PI * p));
    }

    private float nextRandom() {
        rng += SplitMix64.GAMMA;
        return SplitMix64.bipolar(rng);
    }

    /** {@code out = offset + depth * out}, per frame only while either ramps. */
    private void scale(float[] out, int n, Param depth, Param offset) {
        if (depth.isSmoothing() || offset.isSmoothing()) {
            final float[] d = depths;
            final float[] o = offsets;
            depth.fill(d, n);
            offset.fill(o, n);
            for (int i = 0; i < n; i++) {
                out[i] = o[i] + d[i] * out[i];
            }
        } else {
            final float d = depth.value();
            final float o = offset.value();
            for (int i = 0; i < n; i++) {
                out[i] = o + d * out[i];
            }
        }
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
        out.writeDouble(phase);
        out.writeBoolean(syncHigh);
        out.writeInt(seed);
        out.writeLong(rng);
        out.writeFloat(from);
        out.writeFloat(to);
    }

    @Override
    public void loadState(StateReader in, int version) {
        if (version != STATE_VERSION) {
            // Constant message: loadState may run on the RT thread, where a failure builds no strings.
            throw new IllegalArgumentException(UNKNOWN_STATE_VERSION);
        }
        double p = in.readDouble();
        phase = p >= 0.0 && p < 1.0 ? p : 0.0;
        syncHigh = in.readBoolean();
        seed = in.readInt();
        rng = in.readLong();
        from = bounded(in.readFloat());
        to = bounded(in.readFloat());
    }

    /** A random value from a foreign state, kept inside [-1, 1] (NaN becomes 0). */
    private static float bounded(float v) {
        return v >= -1f && v <= 1f ? v : 0f;
    }
}
