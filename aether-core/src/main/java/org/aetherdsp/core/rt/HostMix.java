package org.aetherdsp.core.rt;

import java.util.Arrays;

/**
 * A plan's host channels: which buffers are summed into each, and the non-finite guard that
 * every sample passes on its way out. Filled with the plan on the control side; written to the
 * host by the RT thread.
 */
final class HostMix {

    private static final float[][][] NONE = {};

    /** Per host channel, the buffers summed into it (empty: silence). */
    private float[][][] sources = NONE;
    int channels;

    void begin(int channelCount) {
        if (sources.length < channelCount) {
            sources = Arrays.copyOf(sources, channelCount);
        }
        channels = channelCount;
    }

    void channel(int channel, float[][] list) {
        if (sources[channel] != list) {
            sources[channel] = list;
        }
    }

    float[][] sources(int channel) {
        return sources[channel];
    }

    void check() {
        for (int ch = 0; ch < channels; ch++) {
            if (sources[ch] == null) {
                throw new IllegalStateException("host channel " + ch + " has no source list");
            }
        }
    }

    /**
     * Sums the channel sources into {@code host}, in their order, replacing NaN and infinities
     * by 0; channels beyond the plan's are silenced. RT thread.
     *
     * @return the number of non-finite samples replaced
     */
    int write(float[][] host, int frames) {
        int bad = 0;
        final int n = Math.min(host.length, channels);
        for (int ch = 0; ch < n; ch++) {
            float[] dst = host[ch];
            float[][] src = sources[ch];
            if (src.length == 0) {
                Arrays.fill(dst, 0, frames, 0f);
                continue;
            }
            sum(src, dst, frames);
            for (int i = 0; i < frames; i++) {
                float v = dst[i];
                // v - v is 0 for every finite v and NaN for NaN and both infinities.
                if (v - v != 0f) {
                    dst[i] = 0f;
                    bad++;
                }
            }
        }
        for (int ch = n; ch < host.length; ch++) {
            Arrays.fill(host[ch], 0, frames, 0f);
        }
        return bad;
    }

    /**
     * {@code dst = src[0] + src[1] + ...}, added left to right per frame (the same bits as one
     * pass per source), but up to four sources per pass over {@code dst}: a host channel often
     * sums many voices, and each pass costs a load and store of {@code dst} and its own loop
     * overhead (C2 vectorises each of these loops). RT thread.
     */
    static void sum(float[][] src, float[] dst, int frames) {
        final int count = src.length;
        int s;
        if (count >= 4) {
            final float[] a = src[0];
            final float[] b = src[1];
            final float[] c = src[2];
            final float[] d = src[3];
            for (int i = 0; i < frames; i++) {
                dst[i] = a[i] + b[i] + c[i] + d[i];
            }
            s = 4;
        } else {
            System.arraycopy(src[0], 0, dst, 0, frames);
            s = 1;
        }
        for (; s + 4 <= count; s += 4) {
            final float[] a = src[s];
            final float[] b = src[s + 1];
            final float[] c = src[s + 2];
            final float[] d = src[s + 3];
            for (int i = 0; i < frames; i++) {
                dst[i] = dst[i] + a[i] + b[i] + c[i] + d[i];
            }
        }
        for (; s < count; s++) {
            final float[] a = src[s];
            for (int i = 0; i < frames; i++) {
                dst[i] += a[i];
            }
        }
    }
}
