package org.aetherdsp.nodes.std;

import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.Param;
import org.aetherdsp.api.ParamBlock;
import org.aetherdsp.api.ProcessContext;

/**
 * Sine oscillator, node type {@value #TYPE_ID}: {@code out = amp * sin(2π (phase + pm))}.
 *
 * <p>Ports:
 * <ul>
 *   <li>input {@code fm}: frequency modulation in Hz, added to {@code freq} per sample;</li>
 *   <li>input {@code pm}: phase modulation in cycles, added to the phase per sample (it
 *       offsets the phase read, it does not accumulate);</li>
 *   <li>output {@code out}.</li>
 * </ul>
 * Parameters:
 * <ul>
 *   <li>{@code freq}: frequency, 0.01..20000 Hz, default 440, smoothed over 20 ms;</li>
 *   <li>{@code amp}: linear amplitude, 0..1, default 1, smoothed over 20 ms.</li>
 * </ul>
 * State: the phase (one double, version 1). The phase is kept as a double in [0, 1) so
 * long renders do not drift in pitch.
 *
 * <p>The sine is a polynomial of the phase ({@link FastSine}), within 1e-13 of
 * {@code Math.sin(2π (phase + pm))} and about twice as fast.
 */
public final class SineOscillator extends Oscillator {

    /** The stable node type id. */
    public static final String TYPE_ID = "std.osc.sine";

    /** Ports {@code fm}, {@code pm} to {@code out}; parameters {@code freq}, {@code amp}. */
    public static final NodeDescriptor DESCRIPTOR = descriptor("Sine oscillator");

    /** Creates an unprepared oscillator; call {@link #prepare} before {@link #process}. */
    public SineOscillator() {
    }

    @Override
    public void process(float[][] inputs, float[][] outputs, ParamBlock params, ProcessContext context) {
        final int n = context.blockSize();
        final Param freqParam = params.get(P_FREQ);
        final Param ampParam = params.get(P_AMP);
        final double invSampleRate = 1.0 / context.sampleRate();
        if (!freqParam.isSmoothing() && !ampParam.isSmoothing()
                && !context.isConnected(IN_FM) && !context.isConnected(IN_PM)) {
            processSteady(outputs[OUT], n, freqParam.value() * invSampleRate, ampParam.value());
            return;
        }
        final float[] fm = inputs[IN_FM];
        final float[] pm = inputs[IN_PM];
        final float[] out = outputs[OUT];
        final float[] freq = freqs;
        final float[] amp = amps;
        freqParam.fill(freq, n);
        ampParam.fill(amp, n);

        double p = phase;
        for (int i = 0; i < n; i++) {
            out[i] = (float) (amp[i] * FastSine.turns(p + pm[i]));
            p += ((double) freq[i] + fm[i]) * invSampleRate;
            if (p >= 1.0 || p < 0.0) {
                p = wrap(p);
            }
        }
        phase = p;
    }

    /**
     * The loop of {@link #process} when nothing modulates it: {@code fm} and {@code pm}
     * unconnected, {@code freq} and {@code amp} settled. The same operations on the same values
     * (adding the silent inputs' zeros changes nothing), so the same output to the last bit,
     * without the per-frame loads and float-to-double conversions of the inputs, which C2 on
     * JDK 17 can tie to an unrelated earlier result (see {@code BandLimitedWavetable.interpolate}).
     */
    private void processSteady(float[] out, int n, double inc, double amp) {
        double p = phase;
        for (int i = 0; i < n; i++) {
            out[i] = (float) (amp * FastSine.turns(p));
            p += inc;
            if (p >= 1.0) { // inc > 0: freq is at least 0.01 Hz
                p = wrap(p);
            }
        }
        phase = p;
    }
}
