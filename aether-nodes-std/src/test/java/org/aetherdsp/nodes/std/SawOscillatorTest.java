package org.aetherdsp.nodes.std;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SawOscillatorTest {

    private static final int N = 32_768;
    private static final double SR = NodeUnderTest.SAMPLE_RATE;
    private static final double F0 = 5_000.0;
    /** Bins on either side of a harmonic that count as that harmonic (Blackman-Harris main lobe is +-4). */
    private static final int HARMONIC_GUARD_BINS = 6;

    /** The textbook aliasing saw: 2 * phase - 1, sampled. */
    private static float[] naiveSaw(double freq, int frames) {
        float[] x = new float[frames];
        double inc = freq / SR;
        double p = 0.0;
        for (int i = 0; i < frames; i++) {
            x[i] = (float) (2.0 * p - 1.0);
            p += inc;
            p -= Math.floor(p);
        }
        return x;
    }

    private static boolean nearHarmonic(int bin) {
        double binHz = SR / N;
        for (int h = 0; h * F0 < SR / 2; h++) {
            if (Math.abs(bin - h * F0 / binHz) <= HARMONIC_GUARD_BINS) {
                return true;
            }
        }
        return false;
    }

    private static double nonHarmonicEnergy(double[] power) {
        double e = 0.0;
        for (int k = 0; k < power.length; k++) {
            if (!nearHarmonic(k)) {
                e += power[k];
            }
        }
        return e;
    }

    private static double bandEnergy(double[] power, double hz) {
        int centre = (int) Math.round(hz * N / SR);
        double e = 0.0;
        for (int k = centre - HARMONIC_GUARD_BINS; k <= centre + HARMONIC_GUARD_BINS; k++) {
            e += power[k];
        }
        return e;
    }

    @Test
    void polyBlepSawHasAtLeast10dBLessAliasingThanANaiveSawAt5kHz() {
        float[] blep = NodeUnderTest.of("std.osc.saw").set("freq", (float) F0).render(N / NodeUnderTest.BLOCK);
        float[] naive = naiveSaw(F0, N);
        double[] blepPower = Spectrum.blackmanHarrisPower(blep);
        double[] naivePower = Spectrum.blackmanHarrisPower(naive);

        // Same fundamental, so lower aliasing is not bought by a quieter signal.
        double fundamentalDb = 10 * Math.log10(bandEnergy(blepPower, F0) / bandEnergy(naivePower, F0));
        assertEquals(0.0, fundamentalDb, 0.5, "PolyBLEP fundamental vs naive, dB");

        double improvementDb = 10 * Math.log10(nonHarmonicEnergy(naivePower) / nonHarmonicEnergy(blepPower));
        double naiveAliasToFundamentalDb = 10 * Math.log10(nonHarmonicEnergy(naivePower) / bandEnergy(naivePower, F0));
        double blepAliasToFundamentalDb = 10 * Math.log10(nonHarmonicEnergy(blepPower) / bandEnergy(blepPower, F0));
        System.out.printf("std.osc.saw 5 kHz @ 48 kHz, %d samples, Blackman-Harris: non-harmonic energy %.2f dB"
                        + " below naive (alias/fundamental: naive %.2f dB, PolyBLEP %.2f dB)%n",
                N, improvementDb, naiveAliasToFundamentalDb, blepAliasToFundamentalDb);
        assertTrue(improvementDb >= 10.0, "PolyBLEP aliasing only " + improvementDb + " dB below naive");
    }

    @Test
    void sawRisesFromMinusOneToOneAtTheSetAmplitude() {
        float[] x = NodeUnderTest.of("std.osc.saw").set("freq", 100f).set("amp", 0.5f).render(48_000 / 64);
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        int rising = 0;
        for (int i = 0; i < x.length; i++) {
            min = Math.min(min, x[i]);
            max = Math.max(max, x[i]);
            if (i > 0 && x[i] > x[i - 1]) {
                rising++;
            }
        }
        assertEquals(-0.5, min, 0.01);
        assertEquals(0.5, max, 0.01);
        // 100 jumps in one second; the jump and the two samples PolyBLEP bends around it may fall.
        assertTrue(rising >= x.length - 1 - 100 * 3, rising + " rising steps of " + (x.length - 1));
    }

    @Test
    void spectralPeakOfSawIsAtItsFrequency() {
        float[] x = NodeUnderTest.of("std.osc.saw").set("freq", 440f).render(48_000 / 64);
        int peak = Spectrum.peakBin(x, 300, 700);
        assertTrue(Math.abs(peak - 440) <= 1, "peak at " + peak + " Hz");
    }
}
