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
 * Vowel formant filter, node type {@value #TYPE_ID}: three band-pass resonators in
 * parallel, tuned to the first three formants of a vowel, morphing continuously through
 * A, E, I, O, U. Feed it something rich (a saw, a pulse, noise).
 *
 * <p>Formant frequencies are the average adult male values of Peterson &amp; Barney (1952):
 * <pre>
 *   vowel        F1     F2     F3   (Hz)
 *   0 A  /ɑ/    730   1090   2440   "father"
 *   1 E  /ɛ/    530   1840   2480   "bed"
 *   2 I  /i/    270   2290   3010   "beet"
 *   3 O  /ɔ/    570    840   2410   "bought"
 *   4 U  /u/    300    870   2240   "boot"
 * </pre>
 * Between two neighbouring vowels each formant glides geometrically (linearly in log
 * frequency), so a morph moves the peaks rather than cross-fading two sets of them. The
 * resonators are TPT state-variable band-passes with a 0 dB peak, summed with gains 1, 1/2
 * and 1/4 (0, -6, -12 dB) for F1, F2, F3.
 *
 * <p>Ports: input {@code in}, output {@code out}.
 *
 * <p>Parameters:
 * <ul>
 *   <li>{@code vowel}: 0..4 (A, E, I, O, U as above; fractions morph between neighbours),
 *       default 0, smoothed over 50 ms;</li>
 *   <li>{@code q}: quality factor of every resonator (bandwidth = formant / q), 2..30,
 *       default 8, smoothed over 20 ms;</li>
 *   <li>{@code shift}: transposes every formant, -12..12 semitones, default 0, smoothed over
 *       20 ms (+12 is roughly a child's voice); formants are limited to 0.49 × sample rate.</li>
 * </ul>
 * Coefficients are computed per sample while a parameter ramps, otherwise once per block.
 *
 * <p>State: two integrator memories per resonator (six doubles, version 1). Memories below
 * 1e-15 in magnitude are flushed to 0, and memories poisoned by a non-finite input are
 * cleared at the end of the block.
 */
public final class FormantFilter implements DspNode {

    /** The stable node type id. */
    public static final String TYPE_ID = "std.filter.formant";

    /** Input port: the signal. */
    public static final int IN = 0;
    /** Output port: the filtered signal. */
    public static final int OUT = 0;
    /** Parameter: vowel 0..4. */
    public static final int P_VOWEL = 0;
    /** Parameter: resonator Q. */
    public static final int P_Q = 1;
    /** Parameter: formant shift in semitones. */
    public static final int P_SHIFT = 2;

    /** Number of formants per vowel. */
    public static final int FORMANTS = 3;

    /** Port {@code in} to {@code out}; params {@code vowel}, {@code q}, {@code shift}. */
    public static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("Formant filter (vowels A E I O U)")
            .input("in")
            .output("out")
            .param(ParamSpec.of("vowel", 0f, 4f, 0f, "", 50f))
            .param(ParamSpec.of("q", 2f, 30f, 8f, "", 20f))
            .param(ParamSpec.of("shift", -12f, 12f, 0f, "st", 20f))
            .build();

    /** F1, F2, F3 in Hz per vowel A, E, I, O, U (Peterson &amp; Barney 1952, men). */
    private static final double[][] FORMANT_HZ = {
            {730, 1090, 2440},
            {530, 1840, 2480},
            {270, 2290, 3010},
            {570, 840, 2410},
            {300, 870, 2240},
    };
    /** Output gain of each formant's resonator. */
    private static final double[] FORMANT_GAIN = {1.0, 0.5, 0.25};
    private static final double[][] LOG_FORMANT_HZ = logOf(FORMANT_HZ);
    private static final int LAST_VOWEL = FORMANT_HZ.length - 1;

    private static final double LN2_OVER_12 = Math.log(2.0) / 12.0;
    private static final double FLUSH = 1e-15;
    private static final int STATE_VERSION = 1;
    private static final String UNKNOWN_STATE_VERSION = "unknown formant state version; this build reads version 1";

    /** Integrator memories: {@code ic1[j]} (band) and {@code ic2[j]} (low) of formant j. */
    private final double[] ic1 = new double[FORMANTS];
    private final double[] ic2 = new double[FORMANTS];

    private float[] vowels = new float[0];
    private float[] qs = new float[0];
    private float[] shifts = new float[0];
    /** Per formant, per sample: the SVF coefficients a1, a2, a3. */
    private double[][] a1s = new double[FORMANTS][0];
    private double[][] a2s = new double[FORMANTS][0];
    private double[][] a3s = new double[FORMANTS][0];
    /** Per sample: {@code k = 1/q}, shared by the formants. */
    private double[] ks = new double[0];

    /** Creates an unprepared filter; call {@link #prepare} before {@link #process}. */
    public FormantFilter() {
    }

    private static double[][] logOf(double[][] hz) {
        double[][] out = new double[hz.length][];
        for (int v = 0; v < hz.length; v++) {
            out[v] = new double[hz[v].length];
            for (int j = 0; j < hz[v].length; j++) {
                out[v][j] = Math.log(hz[v][j]);
            }
        }
        return out;
    }

    private static double logFormant(double vowel, int formant) {
        final double v = vowel <= 0.0 ? 0.0 : Math.min(vowel, LAST_VOWEL);
        final int lo = Math.min((int) v, LAST_VOWEL - 1);
        final double t = v - lo;
        return LOG_FORMANT_HZ[lo][formant] + t * (LOG_FORMANT_HZ[lo + 1][formant] - LOG_FORMANT_HZ[lo][formant]);
    }

    @Override
    public void prepare(ProcessContext context) {
        int n = context.blockSize();
        vowels = new float[n];
        qs = new float[n];
        shifts = new float[n];
        a1s = new double[FORMANTS][n];
        a2s = new double[FORMANTS][n];
        a3s = new double[FORMANTS][n];
        ks = new double[n];
        reset();
    }

    @Override
    public void process(float[][] inputs, float[][] outputs, ParamBlock params, ProcessContext context) {
        final int n = context.blockSize();
        computeCoefficients(params, context.sampleRate(), n);

        final float[] in = inputs[IN];
        final float[] out = outputs[OUT];
        Arrays.fill(out, 0, n, 0f);
        final double[] k = ks;
        for (int j = 0; j < FORMANTS; j++) {
            final double[] a1 = a1s[j];
            final double[] a2 = a2s[j];
            final double[] a3 = a3s[j];
            final double gain = FORMANT_GAIN[j];
            double s1 = ic1[j];
            double s2 = ic2[j];
            for (int i = 0; i < n; i++) {
                final double v3 = in[i] - s2;
                final double v1 = a1[i] * s1 + a2[i] * v3;
                final double v2 = s2 + a2[i] * s1 + a3[i] * v3;
                s1 = flush(2.0 * v1 - s1);
                s2 = flush(2.0 * v2 - s2);
                out[i] += (float) (gain * k[i] * v1);
            }
            if (!Double.isFinite(s1 + s2)) {
                s1 = 0.0;
                s2 = 0.0;
            }
            ic1[j] = s1;
            ic2[j] = s2;
        }
    }

    private void computeCoefficients(ParamBlock params, double sampleRate, int n) {
        final Param vowel = params.get(P_VOWEL);
        final Param q = params.get(P_Q);
        final Param shift = params.get(P_SHIFT);
        final double maxHz = StateVariableFilter.MAX_CUTOFF_FRACTION * sampleRate;
        final double piOverRate = Math.PI / sampleRate;
        if (vowel.isSmoothing() || q.isSmoothing() || shift.isSmoothing()) {
            final float[] v = vowels;
            final float[] qq = qs;
            final float[] st = shifts;
            vowel.fill(v, n);
            q.fill(qq, n);
            shift.fill(st, n);
            for (int i = 0; i < n; i++) {
                setCoefficients(i, v[i], qq[i], st[i], maxHz, piOverRate);
            }
        } else {
            setCoefficients(0, vowel.value(), q.value(), shift.value(), maxHz, piOverRate);
            for (int j = 0; j < FORMANTS; j++) {
                Arrays.fill(a1s[j], 1, n, a1s[j][0]);
                Arrays.fill(a2s[j], 1, n, a2s[j][0]);
                Arrays.fill(a3s[j], 1, n, a3s[j][0]);
            }
            Arrays.fill(ks, 1, n, ks[0]);
        }
    }

    private void setCoefficients(int i, double vowel, double q, double shiftSemitones, double maxHz, double piOverRate) {
        final double k = 1.0 / q;
        ks[i] = k;
        final double logShift = shiftSemitones * LN2_OVER_12;
        for (int j = 0; j < FORMANTS; j++) {
            final double hz = Math.min(Math.exp(logFormant(vowel, j) + logShift), maxHz);
            final double g = Math.tan(hz * piOverRate);
            final double a1 = 1.0 / (1.0 + g * (g + k));
            final double a2 = g * a1;
            a1s[j][i] = a1;
            a2s[j][i] = a2;
            a3s[j][i] = g * a2;
        }
    }

    private static double flush(double x) {
        return Math.abs(x) < FLUSH ? 0.0 : x;
    }

    @Override
    public void reset() {
        Arrays.fill(ic1, 0.0);
        Arrays.fill(ic2, 0.0);
    }

    @Override
    public int stateSize() {
        return 2 * FORMANTS * Double.BYTES;
    }

    @Override
    public int stateVersion() {
        return STATE_VERSION;
    }

    @Override
    public void saveState(StateWriter out) {
        out.writeDoubles(ic1, 0, FORMANTS);
        out.writeDoubles(ic2, 0, FORMANTS);
    }

    @Override
    public void loadState(StateReader in, int version) {
        if (version != STATE_VERSION) {
            throw new IllegalArgumentException(UNKNOWN_STATE_VERSION);
        }
        in.readDoubles(ic1, 0, FORMANTS);
        in.readDoubles(ic2, 0, FORMANTS);
    }
}
