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
 * State-variable filter, node type {@value #TYPE_ID}: the trapezoidal-integrator ("TPT",
 * Cytomic/Simper) SVF, with its low-pass, high-pass, band-pass and notch responses available
 * at once. Its responses are exactly the bilinear transforms, with the cutoff prewarped, of
 * the analog prototypes {@code 1/D}, {@code s²/D}, {@code s/Q/D} and {@code (s²+1)/D},
 * where {@code D = s² + s/Q + 1}; the integrator form keeps it well behaved when the cutoff
 * moves at audio rate.
 *
 * <p>Ports:
 * <ul>
 *   <li>input {@code in}: the signal;</li>
 *   <li>input {@code cutoff_mod}: cutoff modulation in <b>octaves</b>, per sample: the cutoff
 *       used is {@code cutoff * 2^cutoff_mod} (so +1 doubles it, -1 halves it), limited to
 *       1 Hz .. 0.49 × sample rate. Audio-rate modulation is fine;</li>
 *   <li>output {@code lp}: 12 dB/octave low-pass, gain 1 at DC;</li>
 *   <li>output {@code hp}: 12 dB/octave high-pass, gain 1 at Nyquist;</li>
 *   <li>output {@code bp}: band-pass with a constant 0 dB peak at the cutoff (its width is
 *       cutoff / q);</li>
 *   <li>output {@code notch}: {@code in - bp}, a zero at the cutoff.</li>
 * </ul>
 * Near the cutoff {@code lp} and {@code hp} peak at about {@code q} (+32 dB at q = 40).
 *
 * <p>Parameters:
 * <ul>
 *   <li>{@code cutoff}: 20..20000 Hz, default 1000, smoothed over 20 ms (linearly in Hz;
 *       present it on a log scale, and use {@code cutoff_mod} for exponential sweeps);</li>
 *   <li>{@code q}: resonance as the prototype's quality factor, 0.5..40, default 0.7071
 *       (Butterworth: no peak), smoothed over 20 ms.</li>
 * </ul>
 * Coefficients are computed per sample while a parameter ramps or {@code cutoff_mod} is not
 * silent, otherwise once per block.
 *
 * <p>State: the two integrator memories (two doubles, version 1). Memories below 1e-15 in
 * magnitude are flushed to 0 so a decaying tail never reaches the slow subnormal range, and
 * a memory poisoned by a non-finite input is cleared at the end of the block.
 */
public final class StateVariableFilter implements DspNode {

    /** The stable node type id. */
    public static final String TYPE_ID = "std.filter.svf";

    /** Input port: the signal. */
    public static final int IN = 0;
    /** Input port: cutoff modulation in octaves. */
    public static final int IN_CUTOFF_MOD = 1;
    /** Output port: low-pass. */
    public static final int OUT_LP = 0;
    /** Output port: high-pass. */
    public static final int OUT_HP = 1;
    /** Output port: band-pass, 0 dB peak. */
    public static final int OUT_BP = 2;
    /** Output port: notch. */
    public static final int OUT_NOTCH = 3;
    /** Parameter: cutoff in Hz. */
    public static final int P_CUTOFF = 0;
    /** Parameter: quality factor. */
    public static final int P_Q = 1;

    /** Inputs {@code in}, {@code cutoff_mod}; outputs {@code lp}, {@code hp}, {@code bp}, {@code notch}; params {@code cutoff}, {@code q}. */
    public static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("State-variable filter (TPT)")
            .input("in").input("cutoff_mod")
            .output("lp").output("hp").output("bp").output("notch")
            .param(ParamSpec.of("cutoff", 20f, 20_000f, 1_000f, "Hz", 20f))
            .param(ParamSpec.of("q", 0.5f, 40f, 0.7071f, "", 20f))
            .build();

    /** Highest cutoff as a fraction of the sample rate: tan() of the prewarp stays finite. */
    static final double MAX_CUTOFF_FRACTION = 0.49;
    /** Lowest cutoff after modulation, in Hz. */
    static final double MIN_CUTOFF_HZ = 1.0;
    /** Memories smaller than this are flushed to 0 (Java cannot set flush-to-zero). */
    static final double FLUSH = 1e-15;
    private static final double LN2 = Math.log(2.0);
    private static final int STATE_VERSION = 1;
    private static final String UNKNOWN_STATE_VERSION = "unknown svf state version; this build reads version 1";

    /** First integrator memory (the band-pass state). */
    private double ic1eq;
    /** Second integrator memory (the low-pass state). */
    private double ic2eq;

    /** The block's input in double: see {@link #widen}. */
    private double[] xs = new double[0];
    private float[] cutoffs = new float[0];
    private float[] qs = new float[0];
    /** Per-sample coefficients: {@code a1 = 1/(1+g(g+k))}, {@code a2 = g*a1}, {@code a3 = g*a2}, {@code k = 1/q}. */
    private double[] a1s = new double[0];
    private double[] a2s = new double[0];
    private double[] a3s = new double[0];
    private double[] ks = new double[0];

    /** The settings the steady coefficients below were computed for; NaN: none yet. */
    private float steadyCutoff = Float.NaN;
    private float steadyQ = Float.NaN;
    private double steadyRate = Double.NaN;
    private double steadyA1;
    private double steadyA2;
    private double steadyA3;
    private double steadyK;

    /** Creates an unprepared filter; call {@link #prepare} before {@link #process}. */
    public StateVariableFilter() {
    }

    @Override
    public void prepare(ProcessContext context) {
        int n = context.blockSize();
        xs = new double[n];
        cutoffs = new float[n];
        qs = new float[n];
        a1s = new double[n];
        a2s = new double[n];
        a3s = new double[n];
        ks = new double[n];
        reset();
    }

    @Override
    public void process(float[][] inputs, float[][] outputs, ParamBlock params, ProcessContext context) {
        final int n = context.blockSize();
        final float[] mod = inputs[IN_CUTOFF_MOD];
        final Param cutoff = params.get(P_CUTOFF);
        final Param q = params.get(P_Q);
        final double sampleRate = context.sampleRate();
        if (!cutoff.isSmoothing() && !q.isSmoothing()
                && (!context.isConnected(IN_CUTOFF_MOD) || isSilent(mod, n))) {
            // Nothing moves: one set of coefficients, held in registers for the whole block.
            final float fc = cutoff.value();
            final float qq = q.value();
            if (fc != steadyCutoff || qq != steadyQ || sampleRate != steadyRate) {
                // Computed again only when a setting changed: the tangent costs more than a block's filtering.
                final double hz = clampHz(fc, MAX_CUTOFF_FRACTION * sampleRate);
                setCoefficients(0, Math.tan(hz * (Math.PI / sampleRate)), 1.0 / qq);
                steadyA1 = a1s[0];
                steadyA2 = a2s[0];
                steadyA3 = a3s[0];
                steadyK = ks[0];
                steadyCutoff = fc;
                steadyQ = qq;
                steadyRate = sampleRate;
            }
            filterSteady(widen(inputs[IN], n), outputs, n, steadyA1, steadyA2, steadyA3, steadyK);
            return;
        }
        computeCoefficients(mod, cutoff, q, sampleRate, n);

        final double[] in = widen(inputs[IN], n);
        final float[] lp = outputs[OUT_LP];
        final float[] hp = outputs[OUT_HP];
        final float[] bp = outputs[OUT_BP];
        final float[] notch = outputs[OUT_NOTCH];
        final double[] a1 = a1s;
        final double[] a2 = a2s;
        final double[] a3 = a3s;
        final double[] k = ks;
        double s1 = ic1eq;
        double s2 = ic2eq;
        for (int i = 0; i < n; i++) {
            final double x = in[i];
            final double v3 = x - s2;
            final double v1 = a1[i] * s1 + a2[i] * v3;
            final double v2 = s2 + a2[i] * s1 + a3[i] * v3;
            s1 = flush(2.0 * v1 - s1);
            s2 = flush(2.0 * v2 - s2);
            final double band = k[i] * v1;
            lp[i] = (float) v2;
            hp[i] = (float) (x - band - v2);
            bp[i] = (float) band;
            notch[i] = (float) (x - band);
        }
        store(s1, s2);
    }

    /**
     * The loop of {@link #process} with one set of coefficients for the block: the same
     * expressions in the same order, so the same output to the last bit.
     */
    private void filterSteady(double[] in, float[][] outputs, int n, double a1, double a2, double a3, double k) {
        final float[] lp = outputs[OUT_LP];
        final float[] hp = outputs[OUT_HP];
        final float[] bp = outputs[OUT_BP];
        final float[] notch = outputs[OUT_NOTCH];
        double s1 = ic1eq;
        double s2 = ic2eq;
        for (int i = 0; i < n; i++) {
            final double x = in[i];
            final double v3 = x - s2;
            final double v1 = a1 * s1 + a2 * v3;
            final double v2 = s2 + a2 * s1 + a3 * v3;
            s1 = flush(2.0 * v1 - s1);
            s2 = flush(2.0 * v2 - s2);
            final double band = k * v1;
            lp[i] = (float) v2;
            hp[i] = (float) (x - band - v2);
            bp[i] = (float) band;
            notch[i] = (float) (x - band);
        }
        store(s1, s2);
    }

    /**
     * The input as doubles, converted in a loop of its own: in the filter loop, C2 on JDK 17
     * can tie the float-to-double conversion of one frame's input to the previous frame's
     * results (JDK-8318562; see the biquad), which puts it on the feedback path.
     */
    private double[] widen(float[] in, int n) {
        final double[] x = xs;
        for (int i = 0; i < n; i++) {
            x[i] = in[i];
        }
        return x;
    }

    /** Keeps the memories for the next block; ones poisoned by a non-finite input are cleared. */
    private void store(double s1, double s2) {
        if (Double.isFinite(s1 + s2)) {
            ic1eq = s1;
            ic2eq = s2;
        } else {
            ic1eq = 0.0;
            ic2eq = 0.0;
        }
    }

    /** Fills the coefficient arrays per sample: something moves (a ramp, or the modulation input). */
    private void computeCoefficients(float[] mod, Param cutoff, Param q, double sampleRate, int n) {
        final double maxHz = MAX_CUTOFF_FRACTION * sampleRate;
        final double piOverRate = Math.PI / sampleRate;
        final float[] fc = cutoffs;
        final float[] qq = qs;
        cutoff.fill(fc, n);
        q.fill(qq, n);
        for (int i = 0; i < n; i++) {
            final double hz = clampHz(fc[i] * Math.exp(LN2 * mod[i]), maxHz);
            setCoefficients(i, Math.tan(hz * piOverRate), 1.0 / qq[i]);
        }
    }

    private void setCoefficients(int i, double g, double k) {
        final double a1 = 1.0 / (1.0 + g * (g + k));
        final double a2 = g * a1;
        a1s[i] = a1;
        a2s[i] = a2;
        a3s[i] = g * a2;
        ks[i] = k;
    }

    /** Limits a cutoff to [1 Hz, maxHz]; NaN (from a NaN modulation) becomes 1 Hz. */
    static double clampHz(double hz, double maxHz) {
        if (!(hz >= MIN_CUTOFF_HZ)) {
            return MIN_CUTOFF_HZ;
        }
        return Math.min(hz, maxHz);
    }

    static boolean isSilent(float[] x, int n) {
        for (int i = 0; i < n; i++) {
            if (x[i] != 0f) {
                return false;
            }
        }
        return true;
    }

    /** Flushes values too small to matter to 0 before they can decay into subnormals. */
    static double flush(double x) {
        return Math.abs(x) < FLUSH ? 0.0 : x;
    }

    @Override
    public void reset() {
        ic1eq = 0.0;
        ic2eq = 0.0;
    }

    @Override
    public int stateSize() {
        return 2 * Double.BYTES;
    }

    @Override
    public int stateVersion() {
        return STATE_VERSION;
    }

    @Override
    public void saveState(StateWriter out) {
        out.writeDouble(ic1eq);
        out.writeDouble(ic2eq);
    }

    @Override
    public void loadState(StateReader in, int version) {
        if (version != STATE_VERSION) {
            throw new IllegalArgumentException(UNKNOWN_STATE_VERSION);
        }
        ic1eq = in.readDouble();
        ic2eq = in.readDouble();
    }
}
