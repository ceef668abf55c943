package org.aetherdsp.nodes.std;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class MixerTest {

    @Test
    void sumsIn1AndIn3TimesTheirGainsWhileOtherInputsAreSilent() {
        NodeUnderTest m = NodeUnderTest.of("std.mix").set("gain1", 0.5f).set("gain3", 2.5f);
        Random rnd = new Random(3);
        float[] in1 = m.input("in1");
        float[] in3 = m.input("in3");
        for (int block = 0; block < 8; block++) {
            for (int i = 0; i < in1.length; i++) {
                in1[i] = (float) (rnd.nextDouble() * 2 - 1);
                in3[i] = (float) (rnd.nextDouble() * 2 - 1);
            }
            m.processBlock();
            for (int i = 0; i < in1.length; i++) {
                assertEquals(in1[i] * 0.5 + in3[i] * 2.5, m.outputs[0][i], 1e-6, "block " + block + " frame " + i);
            }
        }
    }

    @Test
    void everyInputIsWeightedByTheGainWithItsNumber() {
        NodeUnderTest m = NodeUnderTest.of("std.mix");
        double expected = 0.0;
        for (int k = 1; k <= 8; k++) {
            // Powers of two keep every product and sum exact, so the weights are told apart.
            float in = (float) Math.scalb(1.0, k);
            float gain = (float) Math.scalb(1.0, -2 * k);
            m.constantInput("in" + k, in).set("gain" + k, gain);
            expected += in * gain;
        }
        m.processBlock();
        for (float v : m.outputs[0]) {
            assertEquals(expected, v, 0.0);
        }
    }

    @Test
    void rampingGainIsAppliedPerSampleAndLandsOnItsTarget() {
        NodeUnderTest m = NodeUnderTest.of("std.mix").set("gain2", 4f).constantInput("in2", 1f);
        m.ramp("gain2", 0f, 100);
        float[] out = m.render(4);
        assertEquals(4f, out[0], 0f);
        for (int i = 1; i < 100; i++) {
            assertTrue(out[i] < out[i - 1], "not falling at frame " + i);
        }
        for (int i = 100; i < out.length; i++) {
            assertEquals(0f, out[i], 0f, "frame " + i);
        }
    }
}
