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
 * Biquad filter, node type {@value #TYPE_ID}: the eight responses of Robert
 * Bristow-Johnson's "Audio EQ Cookbook", run as Direct Form I in double precision (Direct
 * Form I keeps its memories as past inputs and outputs, so switching mode or sweeping the
 * frequency does not leave inconsistent internal state behind).
 *
 * <p>Ports: input {@code in}, output {@code out}.
 *
 * <p>Parameters:
 * <ul>
 *   <li>{@code mode}: which response, a stepped value 0..7 (rounded to the nearest
 *       integer, read once per block, not smoothed): 0 low-pass, 1 high-pass, 2 band-pass
 *       with a constant 0 dB peak, 3 notch, 4 peaking EQ, 5 low shelf, 6 high shelf,
 *       7 all-pass. Default 0;</li>
 *   <li>{@code freq}: the cookbook's f0 (cutoff, centre or shelf midpoint), 20..20000 Hz,
 *       default 1000, smoothed over 20 ms; limited to 0.49 × sample rate;</li>
 *   <li>{@code q}: the cookbook's Q, 0.1..40, default 0.7071, smoothed over 20 ms. For the
 *       two shelves it is limited to at most 1 (a shelf with Q much above 0.7071 grows a
 *       resonant bump, +55 dB at Q 40 and +24 dB gain, which is no longer a shelf);</li>
 *   <li>{@code gain_db}: gain of the peaking EQ and the shelves, -24..24 dB, default 0,
 *       smoothed over 20 ms; ignored by the other modes.</li>
 * </ul>
 * Coefficients are computed per sample while {@code freq}, {@code q} or {@code gain_db}
 * ramps, otherwise once per block.
 *
 * <p>Direct Form I is exact for a fixed setting, but its memories do not carry a
 * resonance's energy across a coefficient change: sweeping {@code freq} quickly at a high
 * {@code q} can overshoot far beyond the static response (measured: a peak of about 200 for
 * full-scale noise at q 40 with 20 ms ramps between frequencies decades apart, about 2000
 * with instant jumps; at most 27 for every fixed setting). For fast resonant sweeps use
 * {@code std.filter.svf}.
 *
 * <p>State: the last two inputs and outputs (four doubles, version 1). Once two successive
 * outputs are below 1e-15 in magnitude the output memories are cleared, so a decaying tail
 * never reaches the slow subnormal range, and memories poisoned by a non-finite input are
 * cleared at the end of the block.
 */
public final class Biquad implements DspNode {

    /** The stable node type id. */
    public static final String TYPE_ID = "std.filter.biquad";

    /** Input port: the signal. */
    public static final int IN = 0;
    /** Output port: the filtered signal. */
    public static final int OUT = 0;
    /** Parameter: response, 0..7. */
    public static final int P_MODE = 0;
    /** Parameter: f0 in Hz. */
    public static final int P_FREQ = 1;
    /** Parameter: Q. */
    public static final int P_Q = 2;
    /** Parameter: gain in dB (peak and shelves). */
    public static final int P_GAIN_DB = 3;

    /** {@code mode} value: low-pass. */
    public static final int LOW_PASS = 0;
    /** {@code mode} value: high-pass. */
    public static final int HIGH_PASS = 1;
    /** {@code mode} value: band-pass, constant 0 dB peak gain. */
    public static final int BAND_PASS = 2;
    /** {@code mode} value: notch. */
    public static final int NOTCH = 3;
    /** {@code mode} value: peaking EQ. */
    public static final int PEAK = 4;
    /** {@code mode} value: low shelf. */
    public static final int LOW_SHELF = 5;
    /** {@code mode} value: high shelf. */
    public static final int HIGH_SHELF = 6;
    /** {@code mode} value: all-pass. */
    public static final int ALL_PASS = 7;

    /** Largest Q the shelves use; see the class description. */
    public static final double MAX_SHELF_Q = 1.0;

    /** Port {@code in} to {@code out}; params {@code mode}, {@code freq}, {@code q}, {@code gain_db}. */
    public static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("Biquad filter (RBJ cookbook)")
            .input("in")
            .output("out")
            .param(ParamSpec.of("mode", 0f, 7f, 0f, "", 0f)
                    .withChoices("lowpass", "highpass", "bandpass", "notch", "peak", "lowshelf", "highshelf", "allpass"))
            .param(ParamSpec.of("freq", 20f, 20_000f, 1_000f, "Hz", 20f))
            .param(ParamSpec.of("q", 0.1f, 40f, 0.7071f, "", 20f))
            .param(ParamSpec.of("gain_db", -24f, 24f, 0f, "dB", 20f))
            .build();

    private static final double MAX_FREQ_FRACTION = 0.49;
    /** Two successive outputs below this end the tail: both output memories are cleared. */
    private static final double FLUSH = 1e-15;
    /** A single output below this is 0: far above the subnormal range of a float or a double. */
    private static final double TINY = 1e-30;
    /** {@code A = 10^(dB/40) = exp(dB * ln(10)/40)}. */
    private static final double LN10_OVER_40 = Math.log(10.0) / 40.0;
    private static final int STATE_VERSION = 1;
    private static final String UNKNOWN_STATE_VERSION = "unknown biquad state version; this build reads version 1";

    private double x1;
    private double x2;
    private double y1;
    private double y2;

    /**
     * The settings the steady coefficients in slot 0 were computed for (NaN: none yet), so a
     * block with the same settings as the last steady one skips the cosine, sine and exponential.
     */
    private int steadyMode = -1;
    private float steadyFreq = Float.NaN;
    private float steadyQ = Float.NaN;
    private float steadyGain = Float.NaN;
    private double steadyRate = Double.NaN;
    private double steadyB0;
    private double steadyB1;
    private double steadyB2;
    private double steadyA1;
    private double steadyA2;
    /** The block's input in double: see {@link #widen}. */
    private double[] xs = new double[0];
    private float[] freqs = new float[0];
    private float[] qs = new float[0];
    private float[] gains = new float[0];
    /** Per-sample coefficients, normalised by a0. */
    private double[] b0s = new double[0];
    private double[] b1s = new double[0];
    private double[] b2s = new double[0];
    private double[] a1s = new double[0];
    private double[] a2s = new double[0];

    /** Creates an unprepared filter; call {@link #prepare} before {@link #process}. */
    public Biquad() {
    }

    @Override
    public void prepare(ProcessContext context) {
        int n = context.blockSize();
        xs = new double[n];
        freqs = new float[n];
        qs = new float[n];
        gains = new float[n];
        b0s = new double[n];
        b1s = new double[n];
        b2s = new double[n];
        a1s = new double[n];
        a2s = new double[n];
        reset();
    }

    @Override
    public void process(float[][] inputs, float[][] outputs, ParamBlock params, ProcessContext context) {
        final int n = context.blockSize();
        final double sampleRate = context.sampleRate();
        final int mode = mode(params.get(P_MODE).value());
        final Param freq = params.get(P_FREQ);
        final Param q = params.get(P_Q);
        final Param gain = params.get(P_GAIN_DB);
        if (freq.isSmoothing() || q.isSmoothing() || gain.isSmoothing()) {
            final float[] f = freqs;
            final float[] qq = qs;
            final float[] g = gains;
            freq.fill(f, n);
            q.fill(qq, n);
            gain.fill(g, n);
            for (int i = 0; i < n; i++) {
                setCoefficients(i, mode, f[i], qq[i], g[i], sampleRate);
            }
            widen(inputs[IN], n);
            filterSwept(outputs[OUT], n);
        } else {
            // Nothing moves: one set of coefficients, held in registers for the whole block.
            steadyCoefficients(mode, freq.value(), q.value(), gain.value(), sampleRate);
            widen(inputs[IN], n);
            // The feedback coefficients negated once here, not per sample: the loop then holds
            // them ready in registers (C2 otherwise negated them per sample, with a move from
            // the integer registers it parked them in). Negation is exact: the same bits.
            filterSteady(outputs[OUT], n, steadyB0, steadyB1, steadyB2, -steadyA1, -steadyA2);
        }
    }

    /**
     * Copies the input into {@link #xs} as doubles, in a loop of its own. In the filter loop,
     * the float-to-double conversion of the input is an instruction that C2 on JDK 17 ties to
     * an earlier write of its target register (JDK-8318562): the disassembly showed the input
     * conversion of one frame waiting for the output conversion of the frame before, which put
     * both conversions and the whole forward sum on the feedback path (4.6 ns a sample against
     * 1.5 for the same loop without them). So the filter loop reads doubles. (The output's
     * conversion stays in it: nothing there waits for its result but the store.)
     */
    private void widen(float[] in, int n) {
        final double[] x = xs;
        for (int i = 0; i < n; i++) {
            x[i] = in[i];
        }
    }



    /**
     * The filter with one set of coefficients for the block. The same expression, in the same
     * order, as {@link #filterSwept} with every slot holding these values: the same output.
     * Takes the feedback coefficients negated ({@code na1 = -a1}, {@code na2 = -a2}).
     */
    private void filterSteady(float[] out, int n, double b0, double b1, double b2, double na1, double na2) {
        final double[] in = xs;
        double xm1 = x1;
        double xm2 = x2;
        double ym1 = y1;
        double ym2 = y2;
        for (int i = 0; i < n; i++) {
            final double x = in[i];
            double y = feedback(b0 * x + b1 * xm1 + b2 * xm2, na1, ym1, na2, ym2);
            // One compare on the common path: both tests below need |y| < FLUSH (a sum of
            // magnitudes is at least either of them, and TINY < FLUSH), so a louder sample skips
            // them with the same result. (Testing both on every sample cost about a fifth of
            // the loop: the sum and the second compare ran on every frame.)
            if (Math.abs(y) < FLUSH) {
                if (Math.abs(y) + Math.abs(ym1) < FLUSH) {
                    // The tail is over. Both output memories go together: flushing one alone lets
                    // the other feed a tiny limit cycle when the poles sit near z = 1.
                    y = 0.0;
                    ym1 = 0.0;
                } else if (Math.abs(y) < TINY) {
                    y = 0.0;
                }
            }
            xm2 = xm1;
            xm1 = x;
            ym2 = ym1;
            ym1 = y;
            out[i] = (float) y;
        }
        store(xm1, xm2, ym1, ym2);
    }

    /** The filter with coefficients per frame, from {@link #b0s} and the others. */
    private void filterSwept(float[] out, int n) {
        final double[] in = xs;
        final double[] b0 = b0s;
        final double[] b1 = b1s;
        final double[] b2 = b2s;
        final double[] a1 = a1s;
        final double[] a2 = a2s;
        double xm1 = x1;
        double xm2 = x2;
        double ym1 = y1;
        double ym2 = y2;
        for (int i = 0; i < n; i++) {
            final double x = in[i];
            double y = feedback(b0[i] * x + b1[i] * xm1 + b2[i] * xm2, -a1[i], ym1, -a2[i], ym2);
            if (Math.abs(y) < FLUSH) { // see filterSteady
                if (Math.abs(y) + Math.abs(ym1) < FLUSH) {
                    y = 0.0;
                    ym1 = 0.0;
                } else if (Math.abs(y) < TINY) {
                    y = 0.0;
                }
            }
            xm2 = xm1;
            xm1 = x;
            ym2 = ym1;
            ym1 = y;
            out[i] = (float) y;
        }
        store(xm1, xm2, ym1, ym2);
    }

    /**
     * {@code forward - a1 y1 - a2 y2}, ordered for the loop's critical path: each output
     * waits for the previous one, so the last operation should be the one that needs
     * {@code y1}, and as few operations as possible should lie between {@code y1} and the
     * result. With fused multiply-adds (one rounding each) that is one instruction; without
     * them, a multiply and a subtraction. (Before, {@code y1} went through a multiply and two
     * subtractions: about 11 cycles a sample, against 4 now.) The result differs from the
     * left-to-right sum only by rounding, far below the float output's resolution.
     *
     * <p>Takes the coefficients negated, {@code na1 = -a1} and {@code na2 = -a2}, so the
     * steady loop negates nothing per sample. Without FMA, {@code (forward + na2 y2) + na1 y1}
     * is {@code (forward - a2 y2) - a1 y1} to the bit: a negated factor negates the product
     * exactly, and adding a negated value is subtracting it ({@link FusedMultiplyAdd#of} adds
     * in the other order, which IEEE addition does not tell apart).
     */
    private static double feedback(double forward, double na1, double y1, double na2, double y2) {
        return FusedMultiplyAdd.of(na1, y1, FusedMultiplyAdd.of(na2, y2, forward));
    }

    /** Keeps the memories for the next block; ones poisoned by a non-finite input are cleared. */
    private void store(double xm1, double xm2, double ym1, double ym2) {
        if (Double.isFinite(xm1 + xm2 + ym1 + ym2)) {
            x1 = xm1;
            x2 = xm2;
            y1 = ym1;
            y2 = ym2;
        } else {
            x1 = 0.0;
            x2 = 0.0;
            y1 = 0.0;
            y2 = 0.0;
        }
    }

    /** The coefficients for a block in which nothing moves: computed again only when a setting changed. */
    private void steadyCoefficients(int mode, float freq, float q, float gain, double sampleRate) {
        if (mode == steadyMode && freq == steadyFreq && q == steadyQ && gain == steadyGain && sampleRate == steadyRate) {
            return;
        }
        setCoefficients(0, mode, freq, q, gain, sampleRate);
        steadyB0 = b0s[0];
        steadyB1 = b1s[0];
        steadyB2 = b2s[0];
        steadyA1 = a1s[0];
        steadyA2 = a2s[0];
        steadyMode = mode;
        steadyFreq = freq;
        steadyQ = q;
        steadyGain = gain;
        steadyRate = sampleRate;
    }

    /** The mode a {@code mode} parameter value selects: rounded to the nearest step, 0..7. */
    static int mode(float value) {
        int m = (int) (value + 0.5f);
        return m < LOW_PASS ? LOW_PASS : Math.min(m, ALL_PASS);
    }

    /** The cookbook formulas, normalised by a0, into slot {@code i}. */
    private void setCoefficients(int i, int mode, double freqHz, double q, double gainDb, double sampleRate) {
        final double f0 = Math.min(freqHz, MAX_FREQ_FRACTION * sampleRate);
        final double w0 = 2.0 * Math.PI * f0 / sampleRate;
        final double cosW = Math.cos(w0);
        final double sinW = Math.sin(w0);
        final boolean shelf = mode == LOW_SHELF || mode == HIGH_SHELF;
        final double alpha = sinW / (2.0 * (shelf ? Math.min(q, MAX_SHELF_Q) : q));
        final double a = Math.exp(gainDb * LN10_OVER_40);
        double b0;
        double b1;
        double b2;
        double a0;
        double a1;
        double a2;
        switch (mode) {
            case LOW_PASS -> {
                b1 = 1.0 - cosW;
                b0 = 0.5 * b1;
                b2 = b0;
                a0 = 1.0 + alpha;
                a1 = -2.0 * cosW;
                a2 = 1.0 - alpha;
            }
            case HIGH_PASS -> {
                b0 = 0.5 * (1.0 + cosW);
                b1 = -(1.0 + cosW);
                b2 = b0;
                a0 = 1.0 + alpha;
                a1 = -2.0 * cosW;
                a2 = 1.0 - alpha;
            }
            case BAND_PASS -> {
                b0 = alpha;
                b1 = 0.0;
                b2 = -alpha;
                a0 = 1.0 + alpha;
                a1 = -2.0 * cosW;
                a2 = 1.0 - alpha;
            }
            case NOTCH -> {
                b0 = 1.0;
                b1 = -2.0 * cosW;
                b2 = 1.0;
                a0 = 1.0 + alpha;
                a1 = -2.0 * cosW;
                a2 = 1.0 - alpha;
            }
            case PEAK -> {
                b0 = 1.0 + alpha * a;
                b1 = -2.0 * cosW;
                b2 = 1.0 - alpha * a;
                a0 = 1.0 + alpha / a;
                a1 = -2.0 * cosW;
                a2 = 1.0 - alpha / a;
            }
            case LOW_SHELF -> {
                final double twoSqrtAAlpha = 2.0 * Math.sqrt(a) * alpha;
                b0 = a * ((a + 1.0) - (a - 1.0) * cosW + twoSqrtAAlpha);
                b1 = 2.0 * a * ((a - 1.0) - (a + 1.0) * cosW);
                b2 = a * ((a + 1.0) - (a - 1.0) * cosW - twoSqrtAAlpha);
                a0 = (a + 1.0) + (a - 1.0) * cosW + twoSqrtAAlpha;
                a1 = -2.0 * ((a - 1.0) + (a + 1.0) * cosW);
                a2 = (a + 1.0) + (a - 1.0) * cosW - twoSqrtAAlpha;
            }
            case HIGH_SHELF -> {
                final double twoSqrtAAlpha = 2.0 * Math.sqrt(a) * alpha;
                b0 = a * ((a + 1.0) + (a - 1.0) * cosW + twoSqrtAAlpha);
                b1 = -2.0 * a * ((a - 1.0) + (a + 1.0) * cosW);
                b2 = a * ((a + 1.0) + (a - 1.0) * cosW - twoSqrtAAlpha);
                a0 = (a + 1.0) - (a - 1.0) * cosW + twoSqrtAAlpha;
                a1 = 2.0 * ((a - 1.0) - (a + 1.0) * cosW);
                a2 = (a + 1.0) - (a - 1.0) * cosW - twoSqrtAAlpha;
            }
            default -> { // ALL_PASS
                b0 = 1.0 - alpha;
                b1 = -2.0 * cosW;
                b2 = 1.0 + alpha;
                a0 = 1.0 + alpha;
                a1 = -2.0 * cosW;
                a2 = 1.0 - alpha;
            }
        }
        final double inv = 1.0 / a0;
        b0s[i] = b0 * inv;
        b1s[i] = b1 * inv;
        b2s[i] = b2 * inv;
        a1s[i] = a1 * inv;
        a2s[i] = a2 * inv;
    }

    @Override
    public void reset() {
        x1 = 0.0;
        x2 = 0.0;
        y1 = 0.0;
        y2 = 0.0;
    }

    @Override
    public int stateSize() {
        return 4 * Double.BYTES;
    }

    @Override
    public int stateVersion() {
        return STATE_VERSION;
    }

    @Override
    public void saveState(StateWriter out) {
        out.writeDouble(x1);
        out.writeDouble(x2);
        out.writeDouble(y1);
        out.writeDouble(y2);
    }

    @Override
    public void loadState(StateReader in, int version) {
        if (version != STATE_VERSION) {
            throw new IllegalArgumentException(UNKNOWN_STATE_VERSION);
        }
        x1 = in.readDouble();
        x2 = in.readDouble();
        y1 = in.readDouble();
        y2 = in.readDouble();
    }
}
