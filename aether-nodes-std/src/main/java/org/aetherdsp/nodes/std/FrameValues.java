package org.aetherdsp.nodes.std;

import org.aetherdsp.api.Param;

/** A parameter's value at every frame of a block, for the effect nodes' per-sample loops. */
final class FrameValues {

    private FrameValues() {
    }

    /**
     * Writes the parameter's value per frame of this block into {@code scratch}: its ramp
     * while it smooths, else its block-start value repeated. RT-safe.
     *
     * @return {@code scratch}
     */
    static float[] of(Param p, float[] scratch, int n) {
        if (p.isSmoothing()) {
            p.fill(scratch, n);
        } else {
            final float v = p.value();
            for (int i = 0; i < n; i++) {
                scratch[i] = v;
            }
        }
        return scratch;
    }
}
