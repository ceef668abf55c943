package org.aetherdsp.nodes.std;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LfoTest {

    private static final double SR = SourceAnalysis.SR;
    private static final int SINE = 0;
    private static final int TRIANGLE = 1;
    private static final int SQUARE = 2;
    private static final int SAMPLE_AND_HOLD = 3;
    private static final int SMOOTH_RANDOM = 4;

    private static NodeUnderTest lfo(int shape, float rate) {
        return NodeUnderTest.of("std.lfo").set("shape", shape).set("rate", rate);
    }

    /** Blocks covering {@code seconds} at 48 kHz. */
    private static int blocks(double seconds) {
        return (int) Math.ceil(seconds * SR / NodeUnderTest.BLOCK);
    }

    @ParameterizedTest
    @ValueSource(ints = {SINE, TRIANGLE, SQUARE})
    void periodicShapesCrossZeroUpwardOncePerCycle(int shape) {
        for (float rate : new float[] {0.37f, 5f, 50f}) {
            float[] x = lfo(shape, rate).render(blocks(Math.max(4.0, 20.0 / rate)));
            double[] crossings = SourceAnalysis.upwardZeroCrossings(x);
            double period = SourceAnalysis.meanSpacing(crossings);
            System.out.printf("std.lfo shape %d at %.2f Hz: period %.3f samples (ideal %.3f)%n", shape, rate, period, SR / rate);
            assertEquals(SR / rate, period, SR / rate * 1e-4, "shape " + shape + " at " + rate + " Hz: period in samples");
        }
    }

    @Test
    void sampleAndHoldHoldsOneValueForEachCycle() {
        float rate = 10f;
        float[] x = lfo(SAMPLE_AND_HOLD, rate).render(blocks(2.0));
        int changes = 0;
        int lastChange = 0;
        for (int i = 1; i < x.length; i++) {
            if (x[i] != x[i - 1]) {
                changes++;
                // The phase wraps after the sample where it reaches 1: sample k * 4800.
                assertEquals(0, i % 4_800, "value changed at sample " + i);
                lastChange = i;
            }
        }
        assertTrue(changes >= 18 && lastChange > 0, changes + " changes in 2 s at 10 Hz");
        assertTrue(SourceAnalysis.peak(x) <= 1.0);
    }

    @Test
    void smoothRandomIsContinuousAndLandsOnEachHeldValue() {
        float rate = 50f;
        float[] smooth = lfo(SMOOTH_RANDOM, rate).render(blocks(1.0));
        float[] held = lfo(SAMPLE_AND_HOLD, rate).render(blocks(1.0));
        double maxStep = SourceAnalysis.maxStep(smooth);
        double bound = Math.PI * rate / SR;
        System.out.printf("std.lfo smooth random at 50 Hz: largest step %.6f per sample (bound pi rate / SR = %.6f)%n",
                maxStep, bound);
        assertTrue(maxStep <= bound * 1.0001, "step " + maxStep);
        // At the end of each cycle the glide reaches that cycle's sample-and-hold value.
        int period = (int) (SR / rate);
        for (int end = 2 * period; end < smooth.length; end += period) {
            double lastOfCycle = smooth[end - 1];
            assertEquals(held[end - 1], lastOfCycle, bound, "end of the cycle before sample " + end);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {SINE, TRIANGLE, SQUARE, SAMPLE_AND_HOLD, SMOOTH_RANDOM})
    void everyShapeStaysWithinDepthAroundOffset(int shape) {
        float[] x = lfo(shape, 7f).set("depth", 3f).set("offset", 10f).render(blocks(3.0));
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (float v : x) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertTrue(min >= 7f && max <= 13f, "shape " + shape + " in [" + min + ", " + max + "]");
        // And it uses the range: the random shapes over 21 cycles come close to both ends.
        assertTrue(max - min > 3f, "shape " + shape + " spans only " + (max - min));
    }

    @Test
    void shapesHaveTheirDocumentedForm() {
        float rate = 100f / 8; // 3840 samples a cycle
        int quarter = 960;
        float[] sine = lfo(SINE, rate).render(blocks(0.1));
        float[] triangle = lfo(TRIANGLE, rate).render(blocks(0.1));
        float[] square = lfo(SQUARE, rate).render(blocks(0.1));
        assertEquals(0.0, sine[0], 1e-6);
        assertEquals(1.0, sine[quarter], 1e-6);
        assertEquals(0.0, triangle[0], 1e-6);
        assertEquals(0.5, triangle[quarter / 2], 1e-4);
        assertEquals(1.0, triangle[quarter], 1e-4);
        assertEquals(-1.0, triangle[3 * quarter], 1e-4);
        assertEquals(1.0, square[quarter], 0.0);
        assertEquals(-1.0, square[3 * quarter], 0.0);
    }

    @Test
    void aRisingSyncEdgeRestartsTheCycle() {
        NodeUnderTest synced = lfo(SINE, 3f);
        synced.render(100);
        synced.input("sync")[10] = 1f;
        synced.processBlock();
        float[] afterEdge = Arrays.copyOfRange(synced.outputs[0], 10, 64);
        float[] fresh = Arrays.copyOfRange(lfo(SINE, 3f).render(1), 0, 54);
        assertArrayEquals(fresh, afterEdge, 1e-6f);
        // Level, not edge: a sync input that stays high does not keep restarting.
        Arrays.fill(synced.input("sync"), 1f);
        float[] held = synced.render(10);
        assertTrue(SourceAnalysis.maxStep(held) < 1e-3 && held[held.length - 1] != held[0], "the LFO keeps running");
    }

    @Test
    void aSyncEdgeDrawsANewHeldValue() {
        NodeUnderTest n = lfo(SAMPLE_AND_HOLD, 0.5f);
        n.processBlock();
        float before = n.outputs[0][63];
        n.input("sync")[0] = 1f;
        n.processBlock();
        assertTrue(n.outputs[0][0] != before, "held value after a sync edge");
    }

    @Test
    void shapeParamRoundsToTheNearestShape() {
        assertArrayEquals(lfo(SQUARE, 5f).render(100), lfo(0, 5f).set("shape", 2.4f).render(100));
        assertArrayEquals(lfo(SQUARE, 5f).render(100), lfo(0, 5f).set("shape", 1.5f).render(100));
    }

    @Test
    void sameSeedRepeatsTheRandomShapesAndAnotherSeedDoesNot() {
        for (int shape : new int[] {SAMPLE_AND_HOLD, SMOOTH_RANDOM}) {
            float[] a = lfo(shape, 20f).set("seed", 9f).render(200);
            assertArrayEquals(a, lfo(shape, 20f).set("seed", 9f).render(200), "shape " + shape);
            assertFalse(Arrays.equals(a, lfo(shape, 20f).set("seed", 10f).render(200)), "shape " + shape);
        }
    }
}
