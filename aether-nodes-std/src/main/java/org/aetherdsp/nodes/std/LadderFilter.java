package org.aetherdsp.nodes.std;

import java.util.Arrays;

import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.Param;
import org.aetherdsp.api.ParamBlock;
import org.aetherdsp.api.ParamSpec;
import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.api.StateReader;
import org.aetherdsp.api.StateWriter;

/**
 * Moog-style 4-pole ladder low-pass, node type {@value #TYPE_ID}: four trapezoidal
 * ("TPT", zero-delay-feedback) one-pole low-passes in series with the fourth stage's output
 * fed back, negated, to the input. The zero-delay feedback loop is solved linearly each
 * sample and the solved ladder input is then saturated by {@code tanh} (Zavalishin, "The Art
 * of VA Filter Design", ch. 5). With the cutoff prewarped the four poles line up so that the
 * loop phase is -180° exactly at the cutoff: the resonance peaks there and, past the
 * threshold, the filter self-oscillates there, its amplitude held by the {@code tanh}.
 *
 * <p>Ports:
 * <ul>
 *   <li>input {@code in}: the signal;</li>
 *   <li>input {@code cutoff_mod}: cutoff modulation in <b>octaves</b>, per sample: the cutoff
 *       used is {@code cutoff * 2^cutoff_mod}, limited to 1 Hz .. 0.49 × sample rate;</li>
 *   <li>output {@code out}: the fourth stage, 24 dB/octave above the cutoff. The pass band
 *       is not compensated: at small levels its DC gain is {@code 1 / (1 + k)}, as in the
 *       original circuit.</li>
 * </ul>
 *
 * <p>Parameters:
 * <ul>
 *   <li>{@code cutoff}: 20..20000 Hz, default 1000, smoothed over 20 ms;</li>
 *   <li>{@code resonance}: 0..1, default 0, smoothed over 20 ms; the feedback gain is
 *       {@code k = 4.4 * resonance}. The linear ladder becomes unstable at {@code k = 4},
 *       so from resonance 0.91 up the filter self-oscillates at the cutoff and sustains
 *       with no input (at resonance 1 a sine of about 0.15 peak, 0.1 rms);</li>
 *   <li>{@code drive}: input gain before the saturating ladder input, 0..24 dB, default 0,
 *       smoothed over 20 ms.</li>
 * </ul>
 * Coefficients are computed per sample while {@code cutoff} ramps or {@code cutoff_mod} is
 * not silent, otherwise once per block.
 *
 * <p>Bounded output: the ladder input is a {@code tanh}, so never above 1 in magnitude,
 * and while the cutoff is at most a quarter of the sample rate each TPT stage's output and
 * memory are convex combinations of its input and its previous memory. So {@code |out| <= 1}
 * for any input, drive, resonance and modulation then; above a quarter of the sample rate a
 * stage can overshoot, by at most 2× each at a fixed cutoff (the L1 norm of its impulse
 * response), so {@code |out| <= 16}.
 *
 * <p>A deterministic noise of about -180 dBFS is added to the input: it lets a resonance
 * past the threshold start oscillating from silence and keeps the memories out of the
 * subnormal range. State: the four stage memories and the noise generator's seed (five
 * doubles, version 1); memories poisoned by a non-finite input are cleared at the end of
 * the block.
 */
public final class LadderFilter implements DspNode {

    /** The stable node type id. */
    public static final String TYPE_ID = "std.filter.ladder";

    /** Input port: the signal. */
    public static final int IN = 0;
    /** Input port: cutoff modulation in octaves. */
    public static final int IN_CUTOFF_MOD = 1;
    /** Output port: the low-passed signal. */
    public static final int OUT = 0;
    /** Parameter: cutoff in Hz. */
    public static final int P_CUTOFF = 0;
    /** Parameter: resonance 0..1. */
    public static final int P_RESONANCE = 1;
    /** Parameter: drive in dB. */
    public static final int P_DRIVE = 2;

    /** Feedback gain at resonance 1; the linear ladder's stability limit is 4. */
    public static final double MAX_FEEDBACK = 4.4;

    /** Inputs {@code in}, {@code cutoff_mod}; output {@code out}; params {@code cutoff}, {@code resonance}, {@code drive}. */
    public static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("Ladder filter (4-pole, ZDF)")
            .input("in").input("cutoff_mod")
            .output("out")
            .param(ParamSpec.of("cutoff", 20f, 20_000f, 1_000f, "Hz", 20f))
            .param(ParamSpec.of("resonance", 0f, 1f, 0f, "", 20f))
            .param(ParamSpec.of("drive", 0f, 24f, 0f, "dB", 20f))
            .build();

    private static final double LN2 = Math.log(2.0);
    /** {@code 10^(dB/20) = exp(dB * ln(10)/20)}. */
    private static final double LN10_OVER_20 = Math.log(10.0) / 20.0;
    private static final double FLUSH = 1e-15;
    /** Peak level of the added noise: -180 dBFS. */
    private static final double NOISE_LEVEL = 1e-9;
    private static final double NOISE_SCALE = NOISE_LEVEL / 2_147_483_648.0;
    private static final int NOISE_SEED = 0x2545F491;
    private static final int STATE_VERSION = 1;
    private static final String UNKNOWN_STATE_VERSION = "unknown ladder state version; this build reads version 1";

    private double s1;
    private double s2;
    private double s3;
    private double s4;
    /** Linear congruential noise generator (Numerical Recipes constants). */
    private int seed = NOISE_SEED;

    private float[] cutoffs = new float[0];
    private float[] resonances = new float[0];
    private float[] drives = new float[0];
    /** Per-sample linear drive gain. */
    private double[] driveGains = new double[0];
    /** Per-sample {@code g = tan(pi fc / fs)}. */
    private double[] gs = new double[0];

    /** Creates an unprepared filter; call {@link #prepare} before {@link #process}. */
    public LadderFilter() {
    }

    @Override
    public void prepare(ProcessContext context) {
        int n = context.blockSize();
        cutoffs = new float[n];
        resonances = new float[n];
        drives = new float[n];
        driveGains = new double[n];
        gs = new double[n];
        reset();
    }

    @Override
    public void process(float[][] inputs, float[][] outputs, ParamBlock params, ProcessContext context) {
        final int n = context.blockSize();
        computeCutoffs(inputs[IN_CUTOFF_MOD], params.get(P_CUTOFF), context.sampleRate(), n);
        final Param resonance = params.get(P_RESONANCE);
        resonance.fill(resonances, n);
        computeDriveGains(params.get(P_DRIVE), n);

        final float[] in = inputs[IN];
        final float[] out = outputs[OUT];
        final double[] g = gs;
        final float[] res = resonances;
        final double[] drv = driveGains;
        double m1 = s1;
        double m2 = s2;
        double m3 = s3;
        double m4 = s4;
        int r = seed;
        for (int i = 0; i < n; i++) {
            r = r * 1_664_525 + 1_013_904_223;
            final double x = in[i] * drv[i] + r * NOISE_SCALE;
            final double k = MAX_FEEDBACK * res[i];
            final double gi = g[i];
            final double big = gi / (1.0 + gi);
            final double oneMinusBig = 1.0 - big;
            // y4 = big^4 u + sigma, where sigma is what the memories contribute.
            final double sigma = oneMinusBig * (m4 + big * (m3 + big * (m2 + big * m1)));
            final double big2 = big * big;
            final double u = Math.tanh((x - k * sigma) / (1.0 + k * big2 * big2));
            final double v1 = big * (u - m1);
            final double y1 = v1 + m1;
            m1 = flush(y1 + v1);
            final double v2 = big * (y1 - m2);
            final double y2 = v2 + m2;
            m2 = flush(y2 + v2);
            final double v3 = big * (y2 - m3);
            final double y3 = v3 + m3;
            m3 = flush(y3 + v3);
            final double v4 = big * (y3 - m4);
            final double y4 = v4 + m4;
            m4 = flush(y4 + v4);
            out[i] = (float) y4;
        }
        if (!Double.isFinite(m1 + m2 + m3 + m4)) {
            m1 = 0.0;
            m2 = 0.0;
            m3 = 0.0;
            m4 = 0.0;
        }
        s1 = m1;
        s2 = m2;
        s3 = m3;
        s4 = m4;
        seed = r;
    }

    private void computeCutoffs(float[] mod, Param cutoff, double sampleRate, int n) {
        final double maxHz = StateVariableFilter.MAX_CUTOFF_FRACTION * sampleRate;
        final double piOverRate = Math.PI / sampleRate;
        if (cutoff.isSmoothing() || !StateVariableFilter.isSilent(mod, n)) {
            final float[] fc = cutoffs;
            cutoff.fill(fc, n);
            for (int i = 0; i < n; i++) {
                final double hz = StateVariableFilter.clampHz(fc[i] * Math.exp(LN2 * mod[i]), maxHz);
                gs[i] = Math.tan(hz * piOverRate);
            }
        } else {
            final double hz = StateVariableFilter.clampHz(cutoff.value(), maxHz);
            Arrays.fill(gs, 0, n, Math.tan(hz * piOverRate));
        }
    }

    private void computeDriveGains(Param drive, int n) {
        if (drive.isSmoothing()) {
            final float[] db = drives;
            drive.fill(db, n);
            for (int i = 0; i < n; i++) {
                driveGains[i] = Math.exp(db[i] * LN10_OVER_20);
            }
        } else {
            Arrays.fill(driveGains, 0, n, Math.exp(drive.value() * LN10_OVER_20));
        }
    }

    private static double flush(double x) {
        return Math.abs(x) < FLUSH ? 0.0 : x;
    }

    @Override
    public void reset() {
        s1 = 0.0;
        s2 = 0.0;
        s3 = 0.0;
        s4 = 0.0;
        seed = NOISE_SEED;
    }

    @Override
    public int stateSize() {
        return 5 * Double.BYTES;
    }

    @Override
    public int stateVersion() {
        return STATE_VERSION;
    }

    @Override
    public void saveState(StateWriter out) {
        out.writeDouble(s1);
        out.writeDouble(s2);
        out.writeDouble(s3);
        out.writeDouble(s4);
        // An int is exact as a double: the state stays a plain list of doubles.
        out.writeDouble(seed);
    }

    @Override
    public void loadState(StateReader in, int version) {
        if (version != STATE_VERSION) {
            throw new IllegalArgumentException(UNKNOWN_STATE_VERSION);
        }
        s1 = in.readDouble();
        s2 = in.readDouble();
        s3 = in.readDouble();
        s4 = in.readDouble();
        seed = (int) in.readDouble();
    }
}
