package org.aetherdsp.nodes.std;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class CompressorTest {

    private static final int SR = (int) NodeUnderTest.SAMPLE_RATE;
    private static final int BLOCK = NodeUnderTest.BLOCK;

    /**
     * The soft-knee static curve of Giannoulis, Massberg and Reiss (2012), eq. 4, written out
     * here independently of the node: output level in dB for input level {@code x} in dB.
     */
    private static double staticCurve(double x, double t, double r, double w) {
        if (2 * (x - t) < -w) {
            return x;
        }
        if (w > 0 && 2 * Math.abs(x - t) <= w) {
            return x + (1 / r - 1) * (x - t + w / 2) * (x - t + w / 2) / (2 * w);
        }
        return t + (x - t) / r;
    }

    /**
     * Steady-state output level of a 1 kHz sine of peak level {@code inDb} dBFS: rendered for
     * 0.5 s to settle, then measured over 0.2 s (200 whole periods) as RMS + 3.01 dB, the same
     * sine-referenced scale as the detector, so the expected value is the static curve itself.
     */
    private static double steadyOutputDb(NodeUnderTest n, double inDb) {
        float[] in = n.input("in");
        double amplitude = Math.pow(10, inDb / 20);
        int settle = SR / 2 / BLOCK;
        int measure = SR / 5 / BLOCK;
        double sumSquares = 0.0;
        long t = 0;
        for (int b = 0; b < settle + measure; b++) {
            for (int i = 0; i < BLOCK; i++, t++) {
                in[i] = (float) (amplitude * Math.sin(2 * Math.PI * 1000.0 * t / SR));
            }
            n.processBlock();
            if (b >= settle) {
                for (float v : n.outputs[0]) {
                    sumSquares += (double) v * v;
                }
            }
        }
        double meanSquare = sumSquares / (measure * BLOCK);
        return 10 * Math.log10(2 * meanSquare);
    }

    @Test
    void staticGainCurveForASteadySineIsWithinHalfADecibelOfThresholdRatioAndKnee() {
        float[][] settings = { // threshold, ratio, knee, makeup
            {-20f, 4f, 12f, 0f},
            {-30f, 10f, 0f, 6f},
            {-40f, 2f, 24f, 0f},
            {-10f, 20f, 6f, 3f},
        };
        double worstOverall = 0.0;
        for (float[] s : settings) {
            double worst = 0.0;
            double worstAt = 0.0;
            for (int level = -60; level <= 0; level += 2) {
                NodeUnderTest n = NodeUnderTest.of(Compressor.TYPE_ID).set("threshold", s[0]).set("ratio", s[1])
                        .set("knee", s[2]).set("makeup", s[3]);
                double measured = steadyOutputDb(n, level);
                double expected = staticCurve(level, s[0], s[1], s[2]) + s[3];
                double deviation = Math.abs(measured - expected);
                if (deviation > worst) {
                    worst = deviation;
                    worstAt = level;
                }
                assertEquals(expected, measured, 0.5, "input " + level + " dBFS with " + Arrays.toString(s));
            }
            System.out.printf("std.compressor static curve T %.0f dB, R %.0f, knee %.0f dB, makeup %.0f dB:"
                    + " max deviation %.4f dB (at %.0f dBFS) over -60..0 dBFS%n", s[0], s[1], s[2], s[3], worst, worstAt);
            worstOverall = Math.max(worstOverall, worst);
        }
        System.out.printf("std.compressor static curve: max deviation %.4f dB over all settings%n", worstOverall);
    }

    /**
     * The gain in dB per sample when DC at {@code from} steps to DC at {@code to} after 0.5 s
     * (DC makes out/in the gain exactly, sample by sample); returns the gains after the step.
     */
    private static double[] gainAfterStep(NodeUnderTest n, float from, float to, double seconds) {
        int before = SR / 2 / BLOCK;
        int after = (int) (seconds * SR / BLOCK);
        double[] gain = new double[after * BLOCK];
        for (int b = 0; b < before + after; b++) {
            float x = b < before ? from : to;
            n.constantInput("in", x);
            n.processBlock();
            if (b >= before) {
                for (int i = 0; i < BLOCK; i++) {
                    gain[(b - before) * BLOCK + i] = 20 * Math.log10(n.outputs[0][i] / x);
                }
            }
        }
        return gain;
    }

    /** Seconds until {@code gain} has covered 1 - 1/e of its way from 0 dB (where it was settled) to its end. */
    private static double stepTime(double[] gain) {
        double end = gain[gain.length - 1];
        for (int i = 0; i < gain.length; i++) {
            if (Math.abs(gain[i]) >= (1 - 1 / Math.E) * Math.abs(end)) {
                return (double) i / SR;
            }
        }
        return Double.NaN;
    }

    /**
     * The time constant of the exponential tail of {@code gain} toward its end value, from
     * the times it has 30% and 5% of its way left: by then the detected level has settled and
     * only the attack or release smoothing is moving the gain.
     */
    private static double tailTimeConstant(double[] gain) {
        double end = gain[gain.length - 1];
        double total = Math.abs(gain[0] - end);
        int at30 = -1;
        int at5 = -1;
        for (int i = 0; i < gain.length; i++) {
            double left = Math.abs(gain[i] - end);
            if (at30 < 0 && left <= 0.3 * total) {
                at30 = i;
            }
            if (left <= 0.05 * total) {
                at5 = i;
                break;
            }
        }
        return (double) (at5 - at30) / SR / Math.log(0.3 / 0.05);
    }

    @Test
    void attackAndReleaseTimeConstantsAreAsSet() {
        for (float[] ar : new float[][] {{5f, 50f}, {20f, 200f}, {50f, 500f}}) {
            // DC at 1 reads +3 dBFS: 33 dB over a -30 dB threshold; at ratio 4 the gain falls 24.8 dB.
            NodeUnderTest n = NodeUnderTest.of(Compressor.TYPE_ID).set("threshold", -30f).set("ratio", 4f)
                    .set("knee", 0f).set("attack", ar[0]).set("release", ar[1]);
            double[] down = gainAfterStep(n, 0.001f, 1f, 12 * ar[0] / 1000.0 + 0.05);
            double settled = down[down.length - 1];
            // Then back down to -57 dBFS, below the threshold: the gain returns to 0 dB.
            double[] up = new double[(int) (12 * ar[1] / 1000.0 * SR / BLOCK) * BLOCK];
            n.constantInput("in", 0.001f);
            for (int b = 0; b < up.length / BLOCK; b++) {
                n.processBlock();
                for (int i = 0; i < BLOCK; i++) {
                    up[b * BLOCK + i] = 20 * Math.log10(n.outputs[0][i] / 0.001) - settled;
                }
            }
            double attack = tailTimeConstant(down);
            double release = tailTimeConstant(up);
            double attackStep = stepTime(down);
            double releaseStep = stepTime(up);
            System.out.printf("std.compressor attack %.0f ms: time constant %.3f ms, 63%% of a +60 dB step after %.2f ms;"
                            + " release %.0f ms: time constant %.3f ms, 63%% of a -60 dB step after %.2f ms%n",
                    ar[0], attack * 1000, attackStep * 1000, ar[1], release * 1000, releaseStep * 1000);
            assertEquals(-24.76, settled, 0.05, "settled gain");
            // A fast attack overlaps the detector's own 5 ms rise, which then still moves the target.
            assertEquals(ar[0] / 1000.0, attack, 0.15 * ar[0] / 1000.0, "attack time constant");
            assertEquals(ar[1] / 1000.0, release, 0.05 * ar[1] / 1000.0, "release time constant");
            // Including the detector: its 5 ms average delays large level changes by up to ~20 ms.
            assertEquals(ar[0] / 1000.0 + 0.010, attackStep, 0.012, "attack step response");
            assertEquals(ar[1] / 1000.0 + 0.012, releaseStep, 0.012, "release step response");
        }
    }

    @Test
    void externalSidechainDrivesTheGainInsteadOfTheInput() {
        NodeUnderTest n = NodeUnderTest.of(Compressor.TYPE_ID).set("threshold", -30f).set("ratio", 4f).set("knee", 0f)
                .set("external", 1f).constantInput("in", 0.001f).constantInput("sidechain", 1f);
        n.render(SR / BLOCK);
        double gain = 20 * Math.log10(n.outputs[0][BLOCK - 1] / 0.001);
        System.out.printf("std.compressor with a +3 dBFS sidechain, -57 dBFS input: gain %.3f dB%n", gain);
        assertEquals(-24.76, gain, 0.05);

        n.set("external", 0f);
        n.render(SR / BLOCK);
        // 1 s is 10 release time constants: back to within 25 dB * e^-10 of 0 dB.
        assertEquals(0.0, 20 * Math.log10(n.outputs[0][BLOCK - 1] / 0.001), 2e-3, "internal detection: below threshold");
    }

    @Test
    void fedFullScaleNoiseFor60SecondsStaysFiniteAndBounded() {
        NodeUnderTest n = NodeUnderTest.of(Compressor.TYPE_ID).set("threshold", -60f).set("ratio", 20f)
                .set("attack", 0.1f).set("release", 5f).set("makeup", 24f);
        EffectStability.NoiseRun run = EffectStability.fullScaleNoise(n, 60.0, 4);
        System.out.println("std.compressor fastest, hardest, +24 dB makeup, 60 s noise: " + run);
        assertTrue(run.peak() < 16.0, "peak " + run.peak());
        assertTrue(run.lastTenthGrowth() < 1.1, run.toString());
    }

    @Test
    void impulseThen30SecondsOfSilenceNeverHoldsASubnormal() {
        NodeUnderTest n = NodeUnderTest.of(Compressor.TYPE_ID).set("threshold", -60f).set("release", 5f);
        EffectStability.SilenceRun run = EffectStability.impulseThenSilence(n, 30.0);
        System.out.println("std.compressor impulse + 30 s silence: no subnormal in " + run.outputSamples()
                + " output samples and " + run.stateChecks() + " state scans");
    }
}
