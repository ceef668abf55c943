package org.aetherdsp.nodes.std;

import org.aetherdsp.api.NodeDescriptor;

/**
 * Band-limited sawtooth oscillator, node type {@value #TYPE_ID}: a rising ramp from -1 to
 * 1 per cycle, times {@code amp}, read from mipmapped wavetables
 * ({@link BandLimitedWavetable}) that hold only the harmonics below Nyquist at the current
 * phase increment, so it does not alias.
 *
 * <p>Ports:
 * <ul>
 *   <li>input {@code fm}: frequency modulation in Hz, added to {@code freq} per sample
 *       (a negative total frequency plays the ramp backwards);</li>
 *   <li>input {@code pm}: phase modulation in cycles, added to the phase per sample (it
 *       offsets the phase read, it does not accumulate);</li>
 *   <li>output {@code out}: in [-amp, amp] up to the Gibbs overshoot of a band-limited
 *       edge, about 18% of amp (9% of the jump) next to each jump.</li>
 * </ul>
 * Parameters:
 * <ul>
 *   <li>{@code freq}: frequency, 0.01..20000 Hz, default 440, smoothed over 20 ms;</li>
 *   <li>{@code amp}: linear amplitude, 0..1, default 1, smoothed over 20 ms.</li>
 * </ul>
 * The harmonic content follows the increment of the phase actually read, sample by
 * sample: {@code freq + fm} plus the change of {@code pm} modulo whole cycles. So
 * modulation does not push harmonics past Nyquist either (the sidebands it makes can still
 * fold, as for any modulated waveform).
 *
 * <p>State: the phase and the last {@code pm} sample (version 2; the PolyBLEP saw's
 * version 1, the phase alone, is still read).
 */
public final class SawOscillator extends BandLimitedOscillator {

    /** The stable node type id. */
    public static final String TYPE_ID = "std.osc.saw";

    /** Ports {@code fm}, {@code pm} to {@code out}; parameters {@code freq}, {@code amp}. */
    public static final NodeDescriptor DESCRIPTOR = descriptor("Saw oscillator (band-limited)");

    /** Creates an unprepared oscillator; call {@link #prepare} before {@link #process}. */
    public SawOscillator() {
        super(BandLimitedWavetable.SAW);
    }

}
