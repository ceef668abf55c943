package org.aetherdsp.nodes.std;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class FormantFilterTest {

    private static final String[] VOWELS = {"A", "E", "I", "O", "U"};
    /** F1, F2 in Hz: Peterson & Barney (1952), men; written here again, not taken from the node. */
    private static final double[][] F1_F2 = {{730, 1090}, {530, 1840}, {270, 2290}, {570, 840}, {300, 870}};
    private static final double TOLERANCE = 0.10;

    private static final int SEGMENT = 8192;
    /** Peaks must stand this far above the lowest point between them and any higher peak. */
    private static final double MIN_PROMINENCE_DB = 3.0;
    private static final double SEARCH_FROM_HZ = 150;
    private static final double SEARCH_TO_HZ = 4000;

    /** 4 s of the filter's output for full-scale white noise, after 0.1 s to settle. */
    private static float[] noiseThrough(NodeUnderTest f, long seed) {
        int blocks = (int) (4.1 * NodeUnderTest.SAMPLE_RATE / NodeUnderTest.BLOCK);
        int skip = (int) (0.1 * NodeUnderTest.SAMPLE_RATE / NodeUnderTest.BLOCK);
        float[] in = f.input("in");
        float[] out = new float[(blocks - skip) * NodeUnderTest.BLOCK];
        long x = seed | 1;
        for (int b = 0; b < blocks; b++) {
            for (int i = 0; i < in.length; i++) {
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
                in[i] = (float) ((x >>> 11) * 0x1.0p-52 - 1.0);
            }
            f.processBlock();
            if (b >= skip) {
                System.arraycopy(f.outputs[0], 0, out, (b - skip) * NodeUnderTest.BLOCK, NodeUnderTest.BLOCK);
            }
        }
        return out;
    }

    /**
     * The spectral envelope in dB: Blackman-Harris power averaged over half-overlapping
     * segments (Welch), then over +-3 bins (+-18 Hz).
     */
    static double[] envelopeDb(float[] x) {
        double[] sum = new double[SEGMENT / 2 + 1];
        float[] seg = new float[SEGMENT];
        for (int start = 0; start + SEGMENT <= x.length; start += SEGMENT / 2) {
            System.arraycopy(x, start, seg, 0, SEGMENT);
            double[] p = Spectrum.blackmanHarrisPower(seg);
            for (int k = 0; k < sum.length; k++) {
                sum[k] += p[k];
            }
        }
        double[] db = new double[sum.length];
        for (int k = 0; k < sum.length; k++) {
            double s = 0;
            int count = 0;
            for (int j = Math.max(0, k - 3); j <= Math.min(sum.length - 1, k + 3); j++) {
                s += sum[j];
                count++;
            }
            db[k] = 10 * Math.log10(s / count);
        }
        return db;
    }

    /** Frequencies of the local maxima in the search band with at least {@link #MIN_PROMINENCE_DB} prominence, ascending. */
    static List<Double> prominentPeaksHz(double[] db) {
        double binHz = NodeUnderTest.SAMPLE_RATE / SEGMENT;
        int from = (int) Math.ceil(SEARCH_FROM_HZ / binHz);
        int to = (int) Math.floor(SEARCH_TO_HZ / binHz);
        List<Double> peaks = new ArrayList<>();
        for (int k = from + 1; k < to; k++) {
            if (!(db[k] > db[k - 1] && db[k] >= db[k + 1])) {
                continue;
            }
            double leftMin = db[k];
            for (int j = k - 1; j >= from && db[j] <= db[k]; j--) {
                leftMin = Math.min(leftMin, db[j]);
            }
            double rightMin = db[k];
            for (int j = k + 1; j <= to && db[j] <= db[k]; j++) {
                rightMin = Math.min(rightMin, db[j]);
            }
            if (db[k] - Math.max(leftMin, rightMin) >= MIN_PROMINENCE_DB) {
                peaks.add(k * binHz);
            }
        }
        return peaks;
    }

    /** Measures the first two formant peaks and checks them against expected F1, F2. */
    private static double[] assertFirstTwoPeaks(String what, NodeUnderTest f, double f1, double f2, long seed) {
        List<Double> peaks = prominentPeaksHz(envelopeDb(noiseThrough(f, seed)));
        assertTrue(peaks.size() >= 2, what + ": fewer than two spectral peaks: " + peaks);
        double m1 = peaks.get(0);
        double m2 = peaks.get(1);
        double e1 = m1 / f1 - 1;
        double e2 = m2 / f2 - 1;
        System.out.printf("std.filter.formant %s: F1 %.0f Hz (expected %.0f, %+.1f %%), F2 %.0f Hz (expected %.0f,"
                + " %+.1f %%); all peaks %s%n", what, m1, f1, 100 * e1, m2, f2, 100 * e2, peaks);
        assertEquals(0.0, e1, TOLERANCE, what + " F1 relative error, peaks " + peaks);
        assertEquals(0.0, e2, TOLERANCE, what + " F2 relative error, peaks " + peaks);
        return new double[] {e1, e2};
    }

    @Test
    void eachVowelsSpectralPeaksLieWithinTenPercentOfItsF1AndF2() {
        double worst = 0;
        for (int v = 0; v < VOWELS.length; v++) {
            NodeUnderTest f = NodeUnderTest.of("std.filter.formant").set("vowel", v);
            double[] e = assertFirstTwoPeaks("vowel " + VOWELS[v], f, F1_F2[v][0], F1_F2[v][1], 11 + v);
            worst = Math.max(worst, Math.max(Math.abs(e[0]), Math.abs(e[1])));
        }
        System.out.printf("std.filter.formant: largest F1/F2 error over the five vowels %.1f %%%n", 100 * worst);
    }

    @Test
    void halfwayBetweenTwoVowelsThePeaksSitAtTheGeometricMeanOfTheirFormants() {
        for (int v : new int[] {0, 2}) {
            NodeUnderTest f = NodeUnderTest.of("std.filter.formant").set("vowel", v + 0.5f);
            double f1 = Math.sqrt(F1_F2[v][0] * F1_F2[v + 1][0]);
            double f2 = Math.sqrt(F1_F2[v][1] * F1_F2[v + 1][1]);
            assertFirstTwoPeaks("vowel " + VOWELS[v] + "-" + VOWELS[v + 1] + " halfway", f, f1, f2, 31 + v);
        }
    }

    @Test
    void shiftingUpAnOctaveDoublesTheFormants() {
        NodeUnderTest f = NodeUnderTest.of("std.filter.formant").set("vowel", 0f).set("shift", 12f);
        assertFirstTwoPeaks("vowel A shifted +12 st", f, 2 * F1_F2[0][0], 2 * F1_F2[0][1], 41);
    }

    @Test
    void atMaxResonanceFullScaleNoiseFor60SecondsStaysFiniteAndBounded() {
        NodeUnderTest f = NodeUnderTest.of("std.filter.formant").set("q", 30f);
        // Every second a new vowel (morphing over the default 50 ms) and a new shift.
        double peak = FilterStability.peakUnderNoise(f, "in", 60, 5, s -> {
            f.ramp("vowel", s % 5, 2400);
            f.ramp("shift", -12 + 24 * ((s * 7) % 13) / 12f, 960);
        });
        System.out.printf("std.filter.formant q 30, 60 s full-scale noise, vowel and shift stepping: peak |y| %.3f%n", peak);
        assertTrue(peak < FilterStability.LINEAR_FILTER_BOUND, "peak " + peak);
    }

    @Test
    void anImpulseThen30SecondsOfSilenceNeverLeavesASubnormalInStateOrOutput() {
        for (float[] s : new float[][] {{0f, 8f, 0f}, {2f, 30f, -12f}, {2f, 2f, 12f}}) {
            NodeUnderTest f = NodeUnderTest.of("std.filter.formant").set("vowel", s[0]).set("q", s[1]).set("shift", s[2]);
            FilterStability.Decay d = FilterStability.impulseThenSilence(f, "in", 30);
            System.out.printf("std.filter.formant vowel %.0f q %.0f shift %+.0f: no subnormal in %d blocks;"
                    + " state exactly 0 after %.3f s%n", s[0], s[1], s[2], d.blocks(), d.secondsToZeroState());
            assertTrue(d.firstAllZeroStateBlock() >= 0, "state never flushed to 0");
        }
    }
}
