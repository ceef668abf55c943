package org.aetherdsp.nodes.std;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class GainTest {

    @Test
    void constantGainScalesEverySampleExactly() {
        NodeUnderTest g = NodeUnderTest.of("std.gain").set("gain", 0.37f);
        Random rnd = new Random(1);
        for (int block = 0; block < 8; block++) {
            float[] in = g.input("in");
            for (int i = 0; i < in.length; i++) {
                in[i] = (float) (rnd.nextDouble() * 2 - 1);
            }
            g.processBlock();
            for (int i = 0; i < in.length; i++) {
                assertEquals(in[i] * 0.37f, g.outputs[0][i], 0f, "block " + block + " frame " + i);
            }
        }
    }

    @Test
    void rampFrom0To1Over480FramesRisesMonotonicallyAndIsExactFromFrame480() {
        float input = 0.75f;
        NodeUnderTest g = NodeUnderTest.of("std.gain").set("gain", 0f).constantInput("in", input);
        g.ramp("gain", 1f, 480);
        float[] out = g.render(12);

        assertEquals(0f, out[0], 0f, "ramp starts at the old gain");
        for (int i = 1; i < 480; i++) {
            assertTrue(out[i] > out[i - 1], "not rising at frame " + i + ": " + out[i - 1] + " -> " + out[i]);
            assertTrue(out[i] < input, "reached the target early at frame " + i);
        }
        assertEquals(input * 0.5, out[240], 1e-5, "linear: half way at frame 240");
        for (int i = 480; i < out.length; i++) {
            assertEquals(input, out[i], 0f, "frame " + i);
        }
    }

    @Test
    void inputIsNotWritten() {
        NodeUnderTest g = NodeUnderTest.of("std.gain").set("gain", 3f).constantInput("in", 0.25f);
        g.ramp("gain", 0f, 100);
        g.render(4);
        for (float v : g.input("in")) {
            assertEquals(0.25f, v, 0f);
        }
    }
}
