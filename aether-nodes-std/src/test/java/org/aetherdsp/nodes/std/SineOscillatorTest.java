package org.aetherdsp.nodes.std;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SineOscillatorTest {

    /** One second at 48 kHz: the DFT bin spacing is exactly 1 Hz. */
    private static final int ONE_SECOND_BLOCKS = 48_000 / NodeUnderTest.BLOCK;

    @Test
    void spectralPeakOf440HzSineIsWithinOneBinOf440Hz() {
        float[] x = NodeUnderTest.of("std.osc.sine").set("freq", 440f).render(ONE_SECOND_BLOCKS);
        int peak = Spectrum.peakBin(x, 300, 700);
        assertTrue(Math.abs(peak - 440) <= 1, "peak at " + peak + " Hz");
    }

    @Test
    void defaultAmplitudeIsOne() {
        float[] x = NodeUnderTest.of("std.osc.sine").render(ONE_SECOND_BLOCKS);
        // A sine of amplitude A on an integer bin has |X[k]| = A * N / 2.
        double amplitude = 2.0 * Spectrum.binMagnitude(x, 440) / x.length;
        assertEquals(1.0, amplitude, 1e-3, "amplitude from the DFT");
        float peak = 0f;
        for (float v : x) {
            peak = Math.max(peak, Math.abs(v));
        }
        assertEquals(1.0, peak, 1e-3, "time-domain peak");
    }

    @Test
    void ampParamScalesTheAmplitude() {
        float[] x = NodeUnderTest.of("std.osc.sine").set("amp", 0.25f).render(ONE_SECOND_BLOCKS);
        double amplitude = 2.0 * Spectrum.binMagnitude(x, 440) / x.length;
        assertEquals(0.25, amplitude, 1e-3);
    }

    @Test
    void fmInputOfPlus100HzMovesThePeakTo540Hz() {
        float[] x = NodeUnderTest.of("std.osc.sine").set("freq", 440f).constantInput("fm", 100f)
                .render(ONE_SECOND_BLOCKS);
        int peak = Spectrum.peakBin(x, 300, 700);
        assertTrue(Math.abs(peak - 540) <= 1, "peak at " + peak + " Hz");
    }

    @Test
    void quarterCyclePhaseModulationTurnsTheSineIntoACosine() {
        float[] x = NodeUnderTest.of("std.osc.sine").set("freq", 1000f).constantInput("pm", 0.25f).render(4);
        for (int i = 0; i < x.length; i++) {
            double expected = Math.cos(2.0 * Math.PI * 1000.0 * i / 48_000.0);
            assertEquals(expected, x[i], 1e-5, "sample " + i);
        }
    }
}
