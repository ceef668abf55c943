package org.aetherdsp.nodes.std;

import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.Param;
import org.aetherdsp.api.ParamBlock;
import org.aetherdsp.api.ParamSpec;
import org.aetherdsp.api.ProcessContext;

/**
 * Band-limited pulse oscillator, node type {@value #TYPE_ID}: {@code +amp} for the first
 * {@code width} of each cycle and {@code -amp} for the rest (a square wave at the default
 * width 0.5), made as the difference of two band-limited saws {@code width} of a cycle apart
 * plus the pulse's mean, so it does not alias at any width and pulse-width modulation is
 * smooth.
 *
 * <p>Ports:
 * <ul>
 *   <li>input {@code fm}: frequency modulation in Hz, added to {@code freq} per sample;</li>
 *   <li>input {@code pm}: phase modulation in cycles, added to the phase per sample (it
 *       offsets the phase read, it does not accumulate);</li>
 *   <li>output {@code out}: in [-amp, amp] up to the Gibbs overshoot of band-limited
 *       edges, about 18% of amp (9% of the jump) next to each edge.</li>
 * </ul>
 * Parameters:
 * <ul>
 *   <li>{@code freq}: frequency, 0.01..20000 Hz, default 440, smoothed over 20 ms;</li>
 *   <li>{@code amp}: linear amplitude, 0..1, default 1, smoothed over 20 ms;</li>
 *   <li>{@code width}: pulse width, the fraction of the cycle spent high, 0.01..0.99,
 *       default 0.5, smoothed over 20 ms. The output's mean is {@code amp * (2 width - 1)}.</li>
 * </ul>
 * As for {@link SawOscillator}, the harmonic content follows {@code freq + fm} and the change
 * of {@code pm} (modulo whole cycles) sample by sample.
 *
 * <p>State: the phase and the last {@code pm} sample (version 2).
 */
public final class SquareOscillator extends BandLimitedOscillator {

    /** The stable node type id. */
    public static final String TYPE_ID = "std.osc.square";

    /** Parameter: pulse width, the high fraction of the cycle. */
    public static final int P_WIDTH = 2;

    /** Ports {@code fm}, {@code pm} to {@code out}; parameters {@code freq}, {@code amp}, {@code width}. */
    public static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("Square/pulse oscillator (band-limited)")
            .input("fm").input("pm")
            .output("out")
            .param(ParamSpec.of("freq", 0.01f, 20_000f, 440f, "Hz", 20f))
            .param(ParamSpec.of("amp", 0f, 1f, 1f, "", 20f))
            .param(ParamSpec.of("width", 0.01f, 0.99f, 0.5f, "", 20f))
            .build();

    /** Per-frame {@code width}, filled from the parameter each block. */
    private float[] widths = new float[0];

    /** Creates an unprepared oscillator; call {@link #prepare} before {@link #process}. */
    public SquareOscillator() {
        super(BandLimitedWavetable.SAW);
    }

    @Override
    public void prepare(ProcessContext context) {
        super.prepare(context);
        widths = new float[context.blockSize()];
    }

    @Override
    public void process(float[][] inputs, float[][] outputs, ParamBlock params, ProcessContext context) {
        final int n = context.blockSize();
        final Param freqParam = params.get(P_FREQ);
        final Param widthParam = params.get(P_WIDTH);
        final Param ampParam = params.get(P_AMP);
        if (steady(context, freqParam, ampParam) && !widthParam.isSmoothing()) {
            processSteady(outputs[OUT], n, freqParam.value() * (1.0 / context.sampleRate()), ampParam.value(),
                    widthParam.value());
            return;
        }
        final float[] fm = inputs[IN_FM];
        final float[] pm = inputs[IN_PM];
        final float[] out = outputs[OUT];
        final float[] freq = freqs;
        final float[] amp = amps;
        final float[] width = widths;
        params.get(P_FREQ).fill(freq, n);
        params.get(P_AMP).fill(amp, n);
        params.get(P_WIDTH).fill(width, n);
        final double invSampleRate = 1.0 / context.sampleRate();
        final BandLimitedWavetable saw = table;

        double p = phase;
        double prevPm = previousPm(lastPm, pm);
        for (int i = 0; i < n; i++) {
            final double inc = ((double) freq[i] + fm[i]) * invSampleRate;
            final double readInc = readIncrement(inc, pm[i] - prevPm);
            prevPm = pm[i];
            double t = p + pm[i];
            if (t >= 1.0 || t < 0.0) {
                t = wrap(t);
            }
            final double w = width[i];
            // saw(t - w) - saw(t) is 2 - 2w while t < w and -2w after: shifted by 2w - 1,
            // +1 then -1.
            final double lagged = wrap(t - w);
            final int level = BandLimitedWavetable.level(readInc);
            final double weight = BandLimitedWavetable.weight(level, readInc);
            final double pulse = saw.read(level, weight, lagged) - saw.read(level, weight, t) + (2.0 * w - 1.0);
            out[i] = (float) (amp[i] * pulse);
            p += inc;
            if (p >= 1.0 || p < 0.0) {
                p = wrap(p);
            }
        }
        phase = p;
        lastPm = prevPm;
    }

    /**
     * The general loop when nothing modulates the frequency or the width: the levels and their
     * weight once per block instead of per frame from a division. The same operations on the
     * same values otherwise, so the same output to the last bit, and the same state ({@code pm}
     * read silence).
     */
    private void processSteady(float[] out, int n, double inc, double amp, float width) {
        final BandLimitedWavetable saw = table;
        final int level = BandLimitedWavetable.level(inc);
        final double weight = BandLimitedWavetable.weight(level, inc);
        // BandLimitedWavetable.read, with its tables in locals.
        final double[] lower = saw.levelTable(level - 1);
        final double[] upper = saw.levelTable(level);
        final double lowerScale = saw.levelScale(level - 1);
        final double upperScale = saw.levelScale(level);
        final double w = width;
        final double mean = 2.0 * w - 1.0;
        double p = phase;
        for (int i = 0; i < n; i++) {
            // wrap(p - w) for p - w in (-1, 1), without its Math.floor (see BandLimitedWavetable.interpolate).
            double lagged = p - w;
            if (lagged < 0.0) {
                lagged += 1.0;
                if (lagged >= 1.0) {
                    lagged = 0.0;
                }
            }
            final double lag = BandLimitedWavetable.read(lower, lowerScale, upper, upperScale, weight, lagged);
            final double now = BandLimitedWavetable.read(lower, lowerScale, upper, upperScale, weight, p);
            out[i] = (float) (amp * (lag - now + mean));
            p += inc;
            if (p >= 1.0) { // inc > 0: freq is at least 0.01 Hz and nothing is added to it
                p = wrap(p);
            }
        }
        phase = p;
        lastPm = 0.0;
    }
}
