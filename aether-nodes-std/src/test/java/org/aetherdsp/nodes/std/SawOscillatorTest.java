package org.aetherdsp.nodes.std;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.aetherdsp.api.StateBuffer;
import org.junit.jupiter.api.Test;

class SawOscillatorTest {

    private static final int N = 32_768;
    private static final double SR = SourceAnalysis.SR;
    private static final int ONE_SECOND_BLOCKS = 48_000 / NodeUnderTest.BLOCK;

    @Test
    void nonHarmonicEnergyOfA5kHzSawIsAtLeast30dBBelowANaiveSaws() {
        float[] saw = NodeUnderTest.of("std.osc.saw").set("freq", 5_000f).render(N / NodeUnderTest.BLOCK);
        SourceAnalysis.Aliasing a = SourceAnalysis.aliasing(saw, SourceAnalysis.naiveSaw(5_000.0, N), 5_000.0);
        System.out.println("std.osc.saw 5 kHz @ 48 kHz, " + N + " samples, Blackman-Harris: " + a);
        // Same fundamental, so lower aliasing is not bought by a quieter signal.
        assertEquals(0.0, a.fundamentalDb(), 0.5, "fundamental vs naive, dB");
        assertTrue(a.improvementDb() >= 30.0, a.toString());
    }

    @Test
    void nonHarmonicEnergyStaysAtLeast30dBBelowNaiveFrom1To15kHz() {
        double worst = Double.MAX_VALUE;
        for (double f : new double[] {1_000.0, 2_345.0, 7_000.0, 11_025.0, 15_000.0}) {
            float[] saw = NodeUnderTest.of("std.osc.saw").set("freq", (float) f).render(N / NodeUnderTest.BLOCK);
            SourceAnalysis.Aliasing a = SourceAnalysis.aliasing(saw, SourceAnalysis.naiveSaw(f, N), f);
            System.out.printf("std.osc.saw %.0f Hz: %s%n", f, a);
            worst = Math.min(worst, a.improvementDb());
            assertTrue(a.improvementDb() >= 30.0, f + " Hz: " + a);
        }
        System.out.printf("std.osc.saw 1..15 kHz: worst %.2f dB below naive%n", worst);
    }

    @Test
    void harmonicsOfA110HzSawFallAsOneOverNWithinADecibel() {
        // One second: 110 Hz and its harmonics sit on whole DFT bins.
        float[] x = NodeUnderTest.of("std.osc.saw").set("freq", 110f).render(ONE_SECOND_BLOCKS);
        double fundamental = SourceAnalysis.amplitudeAt(x, 110.0);
        assertEquals(2.0 / Math.PI, fundamental, 0.01, "fundamental of a unit saw is 2/pi");
        double worst = 0.0;
        for (int n = 2; n <= 40; n++) {
            double errorDb = SourceAnalysis.db(SourceAnalysis.amplitudeAt(x, 110.0 * n) / fundamental, 1.0 / n);
            worst = Math.max(worst, Math.abs(errorDb));
            assertEquals(0.0, errorDb, 1.0, "harmonic " + n + " vs 1/n, dB");
        }
        System.out.printf("std.osc.saw 110 Hz: harmonics 2..40 within %.3f dB of 1/n%n", worst);
    }

    @Test
    void sawRampsFromMinusAmpToAmpBetweenJumps() {
        float amp = 0.5f;
        float[] x = NodeUnderTest.of("std.osc.saw").set("freq", 100f).set("amp", amp).render(ONE_SECOND_BLOCKS);
        double worst = 0.0;
        for (int i = 0; i < x.length; i++) {
            double p = (i * 100.0 / SR) % 1.0;
            if (p > 0.1 && p < 0.9) {
                worst = Math.max(worst, Math.abs(x[i] - amp * (2.0 * p - 1.0)));
            }
        }
        System.out.printf("std.osc.saw 100 Hz: largest deviation from the ideal ramp away from the jump %.5f (amp %.1f)%n",
                worst, amp);
        assertTrue(worst < 0.01 * amp, "deviation from the ramp " + worst);
        // A band-limited jump overshoots by Gibbs' 9% of its height, no more.
        double peak = SourceAnalysis.peak(x);
        assertTrue(peak >= amp && peak <= amp * 1.2, "peak " + peak);
    }

    @Test
    void spectralPeakOfSawIsAtItsFrequency() {
        float[] x = NodeUnderTest.of("std.osc.saw").set("freq", 440f).render(ONE_SECOND_BLOCKS);
        int peak = Spectrum.peakBin(x, 300, 700);
        assertTrue(Math.abs(peak - 440) <= 1, "peak at " + peak + " Hz");
    }

    @Test
    void fmInputOfPlus100HzMovesThePeakTo540Hz() {
        float[] x = NodeUnderTest.of("std.osc.saw").set("freq", 440f).constantInput("fm", 100f).render(ONE_SECOND_BLOCKS);
        int peak = Spectrum.peakBin(x, 300, 700);
        assertTrue(Math.abs(peak - 540) <= 1, "peak at " + peak + " Hz");
    }

    @Test
    void aWrappingPhaseRampOnPmShiftsTheFrequencyWithoutAliasing() {
        // 1 kHz plus a pm ramp of 4000 cycles per second is a 5 kHz saw; the harmonics must
        // follow the 5 kHz the phase is read at, not the 1 kHz of freq.
        NodeUnderTest n = NodeUnderTest.of("std.osc.saw").set("freq", 1_000f);
        float[] pm = n.input("pm");
        float[] x = new float[N];
        for (int b = 0; b < N / NodeUnderTest.BLOCK; b++) {
            for (int i = 0; i < NodeUnderTest.BLOCK; i++) {
                double cycles = (b * NodeUnderTest.BLOCK + i) * 4_000.0 / SR;
                pm[i] = (float) (cycles - Math.floor(cycles));
            }
            n.processBlock();
            System.arraycopy(n.outputs[0], 0, x, b * NodeUnderTest.BLOCK, NodeUnderTest.BLOCK);
        }
        SourceAnalysis.Aliasing a = SourceAnalysis.aliasing(x, SourceAnalysis.naiveSaw(5_000.0, N), 5_000.0);
        System.out.println("std.osc.saw 1 kHz + 4 kHz pm ramp: " + a);
        assertEquals(0.0, a.fundamentalDb(), 0.5, "fundamental vs a naive 5 kHz saw, dB");
        assertTrue(a.improvementDb() >= 30.0, a.toString());
    }

    @Test
    void aVersion1StateFromThePolyBlepSawRestoresThePhase() {
        StateBuffer v1 = new StateBuffer(Double.BYTES);
        v1.writeDouble(0.25);
        NodeUnderTest restored = NodeUnderTest.of("std.osc.saw").set("freq", 300f);
        restored.node.loadState(v1, 1);
        float[] expected = NodeUnderTest.of("std.osc.saw").set("freq", 300f).constantInput("pm", 0.25f).render(4);
        assertArrayEquals(expected, restored.render(4), 1e-6f);
    }
}
