package org.aetherdsp.nodes.std;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class PanTest {

    private static void fillNoise(float[] in, Random rnd) {
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
    }

    /** max over samples of |L^2 + R^2 - in^2| / in^2 for the last processed block. */
    private static double energyError(NodeUnderTest p) {
        float[] in = p.input("in");
        double worst = 0;
        for (int i = 0; i < in.length; i++) {
            double l = p.outputs[Pan.LEFT][i];
            double r = p.outputs[Pan.RIGHT][i];
            double x2 = (double) in[i] * in[i];
            if (x2 > 1e-6) {
                worst = Math.max(worst, Math.abs(l * l + r * r - x2) / x2);
            }
        }
        return worst;
    }

    @Test
    void leftSquaredPlusRightSquaredEqualsInputSquaredAtEveryPanPosition() {
        Random rnd = new Random(5);
        double worst = 0;
        for (int step = 0; step <= 400; step++) {
            float pan = -1f + step / 200f;
            NodeUnderTest p = NodeUnderTest.of(Pan.TYPE_ID).set("pan", pan);
            fillNoise(p.input("in"), rnd);
            p.processBlock();
            worst = Math.max(worst, energyError(p));
        }
        System.out.println("std.pan: worst relative error of L^2 + R^2 vs in^2 over 401 positions: " + worst);
        assertTrue(worst < 1e-6, "L^2 + R^2 differs from in^2 by " + worst);
    }

    @Test
    void energyIsPreservedSampleBySampleWhileThePanSweepsFromLeftToRight() {
        Random rnd = new Random(6);
        NodeUnderTest p = NodeUnderTest.of(Pan.TYPE_ID).set("pan", -1f).ramp("pan", 1f, 4800);
        double worst = 0;
        double previousLeftGain = 1.0;
        for (int b = 0; b < 4800 / NodeUnderTest.BLOCK; b++) {
            fillNoise(p.input("in"), rnd);
            p.processBlock();
            worst = Math.max(worst, energyError(p));
            float[] in = p.input("in");
            for (int i = 0; i < NodeUnderTest.BLOCK; i++) {
                if (Math.abs(in[i]) > 0.1f) {
                    double leftGain = p.outputs[Pan.LEFT][i] / (double) in[i];
                    assertTrue(leftGain <= previousLeftGain + 1e-6, "the left gain must fall during a left-to-right sweep");
                    previousLeftGain = leftGain;
                }
            }
        }
        System.out.println("std.pan: worst relative energy error during a 100 ms sweep: " + worst);
        assertTrue(worst < 1e-6, "L^2 + R^2 differs from in^2 by " + worst);
        assertTrue(previousLeftGain < 0.01, "the sweep ends near hard right");
    }

    @Test
    void hardLeftPassesTheInputOnlyToLeftAndHardRightOnlyToRight() {
        Random rnd = new Random(7);
        NodeUnderTest left = NodeUnderTest.of(Pan.TYPE_ID).set("pan", -1f);
        NodeUnderTest right = NodeUnderTest.of(Pan.TYPE_ID).set("pan", 1f);
        fillNoise(left.input("in"), rnd);
        System.arraycopy(left.input("in"), 0, right.input("in"), 0, NodeUnderTest.BLOCK);
        left.processBlock();
        right.processBlock();
        float[] in = left.input("in");
        for (int i = 0; i < in.length; i++) {
            assertEquals(in[i], left.outputs[Pan.LEFT][i], 0f, "hard left: left == in");
            assertEquals(0f, left.outputs[Pan.RIGHT][i], 0f, "hard left: right is exactly silent");
            assertEquals(0f, right.outputs[Pan.LEFT][i], 0f, "hard right: left is exactly silent");
            assertEquals(in[i], right.outputs[Pan.RIGHT][i], 0f, "hard right: right == in");
        }
    }

    @Test
    void centreIsMinus3dBOnEachSide() {
        NodeUnderTest p = NodeUnderTest.of(Pan.TYPE_ID).constantInput("in", 1f);
        p.processBlock();
        float l = p.outputs[Pan.LEFT][0];
        float r = p.outputs[Pan.RIGHT][0];
        double db = 20 * Math.log10(l);
        System.out.println("std.pan: centre gain " + l + " = " + db + " dB each side");
        assertEquals(l, r, 0f, "the centre is symmetric");
        assertEquals(-10 * Math.log10(2), db, 1e-5, "equal power: each side at -3.0103 dB");
    }

    @Test
    void gainsFollowCosineAndSineOfTheta() {
        for (int step = 0; step <= 20; step++) {
            float pan = -1f + step / 10f;
            double theta = (pan + 1.0) * Math.PI / 4;
            assertEquals(Math.cos(theta), Pan.leftGain(pan), 1e-7, "left at pan " + pan);
            assertEquals(Math.sin(theta), Pan.rightGain(pan), 1e-7, "right at pan " + pan);
        }
    }
}
