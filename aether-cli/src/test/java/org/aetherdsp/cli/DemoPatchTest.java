package org.aetherdsp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.EngineStats;
import org.aetherdsp.core.engine.OfflineRenderer;
import org.junit.jupiter.api.Test;

/** The demo renders offline and sounds like what its score says. */
class DemoPatchTest {

    private static final int RATE = 48_000;

    private static float[][] renderDemo(double seconds, Engine engine) {
        DemoPatch demo = DemoPatch.build(engine);
        int frames = (int) Math.round(seconds * RATE);
        return OfflineRenderer.renderToArrays(engine, frames, demo.automation(frames));
    }

    @Test
    void demoRendersFiniteStereoAudioBelowFullScale() {
        Engine engine = Engine.builder().sampleRate(RATE).build();
        float[][] out = renderDemo(10, engine);
        double peak = 0;
        double sum = 0;
        double diff = 0;
        for (int i = 0; i < out[0].length; i++) {
            for (float[] ch : out) {
                assertTrue(Float.isFinite(ch[i]));
                peak = Math.max(peak, Math.abs(ch[i]));
                sum += ch[i] * ch[i];
            }
            diff += Math.abs(out[0][i] - out[1][i]);
        }
        double rmsDb = 10 * Math.log10(sum / (2.0 * out[0].length));
        assertTrue(peak < 1.0, "no clipping, peak " + peak);
        assertTrue(rmsDb > -25 && rmsDb < -6, "a normal listening level, RMS " + rmsDb + " dBFS");
        assertTrue(diff / out[0].length > 1e-3, "left and right differ (detuned pairs make the width)");
        EngineStats s = engine.stats();
        assertEquals(0, s.nonFiniteSamples());
        assertEquals(0, s.faults());
        assertTrue(s.commandsApplied() > 100, "the score drives the patch: " + s.commandsApplied());
    }

    @Test
    void demoFadesInFromSilenceAndOutToSilence() {
        Engine engine = Engine.builder().sampleRate(RATE).build();
        float[][] out = renderDemo(6, engine);
        assertEquals(0f, out[0][0], 1e-4f);
        double tail = 0;
        for (int i = out[0].length - 64; i < out[0].length; i++) {
            tail = Math.max(tail, Math.abs(out[0][i]));
        }
        assertTrue(tail < 0.02, "the last block is almost silent: " + tail);
    }

    @Test
    void bassFollowsTheChordProgressionBarByBar() {
        Engine engine = Engine.builder().sampleRate(RATE).build();
        double bar = DemoPatch.barSeconds();
        float[][] out = renderDemo(4 * bar, engine);
        int[] bassNotes = new int[4]; // the bass line plays the roots an octave down
        for (int b = 0; b < 4; b++) {
            bassNotes[b] = DemoPatch.BASS[b] - 12;
        }
        for (int b = 0; b < 4; b++) {
            // The middle of each bar, away from glides. The sixteenth-note filter envelope
            // modulates the bass at 6.4 Hz, whose sidebands reach the neighbouring roots:
            // the right root must still carry 4x (6 dB) the energy of any other.
            int from = (int) ((b + 0.25) * bar * RATE);
            int to = (int) ((b + 0.75) * bar * RATE);
            double expected = energyAt(out[0], from, to, DemoPatch.midiToHz(bassNotes[b]));
            for (int other = 0; other < 4; other++) {
                if (bassNotes[other] != bassNotes[b]) {
                    double e = energyAt(out[0], from, to, DemoPatch.midiToHz(bassNotes[other]));
                    assertTrue(expected > 4 * e, "bar " + b + ": bass " + bassNotes[b] + " must dominate " + bassNotes[other]
                            + " (" + expected + " vs " + e + ")");
                }
            }
        }
    }

    /** Goertzel power of one frequency over a stretch of signal. */
    private static double energyAt(float[] x, int from, int to, double hz) {
        double w = 2 * Math.PI * hz / RATE;
        double coeff = 2 * Math.cos(w);
        double s1 = 0;
        double s2 = 0;
        for (int i = from; i < to; i++) {
            double s0 = x[i] + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return s1 * s1 + s2 * s2 - coeff * s1 * s2;
    }
}
