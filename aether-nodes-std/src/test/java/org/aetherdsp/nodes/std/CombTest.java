package org.aetherdsp.nodes.std;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.aetherdsp.api.StateBuffer;
import org.junit.jupiter.api.Test;

/**
 * {@code std.comb} against analysis: the impulse response of a loop of one and of six samples
 * (far inside one block), the steady-state gain at the comb's peaks and troughs, and the
 * damped comb's response from its transfer function.
 */
class CombTest {

    private static final int BLOCK = NodeUnderTest.BLOCK;
    private static final double RATE = NodeUnderTest.SAMPLE_RATE;

    private static NodeUnderTest comb(float timeMs, float feedback, float damp) {
        return NodeUnderTest.of(Comb.TYPE_ID).set("time", timeMs).set("feedback", feedback).set("damp", damp);
    }

    private static float[] impulseResponse(NodeUnderTest n, int blocks) {
        float[] in = n.input("in");
        float[] all = new float[blocks * BLOCK];
        for (int b = 0; b < blocks; b++) {
            in[0] = b == 0 ? 1f : 0f;
            n.processBlock();
            System.arraycopy(n.outputs[0], 0, all, b * BLOCK, BLOCK);
        }
        return all;
    }

    @Test
    void aOneSampleLoopGivesTheAnalyticResponseWithinOneBlock() {
        for (float g : new float[] {0.5f, -0.5f}) {
            float[] y = impulseResponse(comb(0f, g, 0f), 1); // 0 ms: the shortest loop, one sample
            for (int k = 0; k < 48; k++) {
                assertEquals((float) Math.pow(g, k), y[k], "g " + g + " sample " + k + ": exactly g^k");
            }
        }
    }

    @Test
    void aSixSampleLoopRepeatsTheImpulseEverySixSamplesTimesTheFeedback() {
        // 0.125 ms is exact in binary and is 6 samples at 48 kHz: a loop 1/10 of a block long.
        float[] y = impulseResponse(comb(0.125f, 0.75f, 0f), 4);
        float expected = 1f;
        for (int i = 0; i < y.length; i++) {
            if (i % 6 == 0) {
                assertEquals(expected, y[i], "sample " + i);
                expected *= 0.75f;
            } else {
                assertEquals(0f, y[i], "sample " + i);
            }
        }
    }

    /** Peak amplitude of the comb's steady-state answer to a sine. */
    private static double sineGain(NodeUnderTest n, double hz) {
        float[] in = n.input("in");
        double peak = 0;
        long t = 0;
        int blocks = (int) (RATE / BLOCK); // one second: far longer than any decay here
        for (int b = 0; b < blocks; b++) {
            for (int i = 0; i < BLOCK; i++, t++) {
                in[i] = (float) Math.sin(2 * Math.PI * hz * t / RATE);
            }
            n.processBlock();
            if (b >= blocks - 75) {
                for (float v : n.outputs[0]) {
                    peak = Math.max(peak, Math.abs(v));
                }
            }
        }
        return peak;
    }

    /** |H| of y = x + g z, z = (1 - d) y[n - D] + d z[n - 1] at {@code hz}. */
    private static double analyticGain(double delaySamples, double g, double d, double hz) {
        double w = 2 * Math.PI * hz / RATE;
        // Loop filter L = g (1 - d) e^{-jwD} / (1 - d e^{-jw}); H = 1 / (1 - L).
        double numRe = g * (1 - d) * Math.cos(w * delaySamples);
        double numIm = -g * (1 - d) * Math.sin(w * delaySamples);
        double denRe = 1 - d * Math.cos(w);
        double denIm = d * Math.sin(w);
        double den2 = denRe * denRe + denIm * denIm;
        double lRe = (numRe * denRe + numIm * denIm) / den2;
        double lIm = (numIm * denRe - numRe * denIm) / den2;
        return 1 / Math.hypot(1 - lRe, -lIm);
    }

    @Test
    void steadyStateGainIsOneOverOneMinusGAtThePeaksAndOneOverOnePlusGBetween() {
        // 1 ms = 48 samples: peaks at multiples of 1 kHz, troughs at the odd multiples of 500 Hz.
        assertEquals(2.0, sineGain(comb(1f, 0.5f, 0f), 1000), 2e-3);
        assertEquals(1 / 1.5, sineGain(comb(1f, 0.5f, 0f), 500), 2e-3);
        // Negative feedback swaps them.
        assertEquals(2.0, sineGain(comb(1f, -0.5f, 0f), 500), 2e-3);
        assertEquals(1 / 1.5, sineGain(comb(1f, -0.5f, 0f), 1000), 2e-3);
    }

    @Test
    void theDampedCombFollowsItsTransferFunction() {
        for (double hz : new double[] {1000, 3000, 8000, 250}) {
            double expected = analyticGain(48, 0.9, 0.4, hz);
            double measured = sineGain(comb(1f, 0.9f, 0.4f), hz);
            assertEquals(expected, measured, expected * 0.01, hz + " Hz");
        }
        assertTrue(analyticGain(48, 0.9, 0.4, 8000) < 0.5 * analyticGain(48, 0.9, 0.4, 1000),
                "damping: the 8th harmonic peak is well below the first");
    }

    @Test
    void stateRoundTripContinuesBitForBitAndAnotherVersionIsRefused() {
        NodeUnderTest a = comb(0.3f, -0.8f, 0.2f);
        java.util.Random r = new java.util.Random(5);
        float[] in = a.input("in");
        for (int b = 0; b < 30; b++) {
            for (int i = 0; i < BLOCK; i++) {
                in[i] = (float) r.nextGaussian() * 0.1f;
            }
            a.processBlock();
        }
        StateBuffer saved = new StateBuffer(a.node.stateSize());
        a.node.saveState(saved);
        assertEquals(a.node.stateSize(), saved.size(), "the state is exactly its declared size");
        NodeUnderTest b = comb(0.3f, -0.8f, 0.2f);
        b.node.loadState(StateBuffer.wrapCopy(saved.toByteArray()), a.node.stateVersion());
        java.util.Arrays.fill(in, 0f);
        for (int k = 0; k < 20; k++) {
            a.processBlock();
            b.processBlock();
            for (int i = 0; i < BLOCK; i++) {
                assertEquals(Float.floatToRawIntBits(a.outputs[0][i]), Float.floatToRawIntBits(b.outputs[0][i]),
                        "block " + k + " frame " + i);
            }
        }
        assertTrue(a.outputs[0][0] != 0f, "the loop still rings");
        assertThrows(IllegalArgumentException.class,
                () -> b.node.loadState(StateBuffer.wrapCopy(saved.toByteArray()), 2));
    }

    @Test
    void extremeFeedbackFedFullScaleNoiseStaysFiniteAndBounded() {
        // The one-sample loop recirculates most often; a fractional delay puts the interpolator in
        // the loop; negative feedback and damping change where the loop rings.
        float[][] cases = {{0f, 0.999f, 0f}, {0f, -0.999f, 0f}, {0.51f, 0.999f, 0f}, {37.3f, -0.999f, 0.7f}, {100f, 0.999f, 1f}};
        for (float[] c : cases) {
            EffectStability.NoiseRun run = EffectStability.fullScaleNoise(comb(c[0], c[1], c[2]), 20.0, 3);
            System.out.println("std.comb time " + c[0] + " ms, feedback " + c[1] + ", damp " + c[2] + ", 20 s noise: " + run);
            // Noise RMS 0.577 through a loop of gain 0.999: about 0.577 / sqrt(1 - 0.999^2) = 12.9 RMS.
            assertTrue(run.peak() < 200.0, "peak " + run.peak());
            assertTrue(run.lastTenthGrowth() < 1.2, "still growing: " + run);
        }
    }

    @Test
    void impulseThen30SecondsOfSilenceNeverHoldsASubnormal() {
        for (float damp : new float[] {0f, 0.5f}) {
            EffectStability.SilenceRun run = EffectStability.impulseThenSilence(comb(0.51f, 0.999f, damp), 30.0);
            System.out.println("std.comb impulse + 30 s silence at feedback 0.999, damp " + damp + ": no subnormal in "
                    + run.outputSamples() + " output samples and " + run.stateChecks() + " state scans");
        }
    }
}
