package org.aetherdsp.nodes.std;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.TreeSet;
import java.util.function.DoubleUnaryOperator;

import org.junit.jupiter.api.Test;

class WaveshaperTest {

    private static final int BLOCK = NodeUnderTest.BLOCK;

    /** Feeds a slow ramp from {@code from} to {@code to} over {@code blocks} blocks; returns {input, output}. */
    private static float[][] ramp(NodeUnderTest n, float from, float to, int blocks) {
        int total = blocks * BLOCK;
        float[][] io = new float[2][total];
        float[] in = n.input("in");
        for (int b = 0; b < blocks; b++) {
            for (int i = 0; i < BLOCK; i++) {
                int t = b * BLOCK + i;
                in[i] = io[0][t] = from + (to - from) * t / (total - 1);
            }
            n.processBlock();
            System.arraycopy(n.outputs[0], 0, io[1], b * BLOCK, BLOCK);
        }
        return io;
    }

    /** The largest |output - formula(gain * input)| over a ramp through -4..4 at {@code driveDb}. */
    private static double worstDeviation(int mode, float driveDb, DoubleUnaryOperator formula) {
        NodeUnderTest n = NodeUnderTest.of(Waveshaper.TYPE_ID).set("mode", mode).set("drive", driveDb).set("mix", 1f);
        float[][] io = ramp(n, -4f, 4f, 750);
        double g = Math.pow(10, driveDb / 20);
        double worst = 0.0;
        for (int t = 0; t < io[0].length; t++) {
            worst = Math.max(worst, Math.abs(io[1][t] - formula.applyAsDouble(g * io[0][t])));
        }
        return worst;
    }

    @Test
    void eachModesStaticCurveMatchesItsFormulaOnASlowRamp() {
        DoubleUnaryOperator[] formulas = {
            Math::tanh,
            u -> Math.max(-1, Math.min(1, u)),
            u -> { // reflect at +-1 until inside
                double y = u;
                while (y > 1 || y < -1) {
                    y = y > 1 ? 2 - y : -2 - y;
                }
                return y;
            },
            null,
            u -> u >= 0 ? 1 - Math.exp(-u) : (Math.exp(2 * u) - 1) / 2,
        };
        String[] names = {"tanh", "hard clip", "foldback", "bitcrush", "tube"};
        for (int mode : new int[] {0, 1, 2, 4}) {
            for (float drive : new float[] {0f, 9.5f}) {
                double worst = worstDeviation(mode, drive, formulas[mode]);
                System.out.printf("std.waveshaper %s, drive %.1f dB: max |out - formula| over a -4..4 ramp %.2e%n",
                        names[mode], drive, worst);
                assertTrue(worst < 2e-6, names[mode] + " deviates by " + worst);
            }
        }
    }

    @Test
    void bitcrushCurveRoundsToEvenlySpacedLevelsFromMinusOneToOne() {
        for (int bits : new int[] {1, 3, 8}) {
            double steps = (1 << bits) - 1;
            NodeUnderTest n = NodeUnderTest.of(Waveshaper.TYPE_ID).set("mode", 3).set("drive", 0f).set("bits", bits);
            float[][] io = ramp(n, -1.5f, 1.5f, 750);
            double worst = 0.0;
            for (int t = 0; t < io[0].length; t++) {
                double c = Math.max(-1, Math.min(1, io[0][t]));
                double expected = 2 * Math.rint((c + 1) / 2 * steps) / steps - 1;
                double error = Math.abs(io[1][t] - expected);
                // Within an input's rounding of a decision boundary either neighbour is right.
                double fromBoundary = Math.abs((c + 1) / 2 * steps - Math.floor((c + 1) / 2 * steps) - 0.5);
                if (fromBoundary > 1e-5) {
                    worst = Math.max(worst, error);
                }
            }
            System.out.printf("std.waveshaper bitcrush %d bits: max |out - formula| over a -1.5..1.5 ramp %.2e%n", bits, worst);
            assertTrue(worst < 1e-6, bits + " bits: deviation " + worst);
        }
    }

    @Test
    void hardClipNeverExceedsItsCeiling() {
        NodeUnderTest n = NodeUnderTest.of(Waveshaper.TYPE_ID).set("mode", 1).set("drive", 48f).set("mix", 1f);
        Random random = new Random(7);
        float[] in = n.input("in");
        float peak = 0f;
        int atCeiling = 0;
        for (int b = 0; b < 2000; b++) {
            for (int i = 0; i < BLOCK; i++) {
                in[i] = (random.nextFloat() * 2f - 1f) * 4f;
            }
            n.processBlock();
            for (float v : n.outputs[0]) {
                peak = Math.max(peak, Math.abs(v));
                atCeiling += Math.abs(v) == 1f ? 1 : 0;
            }
        }
        System.out.printf("std.waveshaper hard clip, +48 dB drive on +-4 noise: peak %.9f, %d of %d samples at the ceiling%n",
                peak, atCeiling, 2000 * BLOCK);
        assertTrue(peak <= 1f, "peak " + peak);
    }

    @Test
    void bitcrushProducesExactlyTwoToTheBitsLevels() {
        StringBuilder counts = new StringBuilder();
        for (int bits = 1; bits <= 12; bits++) {
            NodeUnderTest n = NodeUnderTest.of(Waveshaper.TYPE_ID).set("mode", 3).set("drive", 0f).set("bits", bits);
            float[][] io = ramp(n, -1.2f, 1.2f, 3000);
            TreeSet<Float> levels = new TreeSet<>();
            for (float v : io[1]) {
                levels.add(v);
            }
            counts.append(' ').append(bits).append(':').append(levels.size());
            assertEquals(1 << bits, levels.size(), bits + " bits");
            assertEquals(-1f, levels.first());
            assertEquals(1f, levels.last());
        }
        System.out.println("std.waveshaper bitcrush distinct levels on a -1.2..1.2 ramp (bits:levels):" + counts);
    }

    @Test
    void downsampleHoldsEachCrushedValueForThatManySamples() {
        NodeUnderTest n = NodeUnderTest.of(Waveshaper.TYPE_ID).set("mode", 3).set("drive", 0f).set("bits", 16f)
                .set("downsample", 5f);
        float[][] io = ramp(n, -1f, 1f, 20);
        for (int t = 0; t < io[0].length; t++) {
            int first = t - t % 5;
            assertEquals(Waveshaper.crush(io[0][first], 65535), io[1][t], "sample " + t);
        }
    }

    @Test
    void modeIsRoundedToTheNearestCurve() {
        NodeUnderTest n = NodeUnderTest.of(Waveshaper.TYPE_ID).set("mode", 1.4f).set("drive", 0f).constantInput("in", 3f);
        n.processBlock();
        assertEquals(1f, n.outputs[0][0], "1.4 is hard clip");
        n.set("mode", 1.6f).processBlock();
        assertEquals(Waveshaper.foldback(3f), n.outputs[0][0], "1.6 is foldback");
        assertEquals(-1f, Waveshaper.foldback(3f), 1e-6);
    }

    @Test
    void mixZeroPassesTheInputUntouched() {
        NodeUnderTest n = NodeUnderTest.of(Waveshaper.TYPE_ID).set("mode", 2).set("drive", 30f).set("mix", 0f);
        float[][] io = ramp(n, -2f, 2f, 10);
        for (int t = 0; t < io[0].length; t++) {
            assertEquals(io[0][t], io[1][t]);
        }
    }
}
