package org.aetherdsp.nodes.std;

import org.aetherdsp.api.NodeDescriptor;

/**
 * Band-limited triangle oscillator, node type {@value #TYPE_ID}: a triangle in sine phase
 * (0 at the start of the cycle, {@code amp} a quarter in, {@code -amp} three quarters in),
 * read from mipmapped wavetables ({@link BandLimitedWavetable}) that hold only the (odd,
 * 1/k²) harmonics below Nyquist at the current phase increment, so it does not alias.
 *
 * <p>Ports:
 * <ul>
 *   <li>input {@code fm}: frequency modulation in Hz, added to {@code freq} per sample;</li>
 *   <li>input {@code pm}: phase modulation in cycles, added to the phase per sample (it
 *       offsets the phase read, it does not accumulate);</li>
 *   <li>output {@code out}, in [-amp, amp] (band-limiting rounds the corners, it does not
 *       overshoot).</li>
 * </ul>
 * Parameters:
 * <ul>
 *   <li>{@code freq}: frequency, 0.01..20000 Hz, default 440, smoothed over 20 ms;</li>
 *   <li>{@code amp}: linear amplitude, 0..1, default 1, smoothed over 20 ms.</li>
 * </ul>
 * As for {@link SawOscillator}, the harmonic content follows {@code freq + fm} and the change
 * of {@code pm} (modulo whole cycles) sample by sample. No DC: the table has none.
 *
 * <p>State: the phase and the last {@code pm} sample (version 2).
 */
public final class TriangleOscillator extends BandLimitedOscillator {

    /** The stable node type id. */
    public static final String TYPE_ID = "std.osc.triangle";

    /** Ports {@code fm}, {@code pm} to {@code out}; parameters {@code freq}, {@code amp}. */
    public static final NodeDescriptor DESCRIPTOR = descriptor("Triangle oscillator (band-limited)");

    /** Creates an unprepared oscillator; call {@link #prepare} before {@link #process}. */
    public TriangleOscillator() {
        super(BandLimitedWavetable.TRIANGLE);
    }

}
