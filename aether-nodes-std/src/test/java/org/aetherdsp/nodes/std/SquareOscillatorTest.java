package org.aetherdsp.nodes.std;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SquareOscillatorTest {

    private static final int N = 32_768;
    private static final int ONE_SECOND_BLOCKS = 48_000 / NodeUnderTest.BLOCK;

    private static float[] square(float freq, float width, int blocks) {
        return NodeUnderTest.of("std.osc.square").set("freq", freq).set("width", width).render(blocks);
    }

    @Test
    void nonHarmonicEnergyOfA5kHzSquareIsAtLeast30dBBelowANaiveSquares() {
        float[] x = square(5_000f, 0.5f, N / NodeUnderTest.BLOCK);
        SourceAnalysis.Aliasing a = SourceAnalysis.aliasing(x, SourceAnalysis.naivePulse(5_000.0, 0.5, N), 5_000.0);
        System.out.println("std.osc.square 5 kHz @ 48 kHz, " + N + " samples, Blackman-Harris: " + a);
        assertEquals(0.0, a.fundamentalDb(), 0.5, "fundamental vs naive, dB");
        assertTrue(a.improvementDb() >= 30.0, a.toString());
    }

    @Test
    void nonHarmonicEnergyOfA5kHzPulseOfWidthPoint3IsAtLeast30dBBelowANaivePulses() {
        float[] x = square(5_000f, 0.3f, N / NodeUnderTest.BLOCK);
        SourceAnalysis.Aliasing a = SourceAnalysis.aliasing(x, SourceAnalysis.naivePulse(5_000.0, 0.3, N), 5_000.0);
        System.out.println("std.osc.square 5 kHz width 0.3: " + a);
        assertEquals(0.0, a.fundamentalDb(), 0.5, "fundamental vs naive, dB");
        assertTrue(a.improvementDb() >= 30.0, a.toString());
    }

    @Test
    void harmonicsOfA110HzSquareAreOddAndFallAsOneOverNWithinADecibel() {
        float[] x = square(110f, 0.5f, ONE_SECOND_BLOCKS);
        double fundamental = SourceAnalysis.amplitudeAt(x, 110.0);
        assertEquals(4.0 / Math.PI, fundamental, 0.01, "fundamental of a unit square is 4/pi");
        double worstOdd = 0.0;
        double loudestEven = 0.0;
        for (int n = 2; n <= 40; n++) {
            double relative = SourceAnalysis.amplitudeAt(x, 110.0 * n) / fundamental;
            if (n % 2 == 1) {
                double errorDb = SourceAnalysis.db(relative, 1.0 / n);
                worstOdd = Math.max(worstOdd, Math.abs(errorDb));
                assertEquals(0.0, errorDb, 1.0, "odd harmonic " + n + " vs 1/n, dB");
            } else {
                loudestEven = Math.max(loudestEven, relative);
            }
        }
        System.out.printf("std.osc.square 110 Hz: odd harmonics 3..39 within %.3f dB of 1/n; loudest even one %.1f dB%n",
                worstOdd, 20 * Math.log10(loudestEven));
        assertTrue(20 * Math.log10(loudestEven) < -60.0, "even harmonics at " + 20 * Math.log10(loudestEven) + " dB");
    }

    @Test
    void harmonicsOfAQuarterWidthPulseFollowSinPiNWidthOverN() {
        double w = 0.25;
        float[] x = square(110f, (float) w, ONE_SECOND_BLOCKS);
        // A pulse of width w has harmonic amplitudes (4 / (pi n)) |sin(pi n w)|.
        double worst = 0.0;
        for (int n = 1; n <= 20; n++) {
            double expected = 4.0 / (Math.PI * n) * Math.abs(Math.sin(Math.PI * n * w));
            double actual = SourceAnalysis.amplitudeAt(x, 110.0 * n);
            worst = Math.max(worst, Math.abs(actual - expected));
            assertEquals(expected, actual, 0.005, "harmonic " + n);
        }
        System.out.printf("std.osc.square 110 Hz width 0.25: harmonics 1..20 within %.5f of (4/pi n)|sin(pi n w)|%n", worst);
    }

    @Test
    void widthSetsTheDutyCycleAndTheMean() {
        float[] x = NodeUnderTest.of("std.osc.square").set("freq", 100f).set("width", 0.25f).set("amp", 0.5f)
                .render(ONE_SECOND_BLOCKS);
        int high = 0;
        for (float v : x) {
            if (v > 0f) {
                high++;
            }
        }
        // 480 samples a cycle: the sample that lands exactly on an edge reads its midpoint, 0.
        assertEquals(0.25, high / (double) x.length, 1.0 / 480, "fraction of the cycle high, to a sample a cycle");
        assertEquals(0.5 * (2 * 0.25 - 1), SourceAnalysis.mean(x), 1e-3, "mean of a width-0.25 pulse at amp 0.5");
        double peak = SourceAnalysis.peak(x);
        assertTrue(peak >= 0.5 && peak <= 0.5 * 1.2, "peak " + peak);
    }

    @Test
    void spectralPeakOfSquareIsAtItsFrequency() {
        float[] x = square(440f, 0.5f, ONE_SECOND_BLOCKS);
        int peak = Spectrum.peakBin(x, 300, 700);
        assertTrue(Math.abs(peak - 440) <= 1, "peak at " + peak + " Hz");
    }
}
