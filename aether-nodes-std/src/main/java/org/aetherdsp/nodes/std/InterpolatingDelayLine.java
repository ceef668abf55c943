package org.aetherdsp.nodes.std;

import java.util.Arrays;

import org.aetherdsp.api.StateReader;
import org.aetherdsp.api.StateWriter;

/**
 * A circular delay line read at fractional delays, shared by the delay and chorus nodes.
 * Sized once on the control thread ({@link #allocate}); every other method is RT-safe.
 *
 * <p>Per sample a node first reads ({@link #read}), then writes ({@link #write}). A delay of
 * {@code k} samples therefore reads the sample written {@code k} writes ago, and the shortest
 * delay is one sample, so that a feedback loop through the line is causal.
 *
 * <p>Reads use the 4-point, 3rd-order Hermite (Catmull-Rom) interpolator, which returns
 * stored samples exactly at integer delays. Between 1 and 2 samples its newest tap would be
 * the sample not yet written, so there it falls back to linear interpolation; both agree
 * at integer delays, so the switch is continuous.
 */
final class InterpolatingDelayLine {

    /** Taps beyond the longest delay that the interpolator reads: one older, plus slack. */
    private static final int GUARD = 4;

    private float[] buffer = new float[GUARD];
    /** Where the next sample is written. */
    private int pos;

    /**
     * Sizes the line for delays up to {@code maxDelaySamples} and clears it. Control thread.
     *
     * @param maxDelaySamples the longest delay that will be read, at least 1
     */
    void allocate(int maxDelaySamples) {
        buffer = new float[Math.max(1, maxDelaySamples) + GUARD];
        pos = 0;
    }

    /** @return the longest delay in samples {@link #read} honours */
    int maxDelay() {
        return buffer.length - GUARD;
    }

    /** Silences the line. */
    void clear() {
        Arrays.fill(buffer, 0f);
        pos = 0;
    }

    /**
     * The sample written {@code k} writes ago.
     *
     * @param k 1..{@link #maxDelay()} + 2
     */
    float tap(int k) {
        int j = pos - k;
        if (j < 0) {
            j += buffer.length;
        }
        return buffer[j];
    }

    /**
     * Reads at a fractional delay.
     *
     * @param delay in samples; clamped to [1, {@link #maxDelay()}]
     * @return the interpolated sample
     */
    float read(double delay) {
        double d = delay;
        if (d < 1.0) {
            d = 1.0;
        } else if (d > buffer.length - GUARD) {
            d = buffer.length - GUARD;
        }
        final int i = (int) d;
        final float t = (float) (d - i);
        if (i < 2) {
            final float x0 = tap(1);
            return x0 + t * (tap(2) - x0);
        }
        return hermite(tap(i - 1), tap(i), tap(i + 1), tap(i + 2), t);
    }

    /**
     * 4-point Catmull-Rom interpolation between {@code x0} (t = 0) and {@code x1} (t = 1),
     * with the neighbours {@code xm1} before and {@code x2} after.
     */
    static float hermite(float xm1, float x0, float x1, float x2, float t) {
        final float c1 = 0.5f * (x1 - xm1);
        final float c2 = xm1 - 2.5f * x0 + 2f * x1 - 0.5f * x2;
        final float c3 = 0.5f * (x2 - xm1) + 1.5f * (x0 - x1);
        return ((c3 * t + c2) * t + c1) * t + x0;
    }

    /** Appends one sample. */
    void write(float x) {
        buffer[pos] = x;
        if (++pos == buffer.length) {
            pos = 0;
        }
    }

    /** @return the bytes {@link #save} writes */
    int stateSize() {
        return 2 * Integer.BYTES + buffer.length * Float.BYTES;
    }

    void save(StateWriter out) {
        out.writeInt(buffer.length);
        out.writeInt(pos);
        out.writeFloats(buffer, 0, buffer.length);
    }

    private static final String LENGTH_MISMATCH =
            "delay line state has another length: it was saved at another sample rate";

    void load(StateReader in) {
        if (in.readInt() != buffer.length) {
            throw new IllegalArgumentException(LENGTH_MISMATCH);
        }
        final int p = in.readInt();
        in.readFloats(buffer, 0, buffer.length);
        pos = p >= 0 && p < buffer.length ? p : 0;
    }

    /**
     * Flushes magnitudes below 1e-15 (about -300 dBFS) to zero: Java cannot set the CPU's
     * flush-to-zero mode, and a decaying feedback loop would otherwise end up computing with
     * subnormal numbers, which are up to a hundred times slower.
     */
    static float flush(float x) {
        return Math.abs(x) < 1e-15f ? 0f : x;
    }
}
