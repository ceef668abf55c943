package org.aetherdsp.nodes.std;

import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.ParamBlock;
import org.aetherdsp.api.ParamSpec;
import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.api.StateReader;
import org.aetherdsp.api.StateWriter;

/**
 * Granular processor, node type {@value #TYPE_ID}: the input is recorded continuously into a
 * 4-second capture buffer, and short Hann-windowed grains are played back from it, each from
 * {@code position} ms in the past, resampled by its own pitch ratio (4-point Hermite
 * interpolation).
 *
 * <p>Grains start {@code density} times per second on average. At a start the node draws,
 * from its seeded generator: the gap to the next start, {@code 1/density} seconds times a
 * factor uniform in {@code [1 - scatter/2, 1 + scatter/2]}; an extra look-back uniform in
 * {@code [0, scatter * 200 ms]}; and a detune uniform in {@code ±scatter} semitones. A
 * grain's size, pitch and start are fixed when it starts. Grains that would read past the
 * newest recorded sample (pitched up) or past the oldest (pitched down) start further back or
 * less far back, so each reads recorded input only. Up to {@value #MAX_GRAINS} grains play at
 * once; a start finding all of them busy is skipped.
 *
 * <p>Each grain is scaled by {@code 1 / max(1, density * size / 2)}: the Hann windows of
 * grains overlapping at that rate sum to about {@code density * size / 2}, so grains of a
 * steady signal that play in phase sum to about its level; independent grains (scatter,
 * pitch) sum to less.
 *
 * <p>Ports: input {@code in}, output {@code out} = {@code (1 - mix) * in + mix * grains}.
 * <p>Parameters:
 * <ul>
 *   <li>{@code size}: grain length, 10..500 ms, default 80, read at each grain start;</li>
 *   <li>{@code density}: grain starts per second, 0.5..200, default 20, read at each
 *       start;</li>
 *   <li>{@code pitch}: grain transposition, -24..24 semitones, default 0, read at each
 *       start;</li>
 *   <li>{@code scatter}: randomness of start times, look-back and pitch, 0..1, default 0.1,
 *       read at each start;</li>
 *   <li>{@code position}: how far back grains start reading, 0..2000 ms, default 100, read
 *       at each start;</li>
 *   <li>{@code mix}: dry/wet crossfade, 0..1, default 0.5, smoothed over 10 ms.</li>
 * </ul>
 * The parameters read at grain starts are not smoothed (a ramp set on them still applies,
 * per frame). State: the capture buffer, the generator, the time to the next start and every
 * playing grain (version 1).
 */
public final class Granular implements DspNode {

    /** The stable node type id. */
    public static final String TYPE_ID = "std.granular";

    /** Input port: the signal. */
    public static final int IN = 0;
    /** Output port: dry and grains, mixed. */
    public static final int OUT = 0;
    /** Parameter: grain size in ms. */
    public static final int P_SIZE = 0;
    /** Parameter: grains per second. */
    public static final int P_DENSITY = 1;
    /** Parameter: transposition in semitones. */
    public static final int P_PITCH = 2;
    /** Parameter: randomness. */
    public static final int P_SCATTER = 3;
    /** Parameter: look-back in ms. */
    public static final int P_POSITION = 4;
    /** Parameter: dry/wet mix. */
    public static final int P_MIX = 5;

    /** The most grains that play at once. */
    public static final int MAX_GRAINS = 128;

    /** Port {@code in} to {@code out}; parameters size, density, pitch, scatter, position, mix. */
    public static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("Granular")
            .input("in")
            .output("out")
            .param(ParamSpec.of("size", 10f, 500f, 80f, "ms", 0f))
            .param(ParamSpec.of("density", 0.5f, 200f, 20f, "1/s", 0f))
            .param(ParamSpec.of("pitch", -24f, 24f, 0f, "st", 0f))
            .param(ParamSpec.of("scatter", 0f, 1f, 0.1f, "", 0f))
            .param(ParamSpec.of("position", 0f, 2000f, 100f, "ms", 0f))
            .param(ParamSpec.of("mix", 0f, 1f, 0.5f, "", 10f))
            .build();

    private static final double CAPTURE_SECONDS = 4.0;
    private static final double SCATTER_LOOKBACK_MS = 200.0;
    /** The newest sample a grain may read: the interpolator needs one newer neighbour. */
    private static final double MIN_LAG = 2.0;
    private static final long SEED = 0x6A09E667F3BCC909L;
    private static final int STATE_VERSION = 1;

    /** Hann window over one grain, tabulated at {@value #WINDOW_POINTS} intervals for linear interpolation. */
    private static final int WINDOW_POINTS = 1024;
    private static final float[] WINDOW = new float[WINDOW_POINTS + 2];

    static {
        for (int k = 0; k <= WINDOW_POINTS; k++) {
            WINDOW[k] = (float) (0.5 - 0.5 * Math.cos(2.0 * Math.PI * k / WINDOW_POINTS));
        }
        // WINDOW[WINDOW_POINTS + 1] stays 0: a guard for interpolating at the very end.
    }

    private final InterpolatingDelayLine capture = new InterpolatingDelayLine();

    // The playing grains are 0..grains-1 of these arrays, in the order their outputs are summed.
    private int grains;
    /** Delay from now of the sample the grain reads next, in samples. */
    private final double[] lag = new double[MAX_GRAINS];
    private final double[] ratio = new double[MAX_GRAINS];
    private final int[] age = new int[MAX_GRAINS];
    private final int[] length = new int[MAX_GRAINS];
    private final float[] gain = new float[MAX_GRAINS];

    private long rng = SEED;
    /** Samples until the next grain start. */
    private double countdown;
    private long started;

    private double samplesPerMs;
    private float sampleRate;
    private float[] mixes = new float[0];

    /** Creates an unprepared node; call {@link #prepare} before {@link #process}. */
    public Granular() {
    }

    @Override
    public void prepare(ProcessContext context) {
        sampleRate = context.sampleRate();
        samplesPerMs = sampleRate / 1000.0;
        capture.allocate((int) Math.ceil(CAPTURE_SECONDS * sampleRate));
        mixes = new float[context.blockSize()];
        reset();
    }

    @Override
    public void process(float[][] inputs, float[][] outputs, ParamBlock params, ProcessContext context) {
        final int n = context.blockSize();
        final float[] in = inputs[IN];
        final float[] out = outputs[OUT];
        final float[] mix = FrameValues.of(params.get(P_MIX), mixes, n);
        final InterpolatingDelayLine line = capture;
        for (int i = 0; i < n; i++) {
            while (countdown <= 0.0) {
                countdown += start(params, i);
            }
            countdown -= 1.0;
            float wet = 0f;
            for (int g = grains - 1; g >= 0; g--) {
                final double pos = age[g] * (double) WINDOW_POINTS / length[g];
                final int k = (int) pos;
                final float w = WINDOW[k] + (float) (pos - k) * (WINDOW[k + 1] - WINDOW[k]);
                wet += gain[g] * w * line.read(lag[g]);
                lag[g] += 1.0 - ratio[g];
                if (++age[g] >= length[g]) {
                    remove(g);
                }
            }
            final float x = in[i];
            line.write(x);
            out[i] = (1f - mix[i]) * x + mix[i] * wet;
        }
    }

    /**
     * Starts a grain with the parameters at frame {@code i}, if one is free.
     *
     * @return samples until the next start
     */
    private double start(ParamBlock params, int i) {
        final double density = params.get(P_DENSITY).valueAt(i);
        final double scatter = params.get(P_SCATTER).valueAt(i);
        final double sizeMs = params.get(P_SIZE).valueAt(i);
        // At least a sample, so that a start can never make the caller's loop spin.
        final double gap = Math.max(1.0, sampleRate / density * (1.0 + scatter * (nextUniform() - 0.5)));
        final double lookBack = scatter * SCATTER_LOOKBACK_MS * nextUniform();
        final double detune = scatter * (2.0 * nextUniform() - 1.0);
        started++;
        if (grains == MAX_GRAINS) {
            return gap;
        }
        final int len = Math.max(16, (int) Math.round(sizeMs * samplesPerMs));
        final double r = Math.pow(2.0, (params.get(P_PITCH).valueAt(i) + detune) / 12.0);
        double startLag = (params.get(P_POSITION).valueAt(i) + lookBack) * samplesPerMs;
        // The grain's lag moves by (1 - r) per sample: keep its whole path inside the recording.
        final double drift = (1.0 - r) * len;
        final double newest = MIN_LAG + Math.max(0.0, -drift);
        final double oldest = capture.maxDelay() - Math.max(0.0, drift);
        startLag = Math.max(newest, Math.min(oldest, startLag));
        final int g = grains++;
        lag[g] = startLag;
        ratio[g] = r;
        age[g] = 0;
        length[g] = len;
        gain[g] = (float) (1.0 / Math.max(1.0, 0.5 * density * sizeMs * 0.001));
        return gap;
    }

    /** Removes grain {@code g}: the last grain takes its place (already processed this frame). */
    private void remove(int g) {
        final int last = --grains;
        lag[g] = lag[last];
        ratio[g] = ratio[last];
        age[g] = age[last];
        length[g] = length[last];
        gain[g] = gain[last];
    }

    /** Uniform in [0, 1) from xorshift64*. */
    private double nextUniform() {
        long x = rng;
        x ^= x >>> 12;
        x ^= x << 25;
        x ^= x >>> 27;
        rng = x;
        return ((x * 0x2545F4914F6CDD1DL) >>> 11) * 0x1.0p-53;
    }

    /** How many grain starts have come due since prepare or reset (for tests; not DSP state). */
    long grainsStarted() {
        return started;
    }

    @Override
    public void reset() {
        capture.clear();
        grains = 0;
        rng = SEED;
        countdown = 0.0;
        started = 0;
    }

    @Override
    public int stateSize() {
        return capture.stateSize() + Long.BYTES + Double.BYTES + Integer.BYTES
                + MAX_GRAINS * (2 * Double.BYTES + 2 * Integer.BYTES + Float.BYTES);
    }

    @Override
    public int stateVersion() {
        return STATE_VERSION;
    }

    @Override
    public void saveState(StateWriter out) {
        capture.save(out);
        out.writeLong(rng);
        out.writeDouble(countdown);
        out.writeInt(grains);
        for (int g = 0; g < grains; g++) {
            out.writeDouble(lag[g]);
            out.writeDouble(ratio[g]);
            out.writeInt(age[g]);
            out.writeInt(length[g]);
            out.writeFloat(gain[g]);
        }
    }

    private static final String UNKNOWN_STATE_VERSION = "unknown granular state version; this build reads version 1";
    private static final String BAD_GRAIN_COUNT = "granular state holds more grains than the pool";

    @Override
    public void loadState(StateReader in, int version) {
        if (version != STATE_VERSION) {
            throw new IllegalArgumentException(UNKNOWN_STATE_VERSION);
        }
        capture.load(in);
        final long r = in.readLong();
        rng = r != 0 ? r : SEED;
        final double c = in.readDouble();
        countdown = c > 0.0 && c < 1e9 ? c : 0.0;
        final int count = in.readInt();
        if (count < 0 || count > MAX_GRAINS) {
            throw new IllegalArgumentException(BAD_GRAIN_COUNT);
        }
        grains = count;
        for (int g = 0; g < count; g++) {
            lag[g] = in.readDouble();
            ratio[g] = in.readDouble();
            age[g] = in.readInt();
            length[g] = Math.max(1, in.readInt());
            gain[g] = in.readFloat();
        }
    }
}
