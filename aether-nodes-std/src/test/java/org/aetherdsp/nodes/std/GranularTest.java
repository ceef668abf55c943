package org.aetherdsp.nodes.std;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class GranularTest {

    private static final int SR = (int) NodeUnderTest.SAMPLE_RATE;
    private static final int BLOCK = NodeUnderTest.BLOCK;
    private static final int ONE_SECOND_BLOCKS = SR / BLOCK;

    /** Output for a steady 1 kHz sine: one second, after half a second to fill the grain pool. */
    private static float[] sineThrough(NodeUnderTest n) {
        float[] in = n.input("in");
        float[] out = new float[ONE_SECOND_BLOCKS * BLOCK];
        long t = 0;
        int skip = ONE_SECOND_BLOCKS / 2;
        for (int b = 0; b < skip + ONE_SECOND_BLOCKS; b++) {
            for (int i = 0; i < BLOCK; i++, t++) {
                in[i] = (float) Math.sin(2 * Math.PI * 1000.0 * t / SR);
            }
            n.processBlock();
            if (b >= skip) {
                System.arraycopy(n.outputs[0], 0, out, (b - skip) * BLOCK, BLOCK);
            }
        }
        return out;
    }

    private static NodeUnderTest grains(float pitch, float scatter) {
        return NodeUnderTest.of(Granular.TYPE_ID).set("pitch", pitch).set("scatter", scatter).set("mix", 1f);
    }

    @Test
    void spectralPeakOfASteadySineStaysAtItsFrequencyAtPitchZeroAndMovesAnOctavePerTwelveSemitones() {
        for (float[] c : new float[][] {{0f, 1000f}, {12f, 2000f}, {-12f, 500f}, {7f, 1000f * (float) Math.pow(2, 7 / 12.0)}}) {
            float[] y = sineThrough(grains(c[0], 0f));
            int peak = Spectrum.peakBin(y, 100, 4000);
            System.out.printf("std.granular pitch %+.0f st, no scatter, 1 kHz sine in: spectral peak at %d Hz (expected %.1f)%n",
                    c[0], peak, c[1]);
            // Grains that start periodically (every 1/20 s) put the output on lines at the input
            // frequency plus multiples of 20 Hz, each grain starting a little further along the
            // input's phase; the peak is the line nearest the transposed frequency. Octaves fall
            // on a line (1000 + 50 * 20, 1000 - 25 * 20), a fifth lands within 10 Hz.
            double tolerance = c[0] % 12 == 0 ? 1.0 : 20.0 / 2;
            assertTrue(Math.abs(peak - c[1]) <= tolerance, "peak at " + peak + " Hz, expected " + c[1]);
        }
    }

    @Test
    void withScatterTheSpectrumSpreadsButStaysCentredOnThePitchedFrequency() {
        // Each grain is detuned by up to +-scatter semitones, so the line spreads: measure the
        // power centroid within +-10% of the expected frequency instead of one bin.
        for (float[] c : new float[][] {{0f, 0.5f, 1000f}, {12f, 0.3f, 2000f}, {0f, 1f, 1000f}}) {
            float[] y = sineThrough(grains(c[0], c[1]));
            double[] power = Spectrum.blackmanHarrisPower(Arrays.copyOf(y, 32768));
            double hzPerBin = (double) SR / 32768;
            double sum = 0.0;
            double moment = 0.0;
            double total = 0.0;
            for (int k = 1; k < power.length; k++) {
                double hz = k * hzPerBin;
                total += power[k];
                if (Math.abs(hz - c[2]) <= 0.1 * c[2]) {
                    sum += power[k];
                    moment += hz * power[k];
                }
            }
            double centroid = moment / sum;
            System.out.printf("std.granular pitch %+.0f st, scatter %.1f, 1 kHz sine in: power centroid %.1f Hz"
                            + " (expected %.0f), %.1f%% of the power within +-10%%%n",
                    c[0], c[1], centroid, c[2], 100 * sum / total);
            assertEquals(c[2], centroid, 0.005 * c[2], "centroid");
            assertTrue(sum / total > 0.9, "power near the pitched frequency: " + sum / total);
        }
    }

    @Test
    void grainStartsPerSecondMatchDensityOnAverage() {
        for (float[] c : new float[][] {{20f, 0f}, {37f, 1f}, {150f, 0.5f}, {0.5f, 1f}}) {
            NodeUnderTest n = NodeUnderTest.of(Granular.TYPE_ID).set("density", c[0]).set("scatter", c[1])
                    .set("size", 20f);
            Granular node = (Granular) n.node;
            int seconds = c[0] < 1 ? 600 : 10;
            n.render(seconds * ONE_SECOND_BLOCKS);
            long count = node.grainsStarted();
            // A start at frame 0, then gaps of mean 1/density, each uniform within +-scatter/2 of
            // it (standard deviation scatter/sqrt(12) of the mean): allow 3 standard deviations.
            double expected = 1 + c[0] * seconds;
            double sd = Math.sqrt(c[0] * seconds) * c[1] / Math.sqrt(12);
            System.out.printf("std.granular density %.1f/s, scatter %.1f: %d grains in %d s = %.4f/s (expected %.0f +- %.1f)%n",
                    c[0], c[1], count, seconds, (double) count / seconds, expected, 3 * sd + 1);
            assertEquals(expected, count, 3 * sd + 1, "grains started");
        }
    }

    @Test
    void aGrainReadsFromPositionMsAgoThroughAHannWindow() {
        // One grain of 10 ms every second, no scatter: an impulse 300 ms before a grain
        // starts at position 300 ms shows up at the grain's start, times the window there (0).
        // So use DC instead: a grain of DC is exactly the window shape, scaled by the grain gain.
        NodeUnderTest n = NodeUnderTest.of(Granular.TYPE_ID).set("density", 1f).set("size", 10f).set("scatter", 0f)
                .set("position", 300f).set("mix", 1f).constantInput("in", 1f);
        n.render(ONE_SECOND_BLOCKS); // the first grain started at frame 0, when the recording was empty
        float[] y = n.render(ONE_SECOND_BLOCKS);
        // The second grain starts at frame 48000 (countdown of exactly 48000 samples), i.e. y[0].
        int len = 480;
        double worst = 0.0;
        for (int i = 0; i < y.length; i++) {
            double expected = i < len ? 0.5 - 0.5 * Math.cos(2 * Math.PI * i / len) : 0.0;
            worst = Math.max(worst, Math.abs(y[i] - expected));
        }
        System.out.printf("std.granular 10 ms grain of DC: max deviation from a 480-sample Hann window %.2e%n", worst);
        assertTrue(worst < 1e-5, "worst " + worst);
    }

    @Test
    void fedFullScaleNoiseFor60SecondsStaysFiniteAndBounded() {
        EffectStability.NoiseRun run = EffectStability.fullScaleNoise(grains(7f, 1f), 60.0, 5);
        System.out.println("std.granular defaults, pitch +7, scatter 1, 60 s noise: " + run);
        assertTrue(run.peak() < 4.0, "peak " + run.peak());
        // The densest, longest, most scattered grains: 100 at once.
        NodeUnderTest dense = grains(-24f, 1f).set("density", 200f).set("size", 500f).set("position", 2000f);
        EffectStability.NoiseRun denseRun = EffectStability.fullScaleNoise(dense, 10.0, 6);
        System.out.println("std.granular density 200, size 500 ms, pitch -24, scatter 1, 10 s noise: " + denseRun);
        assertTrue(denseRun.peak() < 4.0, "peak " + denseRun.peak());
    }

    @Test
    void impulseThen30SecondsOfSilenceNeverHoldsASubnormal() {
        EffectStability.SilenceRun run = EffectStability.impulseThenSilence(grains(5f, 1f), 30.0);
        System.out.println("std.granular impulse + 30 s silence: no subnormal in " + run.outputSamples()
                + " output samples and " + run.stateChecks() + " state scans (" + run.stateValues() + " values)");
    }
}
