package org.aetherdsp.nodes.std;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DelayTest {

    /** Renders the response to a unit impulse at frame 0. */
    private static float[] impulseResponse(NodeUnderTest n, int blocks) {
        float[] in = n.input("in");
        float[] all = new float[blocks * NodeUnderTest.BLOCK];
        for (int b = 0; b < blocks; b++) {
            in[0] = b == 0 ? 1f : 0f;
            n.processBlock();
            System.arraycopy(n.outputs[0], 0, all, b * NodeUnderTest.BLOCK, NodeUnderTest.BLOCK);
        }
        return all;
    }

    private static NodeUnderTest wet(float timeMs, float feedback) {
        return NodeUnderTest.of(Delay.TYPE_ID).set("time", timeMs).set("feedback", feedback).set("mix", 1f);
    }

    @Test
    void impulseReappearsExactly480SamplesLaterWithAmplitudeOne() {
        float[] y = impulseResponse(wet(10f, 0f), 20);
        for (int i = 0; i < y.length; i++) {
            assertEquals(i == 480 ? 1f : 0f, y[i], "sample " + i);
        }
    }

    @Test
    void fractionalDelayOf482Point25SamplesSpreadsTheImpulseByTheHermiteWeights() {
        // 10.046875 ms is exact in binary and is 482.25 samples at 48 kHz.
        float[] y = impulseResponse(wet(10.046875f, 0f), 20);
        double t = 0.25;
        double[] weights = {
            (-t * t * t + 2 * t * t - t) / 2, // the tap one sample newer (481)
            (3 * t * t * t - 5 * t * t + 2) / 2, // 482
            (-3 * t * t * t + 4 * t * t + t) / 2, // 483
            (t * t * t - t * t) / 2, // 484
        };
        double sum = 0.0;
        double moment = 0.0;
        for (int i = 0; i < y.length; i++) {
            double expected = i >= 481 && i <= 484 ? weights[i - 481] : 0.0;
            assertEquals(expected, y[i], 1e-6, "sample " + i);
            sum += y[i];
            moment += i * (double) y[i];
        }
        assertEquals(1.0, sum, 1e-6, "the interpolator passes DC at unit gain");
        assertEquals(482.25, moment / sum, 1e-6, "the response is centred on the fractional delay");
        System.out.printf("std.delay 482.25 samples: taps 481..484 = %.7f %.7f %.7f %.7f, centroid %.7f%n",
                y[481], y[482], y[483], y[484], moment / sum);
    }

    @Test
    void feedbackRepeatsDecayByTheFeedbackFactorEachPeriod() {
        float feedback = 0.7f;
        float[] y = impulseResponse(wet(10f, feedback), 80);
        double worst = 0.0;
        for (int k = 1; k <= 10; k++) {
            int at = 480 * k;
            double expected = Math.pow(feedback, k - 1);
            assertEquals(expected, y[at], 1e-6 * expected, "repeat " + k);
            worst = Math.max(worst, Math.abs(y[at] - expected) / expected);
            assertEquals(0f, y[at - 1], "just before repeat " + k);
            assertEquals(0f, y[at + 1], "just after repeat " + k);
        }
        System.out.printf("std.delay feedback 0.7: 10 repeats at k*480 samples, worst relative error %.2e%n", worst);
    }

    @Test
    void mixCrossfadesDryAndDelayed() {
        NodeUnderTest n = NodeUnderTest.of(Delay.TYPE_ID).set("time", 1f).set("feedback", 0f).set("mix", 0.25f);
        float[] y = impulseResponse(n, 2);
        assertEquals(0.75f, y[0], 1e-7f);
        assertEquals(0.25f, y[48], 1e-7f);
        assertEquals(0f, y[47]);
    }

    @Test
    void zeroTimeIsTheShortestDelayOfOneSample() {
        float[] y = impulseResponse(wet(0f, 0.5f), 1);
        assertEquals(0f, y[0]);
        assertEquals(1f, y[1]);
        assertEquals(0.5f, y[2]);
        assertEquals(0.25f, y[3]);
    }

    @Test
    void maximumFeedbackFedFullScaleNoiseFor60SecondsStaysFiniteAndBounded() {
        // The shortest loops recirculate most often; a fractional delay puts the
        // interpolator in the loop.
        for (float time : new float[] {0.01f, 1.01f, 2000f}) {
            NodeUnderTest n = wet(time, 0.99f);
            EffectStability.NoiseRun run = EffectStability.fullScaleNoise(n, 60.0, 1);
            System.out.println("std.delay feedback 0.99, time " + time + " ms, 60 s noise: " + run);
            // Noise RMS 0.577 through a loop of gain 0.99: at most 0.577 / sqrt(1 - 0.99^2) = 4.1 RMS.
            assertTrue(run.peak() < 30.0, "peak " + run.peak());
            assertTrue(run.lastTenthGrowth() < 1.2, "still growing: " + run);
        }
    }

    @Test
    void impulseThen30SecondsOfSilenceNeverHoldsASubnormal() {
        EffectStability.SilenceRun run = EffectStability.impulseThenSilence(wet(0.51f, 0.99f), 30.0);
        System.out.println("std.delay impulse + 30 s silence at feedback 0.99: no subnormal in "
                + run.outputSamples() + " output samples and " + run.stateChecks() + " state scans ("
                + run.stateValues() + " values)");
    }
}
