package org.aetherdsp.nodes.std;

/**
 * Steele, Lea and Flood's SplitMix64 generator as static functions over a {@code long} the
 * caller keeps (so a node can save it as state): advance the state by {@link #GAMMA}, then
 * {@link #mix} it. Passes BigCrush; every state, zero included, gives a full-period sequence.
 * Allocation-free, for the RT thread.
 *
 * <pre>{@code
 * state += SplitMix64.GAMMA;
 * double r = SplitMix64.bipolar(state);
 * }</pre>
 */
final class SplitMix64 {

    /** The golden-ratio increment between successive states. */
    static final long GAMMA = 0x9E3779B97F4A7C15L;

    private static final float TWO_POW_MINUS_23 = 1.0f / (1 << 23);

    private SplitMix64() {
    }

    /**
     * The starting state for a seed: the seed mixed once, so that neighbouring seeds start
     * far apart in the sequence rather than one {@link #GAMMA} step from each other.
     *
     * @param seed any value
     * @return the state to advance from
     */
    static long stateFor(long seed) {
        return mix(seed * GAMMA + 0x2545F4914F6CDD1DL);
    }

    /**
     * @param state a state
     * @return 64 well-mixed bits of it
     */
    static long mix(long state) {
        long z = state;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * A uniform value in [-1, 1) on a grid of 2^-23: exact in a float, never subnormal.
     *
     * @param state a state, advanced by the caller
     * @return the value for it
     */
    static float bipolar(long state) {
        return (int) (mix(state) >>> 40) * TWO_POW_MINUS_23 - 1.0f;
    }
}
