package org.aetherdsp.nodes.std;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.aetherdsp.api.StateBuffer;
import org.junit.jupiter.api.Test;

class NoiseTest {

    /** 2^19 samples, about 11 s: 64 segments of 8192 (5.9 Hz bins) to average. */
    private static final int LONG = 1 << 19;
    private static final int SEGMENT = 8192;
    private static final int BLOCKS = LONG / NodeUnderTest.BLOCK;
    private static final double SR = SourceAnalysis.SR;

    private static NodeUnderTest noise(float color, float seed) {
        return NodeUnderTest.of("std.noise").set("color", color).set("seed", seed);
    }

    @Test
    void whiteNoiseIsFlatWithinTwoDecibelsAcrossOctaveBands() {
        double[] power = SourceAnalysis.averagedPower(noise(0f, 1f).render(BLOCKS), SEGMENT);
        double all = SourceAnalysis.meanPower(power, 50.0, 20_000.0);
        double worst = 0.0;
        for (double lo = 50.0; lo < 20_000.0; lo *= 2) {
            double hi = Math.min(2 * lo, 20_000.0);
            double levelDb = 10 * Math.log10(SourceAnalysis.meanPower(power, lo, hi) / all);
            worst = Math.max(worst, Math.abs(levelDb));
            assertEquals(0.0, levelDb, 2.0, "octave from " + lo + " Hz against the 50 Hz..20 kHz mean, dB");
        }
        System.out.printf("std.noise white: octave bands 50 Hz..20 kHz within %.3f dB of their mean%n", worst);
    }

    @Test
    void pinkNoiseFallsThreeDecibelsPerOctaveWithinADecibelFrom100HzTo10kHz() {
        double[] power = SourceAnalysis.averagedPower(noise(1f, 1f).render(BLOCKS), SEGMENT);
        // Octave bands from 100 Hz, the last one cut at 10 kHz. For a 1/f density the mean
        // over [lo, hi) is proportional to ln(hi / lo) / (hi - lo).
        int bands = 7;
        double[] measuredDb = new double[bands];
        double[] idealDb = new double[bands];
        double[] octave = new double[bands];
        for (int b = 0; b < bands; b++) {
            double lo = 100.0 * (1 << b);
            double hi = Math.min(2 * lo, 10_000.0);
            measuredDb[b] = 10 * Math.log10(SourceAnalysis.meanPower(power, lo, hi));
            idealDb[b] = 10 * Math.log10(Math.log(hi / lo) / (hi - lo));
            octave[b] = Math.log(Math.sqrt(lo * hi) / 100.0) / Math.log(2);
        }
        // Offset that best matches the ideal line; then every band must lie within 1 dB of it.
        double offset = 0.0;
        for (int b = 0; b < bands; b++) {
            offset += (measuredDb[b] - idealDb[b]) / bands;
        }
        double worst = 0.0;
        for (int b = 0; b < bands; b++) {
            worst = Math.max(worst, Math.abs(measuredDb[b] - idealDb[b] - offset));
        }
        double slope = slope(octave, measuredDb);
        System.out.printf("std.noise pink: fitted slope %.3f dB/octave over 100 Hz..10 kHz; octave bands within %.3f dB"
                + " of -3.01 dB/octave%n", slope, worst);
        assertTrue(worst <= 1.0, "band off the -3 dB/octave line by " + worst + " dB");
        assertEquals(-3.01, slope, 0.25, "fitted slope, dB/octave");
    }

    private static double slope(double[] x, double[] y) {
        double mx = 0.0;
        double my = 0.0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i] / x.length;
            my += y[i] / x.length;
        }
        double sxy = 0.0;
        double sxx = 0.0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        return sxy / sxx;
    }

    @Test
    void whiteNoiseIsUniformWithinAmp() {
        float[] x = noise(0f, 1f).set("amp", 0.5f).render(1000);
        double rms = SourceAnalysis.rms(x);
        System.out.printf("std.noise white amp 0.5: rms %.4f (0.5/sqrt 3 = %.4f), peak %.4f%n", rms, 0.5 / Math.sqrt(3),
                SourceAnalysis.peak(x));
        assertEquals(0.5 / Math.sqrt(3), rms, 0.005);
        assertTrue(SourceAnalysis.peak(x) <= 0.5, "peak " + SourceAnalysis.peak(x));
        assertEquals(0.0, SourceAnalysis.mean(x), 0.005, "mean");
    }

    @Test
    void pinkNoiseHasAnRmsOfAFifthOfAmp() {
        float[] x = noise(1f, 1f).render(BLOCKS);
        double rms = SourceAnalysis.rms(x);
        System.out.printf("std.noise pink amp 1: rms %.4f, peak %.4f over %d samples%n", rms, SourceAnalysis.peak(x), x.length);
        assertEquals(0.2, rms, 0.01);
    }

    @Test
    void sameSeedRendersIdenticalAudio() {
        for (float color : new float[] {0f, 1f}) {
            assertArrayEquals(noise(color, 42f).render(100), noise(color, 42f).render(100), "color " + color);
        }
    }

    @Test
    void differentSeedsRenderUncorrelatedAudio() {
        for (float color : new float[] {0f, 1f}) {
            float[] a = noise(color, 1f).render(1000);
            for (float seed : new float[] {0f, 2f, 16_777_216f}) {
                float[] b = noise(color, seed).render(1000);
                assertFalse(Arrays.equals(a, b), "seed " + seed);
                double dot = 0.0;
                for (int i = 0; i < a.length; i++) {
                    dot += (double) a[i] * b[i];
                }
                double correlation = dot / (a.length * SourceAnalysis.rms(a) * SourceAnalysis.rms(b));
                assertEquals(0.0, correlation, 0.05, "color " + color + ", seeds 1 and " + seed);
            }
        }
    }

    @Test
    void aNewSeedRestartsTheGeneratorOnTheNextBlock() {
        NodeUnderTest n = noise(0f, 1f);
        n.render(10);
        n.set("seed", 7f);
        float[] afterChange = n.render(3);
        assertArrayEquals(noise(0f, 7f).render(3), afterChange);
    }

    @Test
    void colorBelowOneHalfIsWhiteAndFromOneHalfPink() {
        assertArrayEquals(noise(0f, 3f).render(20), noise(0.49f, 3f).render(20));
        assertArrayEquals(noise(1f, 3f).render(20), noise(0.5f, 3f).render(20));
        assertFalse(Arrays.equals(noise(0f, 3f).render(20), noise(1f, 3f).render(20)));
    }

    @Test
    void pinkFilterMemoriesNeverBecomeSubnormalAtZeroAmpAndExtremeSeeds() {
        for (float seed : new float[] {0f, 1f, 16_777_216f}) {
            NodeUnderTest n = noise(1f, seed).set("amp", 0f);
            StateBuffer state = new StateBuffer(n.node.stateSize());
            for (int b = 0; b < 5_000; b++) {
                n.processBlock();
                for (float v : n.outputs[0]) {
                    assertTrue(v == 0f, "amp 0 is silence");
                }
                state.clear();
                n.node.saveState(state);
                state.readInt();
                state.readLong();
                for (int m = 0; m < 7; m++) {
                    double memory = state.readDouble();
                    assertTrue(memory == 0.0 || Math.abs(memory) >= Double.MIN_NORMAL,
                            "seed " + seed + ", block " + b + ": memory " + m + " is subnormal: " + memory);
                }
            }
        }
    }

    @Test
    void loadingSubnormalFilterMemoriesFlushesThem() {
        NodeUnderTest n = noise(1f, 5f);
        n.processBlock();
        StateBuffer in = new StateBuffer(n.node.stateSize());
        in.writeInt(5);
        in.writeLong(123L);
        for (int m = 0; m < 7; m++) {
            in.writeDouble(Double.MIN_VALUE * (m + 1));
        }
        n.node.loadState(in, n.node.stateVersion());
        StateBuffer out = new StateBuffer(n.node.stateSize());
        n.node.saveState(out);
        out.readInt();
        out.readLong();
        for (int m = 0; m < 7; m++) {
            assertEquals(0.0, out.readDouble(), "memory " + m);
        }
    }
}
