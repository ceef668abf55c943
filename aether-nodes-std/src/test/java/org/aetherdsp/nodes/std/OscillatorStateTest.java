package org.aetherdsp.nodes.std;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;

import org.aetherdsp.api.StateBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OscillatorStateTest {

    /** An oscillator at an awkward frequency with both modulation inputs in use. */
    private static NodeUnderTest modulated(String typeId) {
        NodeUnderTest n = NodeUnderTest.of(typeId).set("freq", 1234.567f).set("amp", 0.8f).constantInput("fm", 37.5f);
        float[] pm = n.input("pm");
        for (int i = 0; i < pm.length; i++) {
            pm[i] = (float) (0.1 * Math.sin(i * 0.3));
        }
        return n;
    }

    @ParameterizedTest
    @ValueSource(strings = {"std.osc.sine", "std.osc.saw", "std.osc.square", "std.osc.triangle"})
    void stateSavedAfter1000BlocksContinuesBitIdenticallyInAFreshInstance(String typeId) {
        NodeUnderTest original = modulated(typeId);
        original.render(1000);

        StateBuffer state = new StateBuffer(original.node.stateSize());
        original.node.saveState(state);
        assertEquals(original.node.stateSize(), state.size(), "stateSize() is the exact number of bytes written");

        NodeUnderTest restored = modulated(typeId);
        restored.node.loadState(state, original.node.stateVersion());
        assertEquals(0, state.remaining(), "loadState reads everything saveState wrote");
        NodeUnderTest unrestored = modulated(typeId);

        float[] expected = original.render(10);
        assertArrayEquals(expected, restored.render(10));
        assertFalse(Arrays.equals(expected, unrestored.render(10)), "the saved phase must matter for this test to mean anything");
    }

    @ParameterizedTest
    @ValueSource(strings = {"std.osc.sine", "std.osc.saw", "std.osc.square", "std.osc.triangle"})
    void afterResetOutputEqualsAFreshlyPreparedNode(String typeId) {
        NodeUnderTest used = modulated(typeId);
        float[] before = used.render(137);
        used.node.reset();
        float[] afterReset = used.render(10);

        float[] fresh = modulated(typeId).render(10);
        assertArrayEquals(fresh, afterReset);
        assertFalse(Arrays.equals(Arrays.copyOfRange(before, before.length - fresh.length, before.length), fresh),
                "the render before reset must differ from a fresh one for this test to mean anything");
    }
}
