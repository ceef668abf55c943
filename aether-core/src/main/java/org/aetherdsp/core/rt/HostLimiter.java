package org.aetherdsp.core.rt;

/**
 * The host safety stage's limiter: after the non-finite guard, the last thing the samples pass
 * before they leave the engine, so that no patch can send a sound card 184.0 (45 dB over full
 * scale). A peak limiter linked across channels, with no look-ahead (no added latency): when a
 * frame would exceed the ceiling, the gain drops at once to exactly what brings it to the
 * ceiling; afterwards it recovers toward unity with a 50 ms time constant. Audio that stays
 * under the ceiling with the gain at unity passes bit for bit unchanged.
 *
 * <p>RT thread only; allocation-free.
 */
final class HostLimiter {

    private final float ceiling;
    /** Per frame, the part of the gain reduction that remains: exp(-1 / (50 ms)). */
    private final float recovery;
    /**
     * How far the gain is below unity (gain = 1 - reduction). Kept as the reduction, not the gain:
     * {@code 1 - (1 - g) * r} stalls in float a few ulps below 1, while the reduction itself decays
     * without cancellation.
     */
    private float reduction;

    /**
     * @param ceiling    the largest magnitude any output sample may have, e.g. 1.0 for full scale
     * @param sampleRate the engine's sample rate
     */
    HostLimiter(float ceiling, float sampleRate) {
        this.ceiling = ceiling;
        this.recovery = (float) Math.exp(-1.0 / (0.050 * sampleRate));
    }

    /**
     * Limits the first {@code channels} host buffers in place.
     *
     * @return the number of frames whose gain was below unity
     */
    int process(float[][] host, int channels, int frames) {
        if (reduction == 0f && peak(host, channels, frames) <= ceiling) {
            return 0; // the common case: nothing to do, and the samples are untouched
        }
        int limited = 0;
        float d = reduction;
        for (int i = 0; i < frames; i++) {
            d *= recovery;
            if (d < MIN_REDUCTION) {
                d = 0f; // below what a float sample near full scale can show: unity again
            }
            float peak = 0f;
            for (int ch = 0; ch < channels; ch++) {
                peak = Math.max(peak, Math.abs(host[ch][i]));
            }
            if (peak * (1f - d) > ceiling) {
                d = 1f - ceiling / peak;
            }
            if (d != 0f) {
                limited++;
                final float g = 1f - d;
                for (int ch = 0; ch < channels; ch++) {
                    // The clamp only catches rounding: peak * g is at most the ceiling.
                    host[ch][i] = Math.max(-ceiling, Math.min(ceiling, host[ch][i] * g));
                }
            }
        }
        reduction = d;
        return limited;
    }

    /** Half a float ulp below 1: a smaller reduction leaves {@code 1 - d} at exactly 1. */
    private static final float MIN_REDUCTION = 0x1p-25f;

    private static float peak(float[][] host, int channels, int frames) {
        float peak = 0f;
        for (int ch = 0; ch < channels; ch++) {
            final float[] b = host[ch];
            for (int i = 0; i < frames; i++) {
                peak = Math.max(peak, Math.abs(b[i]));
            }
        }
        return peak;
    }
}
