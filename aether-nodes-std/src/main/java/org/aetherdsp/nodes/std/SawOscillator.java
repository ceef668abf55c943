package org.aetherdsp.nodes.std;

import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.ParamBlock;
import org.aetherdsp.api.ProcessContext;

/**
 * Band-limited sawtooth oscillator, node type {@value #TYPE_ID}: a rising ramp from -1 to
 * 1 per cycle, times {@code amp}, with the jump smoothed by PolyBLEP (a two-sample
 * polynomial band-limited step residual) to suppress aliasing.
 *
 * <p>Ports:
 * <ul>
 *   <li>input {@code fm}: frequency modulation in Hz, added to {@code freq} per sample
 *       (a negative total frequency plays the ramp backwards);</li>
 *   <li>input {@code pm}: phase modulation in cycles, added to the phase per sample (it
 *       offsets the phase read, it does not accumulate);</li>
 *   <li>output {@code out}, in about [-amp, amp].</li>
 * </ul>
 * Parameters:
 * <ul>
 *   <li>{@code freq}: frequency, 0.01..20000 Hz, default 440, smoothed over 20 ms;</li>
 *   <li>{@code amp}: linear amplitude, 0..1, default 1, smoothed over 20 ms.</li>
 * </ul>
 * State: the phase (one double, version 1).
 *
 * <p>The PolyBLEP correction is sized by the frequency ({@code freq + fm}) only; fast
 * phase modulation moves the jump without widening the correction, so it aliases like
 * any phase-modulated naive waveform.
 */
public final class SawOscillator extends Oscillator {

    /** The stable node type id. */
    public static final String TYPE_ID = "std.osc.saw";

    /** Ports {@code fm}, {@code pm} to {@code out}; parameters {@code freq}, {@code amp}. */
    public static final NodeDescriptor DESCRIPTOR = descriptor("Saw oscillator (band-limited)");

    /** Above half a cycle per sample the two halves of the residual would overlap. */
    private static final double MAX_STEP = 0.5;

    /** Creates an unprepared oscillator; call {@link #prepare} before {@link #process}. */
    public SawOscillator() {
    }

    @Override
    public void process(float[][] inputs, float[][] outputs, ParamBlock params, ProcessContext context) {
        final int n = context.blockSize();
        final float[] fm = inputs[IN_FM];
        final float[] pm = inputs[IN_PM];
        final float[] out = outputs[OUT];
        final float[] freq = freqs;
        final float[] amp = amps;
        params.get(P_FREQ).fill(freq, n);
        params.get(P_AMP).fill(amp, n);
        final double invSampleRate = 1.0 / context.sampleRate();

        double p = phase;
        for (int i = 0; i < n; i++) {
            final double inc = ((double) freq[i] + fm[i]) * invSampleRate;
            double t = p + pm[i];
            if (t >= 1.0 || t < 0.0) {
                t = wrap(t);
            }
            final double dt = Math.min(Math.abs(inc), MAX_STEP);
            out[i] = (float) (amp[i] * (2.0 * t - 1.0 - polyBlep(t, dt)));
            p += inc;
            if (p >= 1.0 || p < 0.0) {
                p = wrap(p);
            }
        }
        phase = p;
    }

    /**
     * The residual between a unit-slope ramp's naive jump at phase 0 and a band-limited
     * one, for phase {@code t} in [0, 1) and phase step {@code dt} in [0, 0.5]. Non-zero only
     * within one step on either side of the jump. The residual is symmetric about the jump,
     * so it is the same for a ramp played backwards.
     */
    static double polyBlep(double t, double dt) {
        if (t < dt) {
            final double x = t / dt;
            return x + x - x * x - 1.0;
        }
        if (t > 1.0 - dt) {
            final double x = (t - 1.0) / dt;
            return x * x + x + x + 1.0;
        }
        return 0.0;
    }
}
