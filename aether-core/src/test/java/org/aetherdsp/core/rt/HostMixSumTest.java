package org.aetherdsp.core.rt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link HostMix#sum} adds the sources in the same order as one pass per source: the same bits. */
class HostMixSumTest {

    @Test
    void sumsLeftToRightLikeOnePassPerSource() {
        SplittableRandom random = new SplittableRandom(18);
        for (int trial = 0; trial < 2_000; trial++) {
            final int count = 1 + random.nextInt(24);
            final int frames = random.nextInt(130);
            float[][] src = new float[count][frames + random.nextInt(3)];
            for (float[] b : src) {
                for (int i = 0; i < b.length; i++) {
                    // Mixed magnitudes, so that the order of the additions shows in the low bits.
                    b[i] = (float) (random.nextDouble(-1, 1) * Math.pow(10, random.nextInt(-6, 7)));
                }
            }
            float[] expected = new float[frames + 2];
            System.arraycopy(src[0], 0, expected, 0, frames);
            for (int s = 1; s < count; s++) {
                for (int i = 0; i < frames; i++) {
                    expected[i] += src[s][i];
                }
            }
            float[] dst = new float[frames + 2];
            dst[frames] = 7f; // beyond the block: must stay untouched
            expected[frames] = 7f;
            HostMix.sum(src, dst, frames);
            for (int i = 0; i < frames + 2; i++) {
                assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(dst[i]),
                        "trial " + trial + ", " + count + " sources, frame " + i);
            }
        }
    }
}
