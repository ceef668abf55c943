package org.aetherdsp.nodes.std;

/**
 * The control-side view of a level meter ({@link LevelMeter}, node type {@code std.meter}):
 * the latest peak and RMS levels, published by the RT thread once per block.
 *
 * <p>Reach it with {@code engine.nodeAs(handle, Meter.class)}. Every method is safe to call
 * from any control thread at any time while the node runs; none blocks the RT thread, and
 * none returns a torn value or NaN. Levels are linear (1.0 = full scale); a node that has
 * not yet processed a block reads 0.
 */
public interface Meter {

    /**
     * The peak level: the largest absolute sample value, held for the node's {@code hold}
     * time and then falling at its {@code fall} rate.
     *
     * @return the peak level, linear, {@code >= 0}
     */
    float peak();

    /**
     * The RMS level over the node's {@code window}: {@code sqrt(mean(x^2))} of the last
     * window's samples (a sine of amplitude {@code A} reads {@code A / sqrt(2)}).
     *
     * @return the RMS level, linear, {@code >= 0}
     */
    float rms();

    /**
     * A consistent snapshot: peak, RMS and frame count all from the same block.
     *
     * @return the levels after the most recently published block
     */
    Reading reading();

    /**
     * @return {@link #peak()} in dB relative to full scale; {@code -Infinity} for silence
     */
    default float peakDb() {
        return Reading.toDb(peak());
    }

    /**
     * @return {@link #rms()} in dB relative to full scale; {@code -Infinity} for silence
     */
    default float rmsDb() {
        return Reading.toDb(rms());
    }

    /**
     * One published set of levels.
     *
     * @param peak   the peak level, linear
     * @param rms    the RMS level, linear
     * @param frames how many frames the meter had measured when it published these levels
     *               (since it was prepared or reset)
     */
    record Reading(float peak, float rms, long frames) {

        /**
         * @param linear a level
         * @return {@code 20 log10(linear)}, {@code -Infinity} for 0
         */
        static float toDb(float linear) {
            return (float) (20.0 * Math.log10(linear));
        }
    }
}
