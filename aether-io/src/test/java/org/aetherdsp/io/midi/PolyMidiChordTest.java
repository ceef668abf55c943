package org.aetherdsp.io.midi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.poly.StealPolicy;
import org.aetherdsp.core.poly.VoiceTemplate;
import org.aetherdsp.core.poly.Voices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chord of 8 notes written to a standard MIDI file with javax.sound.midi, read back with
 * {@link MidiSystem}, delivered through a {@link MidiInput} as a driver delivers it, plays 8 voices:
 * each at its key's pitch (FFT of what it adds to the sum) from its note-on's frame.
 */
class PolyMidiChordTest {

    static final int BLOCK = 64;
    static final float RATE = 48_000f;
    /** 480 ticks per quarter at 120 bpm: a tick is 50 frames. */
    static final int PPQ = 480;
    static final int[] KEYS = {48, 52, 55, 60, 64, 67, 71, 74};
    /** A strummed chord: note i at tick 0, 7, 14, ... (350 frames apart, mid-block). */
    static final int STRUM_TICKS = 7;
    static final int FRAMES = 32_768 + 8 * 350 + 4096;

    static VoiceTemplate sineVoice() {
        return VoiceTemplate.builder()
                .node("osc", "std.osc.sine").param("osc", "freq", 0.01f).param("osc", "amp", 0.1f)
                .node("env", "std.adsr").param("env", "attack", 0f).param("env", "decay", 0f).param("env", "sustain", 1f)
                .node("vca", "poly.vca")
                .pitch("osc.fm").gate("env.gate").connect("osc", "vca.in").connect("env", "vca.cv")
                .output("vca")
                .build();
    }

    /** Writes the chord, leaving out note {@code skip} (-1: none), and reads it back. */
    static MidiFile chordFile(Path dir, int skip) throws Exception {
        Sequence s = new Sequence(Sequence.PPQ, PPQ);
        Track t = s.createTrack();
        for (int i = 0; i < KEYS.length; i++) {
            if (i != skip) {
                t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, i % 3, KEYS[i], 100), (long) STRUM_TICKS * i));
            }
        }
        Path file = dir.resolve("chord-" + skip + ".mid");
        MidiSystem.write(s, 0, file.toFile());
        assertTrue(Files.size(file) > 0);
        return MidiFile.read(file, RATE);
    }

    static float[] render(MidiFile midi, int workers) {
        try (Engine e = Engine.builder().sampleRate(RATE).blockSize(BLOCK).workers(workers).build()) {
            Voices v = Voices.build(e, "voice", sineVoice(), 8, StealPolicy.OLDEST);
            e.connectOutput(v.output(0), 0, 0);
            MidiInput input = new MidiInput(1024, RATE);
            input.playVoices(List.of(v.allocator()));
            float[] out = new float[FRAMES / BLOCK * BLOCK];
            float[][] host = new float[2][BLOCK];
            for (int b = 0; b < out.length / BLOCK; b++) {
                midi.playBlock(input, (long) b * BLOCK, BLOCK);
                e.process(host);
                System.arraycopy(host[0], 0, out, b * BLOCK, BLOCK);
            }
            assertEquals(8, v.allocator().gatedCount() + (midi.size() < 8 ? 1 : 0));
            return out;
        }
    }

    @Test
    void aChordOfEightNotesFromAMidiFilePlaysEightVoicesAtTheirPitchesFromTheirFrames(@TempDir Path dir) throws Exception {
        MidiFile all = chordFile(dir, -1);
        assertEquals(8, all.size());
        float[] chord = render(all, 2);
        for (int i = 0; i < KEYS.length; i++) {
            int onset = i * STRUM_TICKS * 50;
            assertEquals(onset, all.frame(i), "tick to frame");
            // What note i adds: the chord less the chord without it.
            float[] without = render(chordFile(dir, i), 2);
            double[] voice = new double[chord.length];
            for (int f = 0; f < chord.length; f++) {
                voice[f] = chord[f] - without[f];
            }
            for (int f = 0; f < onset; f++) {
                assertEquals(0.0, voice[f], 1e-6, "note " + i + " sounds before its frame " + onset + " at " + f);
            }
            assertEquals(0.0, voice[onset], 1e-5, "note " + i + ": a sine starts at phase 0");
            double hz = 440 * Math.pow(2, (KEYS[i] - 69) / 12.0);
            double expectedSecond = 0.1 * Math.sin(2 * Math.PI * (hz + 0.01) / RATE);
            assertEquals(expectedSecond, voice[onset + 1], 2e-4, "note " + i + " one frame after its note-on");
            double measured = peakHz(voice, 8 * 350 + 1024, 32_768);
            assertEquals(hz, measured, 0.5, "note " + i + " (key " + KEYS[i] + ") pitch");
        }
    }

    /** The frequency of the largest peak of a Hann-windowed FFT of {@code n} frames from {@code from}, interpolated. */
    static double peakHz(double[] x, int from, int n) {
        double[] re = new double[n];
        double[] im = new double[n];
        for (int i = 0; i < n; i++) {
            re[i] = x[from + i] * (0.5 - 0.5 * Math.cos(2 * Math.PI * i / n));
        }
        fft(re, im);
        int best = 1;
        double[] mag = new double[n / 2];
        for (int k = 1; k < n / 2; k++) {
            mag[k] = Math.hypot(re[k], im[k]);
            if (mag[k] > mag[best]) {
                best = k;
            }
        }
        double a = Math.log(mag[best - 1]);
        double b = Math.log(mag[best]);
        double c = Math.log(mag[best + 1]);
        double shift = 0.5 * (a - c) / (a - 2 * b + c);
        return (best + shift) * RATE / n;
    }

    static void fft(double[] re, double[] im) {
        int n = re.length;
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                double t = re[i]; re[i] = re[j]; re[j] = t;
                t = im[i]; im[i] = im[j]; im[j] = t;
            }
        }
        for (int len = 2; len <= n; len <<= 1) {
            double ang = -2 * Math.PI / len;
            for (int i = 0; i < n; i += len) {
                for (int k = 0; k < len / 2; k++) {
                    double wr = Math.cos(ang * k);
                    double wi = Math.sin(ang * k);
                    int a = i + k;
                    int b = a + len / 2;
                    double xr = re[b] * wr - im[b] * wi;
                    double xi = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                }
            }
        }
    }
}
