package org.aetherdsp.nodes.std;

import static org.junit.jupiter.api.Assertions.fail;

import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.StateBuffer;

/**
 * Checks for subnormal numbers, which make recursive DSP state slow on most CPUs: in
 * output, and in a node's saved state (read back field by field by the caller, who knows
 * the node's documented layout).
 */
final class UtilityStability {

    private UtilityStability() {
    }

    static boolean isSubnormal(float v) {
        return v != 0f && Math.abs(v) < Float.MIN_NORMAL;
    }

    static boolean isSubnormal(double v) {
        return v != 0.0 && Math.abs(v) < Double.MIN_NORMAL;
    }

    /** Fails naming the first subnormal sample of {@code x}. */
    static void assertNoSubnormal(float[] x, String what) {
        for (int i = 0; i < x.length; i++) {
            if (isSubnormal(x[i])) {
                fail(what + ": sample " + i + " is subnormal: " + x[i]);
            }
        }
    }

    /** The node's state, saved into a buffer of its declared size, ready to read. */
    static StateBuffer stateOf(DspNode node) {
        StateBuffer state = new StateBuffer(node.stateSize());
        node.saveState(state);
        return state;
    }

    /** Reads {@code count} floats from {@code state} and fails on the first subnormal. */
    static void assertNoSubnormalFloats(StateBuffer state, int count, String what) {
        for (int i = 0; i < count; i++) {
            float v = state.readFloat();
            if (isSubnormal(v)) {
                fail(what + ": float " + i + " of the state is subnormal: " + v);
            }
        }
    }
}
