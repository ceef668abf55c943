package org.aetherdsp.lv2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.io.midi.MidiInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An LV2 instrument (mda EPiano) plays from the engine's MIDI at the right pitch, and only once a note arrives. */
class Lv2MidiTest {

    private static final String EPIANO = "lv2:" + Lv2TestPlugins.EPIANO;
    private static final int FRAMES = 16_384;

    /** The frequency in [lo, hi] (0.25 Hz steps) where the Hann-windowed spectrum of x is largest. */
    static double peak(float[] x, double lo, double hi) {
        double best = lo;
        double bestMag = -1;
        int n = x.length;
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = x[i] * (0.5 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1)));
        }
        for (double f = lo; f <= hi; f += 0.25) {
            double re = 0;
            double im = 0;
            double step = 2 * Math.PI * f / 48_000.0;
            for (int i = 0; i < n; i++) {
                re += w[i] * Math.cos(step * i);
                im += w[i] * Math.sin(step * i);
            }
            double mag = re * re + im * im;
            if (mag > bestMag) {
                bestMag = mag;
                best = f;
            }
        }
        return best;
    }

    private static float[] play(int key) {
        try (Engine engine = Engine.builder().sampleRate(48_000).blockSize(64).outputChannels(2).build()) {
            long piano = engine.add(EPIANO);
            engine.setParam(piano, "random_tuning", 0f, 0f);
            engine.setParam(piano, "modulation", 0f, 0f);
            engine.connectOutput(piano, 0, 0);
            MidiInput midi = new MidiInput();
            engine.nodeAs(piano, Lv2Instance.class).listen(midi);
            float[][] out = new float[2][64];
            float[] heard = new float[FRAMES];
            long frame = 0;
            float before = 0f;
            for (int b = 0; b < 20; b++) { // silence until a note arrives
                midi.beforeBlock(frame, 64);
                engine.process(out);
                frame += 64;
                for (float v : out[0]) {
                    before = Math.max(before, Math.abs(v));
                }
            }
            assertEquals(0f, before, 1e-6f, "no note, no sound");
            midi.offer(frame + 10, 0x90, key, 100); // note on, at frame 10 of the next block
            for (int at = 0; at < FRAMES; at += 64) {
                midi.beforeBlock(frame, 64);
                engine.process(out);
                frame += 64;
                System.arraycopy(out[0], 0, heard, at, 64);
            }
            return heard;
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {57, 69, 76})
    void instrumentPlaysTheNoteAtItsPitch(int key) {
        Lv2TestPlugins.host(Lv2TestPlugins.EPIANO);
        float[] heard = play(key);
        double f0 = 440.0 * Math.pow(2, (key - 69) / 12.0);
        float peakAmp = 0f;
        for (float v : heard) {
            peakAmp = Math.max(peakAmp, Math.abs(v));
        }
        assertTrue(peakAmp > 0.01f, "the note sounds: peak " + peakAmp);
        double found = peak(heard, f0 * 0.75, f0 * 1.3);
        System.out.println("EPiano key " + key + ": expected " + f0 + " Hz, strongest component near it at " + found + " Hz");
        assertEquals(f0, found, f0 * 0.003, "key " + key);
    }

    @Test
    void instrumentsSayTheyTakeMidiAndEffectsDoNot() {
        Lv2Host host = Lv2TestPlugins.host(Lv2TestPlugins.EPIANO, Lv2TestPlugins.AMP, Lv2TestPlugins.PARAMS);
        assertTrue(host.create(Lv2TestPlugins.EPIANO).takesMidi());
        assertTrue(!host.create(Lv2TestPlugins.AMP).takesMidi());
        assertTrue(!host.create(Lv2TestPlugins.PARAMS).takesMidi(), "eg-params' atom input takes patch messages, not MIDI");
    }

    @Test
    void noteOffEndsTheNote() {
        Lv2TestPlugins.host(Lv2TestPlugins.EPIANO);
        try (Engine engine = Engine.builder().sampleRate(48_000).blockSize(64).outputChannels(2).build()) {
            long piano = engine.add(EPIANO);
            engine.connectOutput(piano, 0, 0);
            MidiInput midi = new MidiInput();
            engine.nodeAs(piano, Lv2Instance.class).listen(midi);
            float[][] out = new float[2][64];
            long frame = 0;
            midi.offer(0, 0x90, 60, 100);
            midi.offer(4_800, 0x80, 60, 0);
            float late = 0f;
            for (int b = 0; b < 48_000 / 64 * 2; b++) {
                midi.beforeBlock(frame, 64);
                engine.process(out);
                frame += 64;
                if (frame > 60_000) {
                    for (float v : out[0]) {
                        late = Math.max(late, Math.abs(v));
                    }
                }
            }
            assertTrue(late < 1e-3f, "released well over a second ago: " + late);
        }
    }
}
