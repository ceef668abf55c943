package org.aetherdsp.nodes.std;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TriangleOscillatorTest {

    private static final int N = 32_768;
    private static final double SR = SourceAnalysis.SR;
    private static final int ONE_SECOND_BLOCKS = 48_000 / NodeUnderTest.BLOCK;

    @Test
    void nonHarmonicEnergyOfA5kHzTriangleIsAtLeast30dBBelowANaiveTriangles() {
        float[] x = NodeUnderTest.of("std.osc.triangle").set("freq", 5_000f).render(N / NodeUnderTest.BLOCK);
        SourceAnalysis.Aliasing a = SourceAnalysis.aliasing(x, SourceAnalysis.naiveTriangle(5_000.0, N), 5_000.0);
        System.out.println("std.osc.triangle 5 kHz @ 48 kHz, " + N + " samples, Blackman-Harris: " + a);
        assertEquals(0.0, a.fundamentalDb(), 0.5, "fundamental vs naive, dB");
        assertTrue(a.improvementDb() >= 30.0, a.toString());
    }

    @Test
    void harmonicsOfA110HzTriangleAreOddAndFallAsOneOverNSquaredWithinADecibel() {
        float[] x = NodeUnderTest.of("std.osc.triangle").set("freq", 110f).render(ONE_SECOND_BLOCKS);
        double fundamental = SourceAnalysis.amplitudeAt(x, 110.0);
        assertEquals(8.0 / (Math.PI * Math.PI), fundamental, 0.01, "fundamental of a unit triangle is 8/pi^2");
        double worstOdd = 0.0;
        double loudestEven = 0.0;
        for (int n = 2; n <= 21; n++) {
            double relative = SourceAnalysis.amplitudeAt(x, 110.0 * n) / fundamental;
            if (n % 2 == 1) {
                double errorDb = SourceAnalysis.db(relative, 1.0 / (n * n));
                worstOdd = Math.max(worstOdd, Math.abs(errorDb));
                assertEquals(0.0, errorDb, 1.0, "odd harmonic " + n + " vs 1/n^2, dB");
            } else {
                loudestEven = Math.max(loudestEven, relative);
            }
        }
        System.out.printf("std.osc.triangle 110 Hz: odd harmonics 3..21 within %.3f dB of 1/n^2; loudest even one %.1f dB%n",
                worstOdd, 20 * Math.log10(loudestEven));
        assertTrue(20 * Math.log10(loudestEven) < -60.0, "even harmonics at " + 20 * Math.log10(loudestEven) + " dB");
    }

    @Test
    void triangleIsInSinePhaseAndStaysWithinAmp() {
        float amp = 0.5f;
        float[] x = NodeUnderTest.of("std.osc.triangle").set("freq", 100f).set("amp", amp).render(ONE_SECOND_BLOCKS);
        double worst = 0.0;
        for (int i = 0; i < x.length; i++) {
            double p = (i * 100.0 / SR) % 1.0;
            double ideal = p < 0.25 ? 4.0 * p : p < 0.75 ? 2.0 - 4.0 * p : 4.0 * p - 4.0;
            worst = Math.max(worst, Math.abs(x[i] - amp * ideal));
        }
        System.out.printf("std.osc.triangle 100 Hz: largest deviation from the ideal triangle %.5f (amp %.1f)%n", worst, amp);
        assertTrue(worst < 0.01 * amp, "deviation " + worst);
        assertTrue(SourceAnalysis.peak(x) <= amp, "peak " + SourceAnalysis.peak(x));
    }

    @Test
    void spectralPeakOfTriangleIsAtItsFrequency() {
        float[] x = NodeUnderTest.of("std.osc.triangle").set("freq", 440f).render(ONE_SECOND_BLOCKS);
        int peak = Spectrum.peakBin(x, 300, 700);
        assertTrue(Math.abs(peak - 440) <= 1, "peak at " + peak + " Hz");
    }
}
