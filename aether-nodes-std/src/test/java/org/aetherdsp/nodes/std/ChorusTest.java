package org.aetherdsp.nodes.std;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class ChorusTest {

    private static final int SR = (int) NodeUnderTest.SAMPLE_RATE;
    private static final int ONE_SECOND_BLOCKS = SR / NodeUnderTest.BLOCK;

    /** Renders a sine of {@code hz} through the node; returns {left, right} of the last {@code keepBlocks}. */
    private static float[][] sineThrough(NodeUnderTest n, double hz, int skipBlocks, int keepBlocks) {
        float[] in = n.input("in");
        float[][] out = new float[2][keepBlocks * NodeUnderTest.BLOCK];
        long t = 0;
        for (int b = 0; b < skipBlocks + keepBlocks; b++) {
            for (int i = 0; i < NodeUnderTest.BLOCK; i++, t++) {
                in[i] = (float) Math.sin(2.0 * Math.PI * hz * t / SR);
            }
            n.processBlock();
            if (b >= skipBlocks) {
                for (int c = 0; c < 2; c++) {
                    System.arraycopy(n.outputs[c], 0, out[c], (b - skipBlocks) * NodeUnderTest.BLOCK, NodeUnderTest.BLOCK);
                }
            }
        }
        return out;
    }

    /** Bessel function of the first kind, by its power series (fine for small arguments). */
    private static double besselJ(int k, double x) {
        double sum = 0.0;
        double term = Math.pow(x / 2, k);
        for (int j = 1; j <= k; j++) {
            term /= j;
        }
        for (int m = 0; m < 30; m++) {
            sum += term;
            term *= -(x / 2) * (x / 2) / ((m + 1.0) * (m + 1.0 + k));
        }
        return sum;
    }

    @Test
    void aSteadySineGainsSidebandsAtTheLfoRateOffsetWithBesselAmplitudes() {
        // One voice, a 0.05 ms sweep at 5 Hz: phase modulation of index 2 pi * 1000 Hz * 0.05 ms.
        NodeUnderTest n = NodeUnderTest.of(Chorus.TYPE_ID).set("voices", 1f).set("rate", 5f).set("depth", 0.05f)
                .set("delay", 5f).set("mix", 1f);
        float[][] y = sineThrough(n, 1000.0, ONE_SECOND_BLOCKS / 2, ONE_SECOND_BLOCKS);
        double beta = 2.0 * Math.PI * 1000.0 * 0.05e-3;
        double firstExpected = besselJ(1, beta) / besselJ(0, beta);
        double secondExpected = besselJ(2, beta) / besselJ(0, beta);
        for (int c = 0; c < 2; c++) {
            double carrier = Spectrum.binMagnitude(y[c], 1000);
            double lower = Spectrum.binMagnitude(y[c], 995) / carrier;
            double upper = Spectrum.binMagnitude(y[c], 1005) / carrier;
            double second = Spectrum.binMagnitude(y[c], 1010) / carrier;
            double between = Math.max(Spectrum.binMagnitude(y[c], 1002), Spectrum.binMagnitude(y[c], 1003)) / carrier;
            System.out.printf("std.chorus %s, 1 kHz sine, 5 Hz LFO, beta %.4f: sidebands at 995/1005 Hz %.2f/%.2f dB"
                            + " (Bessel J1/J0 %.2f dB), at 1010 Hz %.2f dB (J2/J0 %.2f dB), between them %.1f dB%n",
                    c == 0 ? "left" : "right", beta, db(lower), db(upper), db(firstExpected), db(second),
                    db(secondExpected), db(between));
            assertEquals(db(firstExpected), db(lower), 0.2, "lower first sideband");
            assertEquals(db(firstExpected), db(upper), 0.2, "upper first sideband");
            assertEquals(db(secondExpected), db(second), 0.5, "second sideband");
            assertTrue(db(between) < -80, "energy between the sidebands: " + db(between) + " dB");
        }
    }

    private static double db(double ratio) {
        return 20.0 * Math.log10(ratio);
    }

    @Test
    void averageDelayOfEveryVoiceCountIsTheCentreDelay() {
        // The carrier of a phase-modulated sine keeps the phase of the mean delay: at 50 Hz and
        // over whole LFO cycles, arg X(50 Hz) = -2 pi 50 Hz * delay, amplitude J0(2 pi 50 Hz * depth).
        for (int voices = 1; voices <= 4; voices++) {
            NodeUnderTest n = NodeUnderTest.of(Chorus.TYPE_ID).set("voices", voices).set("rate", 1f).set("depth", 2f)
                    .set("delay", 12f).set("mix", 1f);
            float[][] y = sineThrough(n, 50.0, ONE_SECOND_BLOCKS / 2, ONE_SECOND_BLOCKS);
            for (int c = 0; c < 2; c++) {
                double[] x = complexBin(y[c], 50);
                double magnitude = 2.0 * Math.hypot(x[0], x[1]) / y[c].length;
                // The input is sin: its own bin phase is -pi/2.
                double phase = Math.atan2(x[1], x[0]) + Math.PI / 2;
                double delayMs = -phase / (2.0 * Math.PI * 50.0) * 1000.0;
                delayMs = ((delayMs % 20.0) + 20.0) % 20.0;
                System.out.printf("std.chorus %d voice(s) %s: mean delay %.5f ms (centre 12), carrier %.5f (J0 %.5f)%n",
                        voices, c == 0 ? "left" : "right", delayMs, magnitude, besselJ(0, 2.0 * Math.PI * 50.0 * 2e-3));
                assertEquals(12.0, delayMs, 0.005, voices + " voices, channel " + c);
                assertEquals(besselJ(0, 2.0 * Math.PI * 50.0 * 2e-3), magnitude, 1e-3);
            }
        }
    }

    /** The DFT bin {@code k} of {@code x} as {re, im}. */
    private static double[] complexBin(float[] x, int k) {
        double re = 0.0;
        double im = 0.0;
        for (int i = 0; i < x.length; i++) {
            double a = -2.0 * Math.PI * k * i / x.length;
            re += x[i] * Math.cos(a);
            im += x[i] * Math.sin(a);
        }
        return new double[] {re, im};
    }

    @Test
    void withDepthZeroBothChannelsAreTheInputDelayedByTheCentreDelay() {
        for (int voices = 1; voices <= 4; voices++) {
            NodeUnderTest n = NodeUnderTest.of(Chorus.TYPE_ID).set("voices", voices).set("depth", 0f).set("delay", 10f)
                    .set("mix", 1f);
            Random random = new Random(3);
            float[] in = n.input("in");
            float[] all = new float[40 * NodeUnderTest.BLOCK];
            double worst = 0.0;
            for (int b = 0; b < 40; b++) {
                for (int i = 0; i < NodeUnderTest.BLOCK; i++) {
                    in[i] = all[b * NodeUnderTest.BLOCK + i] = random.nextFloat() * 2f - 1f;
                }
                n.processBlock();
                for (int c = 0; c < 2; c++) {
                    for (int i = 0; i < NodeUnderTest.BLOCK; i++) {
                        int t = b * NodeUnderTest.BLOCK + i;
                        float expected = t >= 480 ? all[t - 480] : 0f;
                        worst = Math.max(worst, Math.abs(n.outputs[c][i] - expected));
                    }
                }
            }
            System.out.printf("std.chorus depth 0, %d voice(s): largest difference from a 480-sample delay %.2e%n",
                    voices, worst);
            assertTrue(worst <= 1e-7, "worst " + worst);
        }
    }

    @Test
    void aMonoInputComesOutAsDecorrelatedChannels() {
        NodeUnderTest n = NodeUnderTest.of(Chorus.TYPE_ID).set("mix", 1f);
        Random random = new Random(5);
        float[] in = n.input("in");
        double lr = 0.0;
        double ll = 0.0;
        double rr = 0.0;
        for (int b = 0; b < 4 * ONE_SECOND_BLOCKS; b++) {
            for (int i = 0; i < NodeUnderTest.BLOCK; i++) {
                in[i] = random.nextFloat() * 2f - 1f;
            }
            n.processBlock();
            if (b >= ONE_SECOND_BLOCKS / 10) {
                for (int i = 0; i < NodeUnderTest.BLOCK; i++) {
                    double l = n.outputs[0][i];
                    double r = n.outputs[1][i];
                    lr += l * r;
                    ll += l * l;
                    rr += r * r;
                }
            }
        }
        double correlation = lr / Math.sqrt(ll * rr);
        System.out.printf("std.chorus defaults, mix 1, noise in: left/right correlation %.4f%n", correlation);
        assertTrue(Math.abs(correlation) < 0.2, "correlation " + correlation);
    }

    @Test
    void fedFullScaleNoiseFor60SecondsStaysFiniteAndBounded() {
        NodeUnderTest n = NodeUnderTest.of(Chorus.TYPE_ID).set("rate", 10f).set("depth", 10f).set("delay", 30f)
                .set("voices", 4f).set("mix", 1f);
        EffectStability.NoiseRun run = EffectStability.fullScaleNoise(n, 60.0, 2);
        System.out.println("std.chorus at maximum rate, depth, delay, voices, 60 s noise: " + run);
        assertTrue(run.peak() <= 1.5, "peak " + run.peak());
        assertTrue(run.lastTenthGrowth() < 1.1, run.toString());
    }

    @Test
    void impulseThen30SecondsOfSilenceNeverHoldsASubnormal() {
        EffectStability.SilenceRun run = EffectStability.impulseThenSilence(NodeUnderTest.of(Chorus.TYPE_ID), 30.0);
        System.out.println("std.chorus impulse + 30 s silence: no subnormal in " + run.outputSamples()
                + " output samples and " + run.stateChecks() + " state scans");
    }
}
