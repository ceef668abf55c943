package org.aetherdsp.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.aetherdsp.io.WavData;
import org.aetherdsp.io.WavReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code aether render PATCH --midi FILE.mid}: a polyphonic render of a MIDI file, reproducible to the sample. */
class MidiRenderTest {

    private static final Path POLY = Path.of("..", "examples", "patches", "poly-synth.json");

    @TempDir
    Path dir;

    /**
     * Writes a short piece: four chords of four notes (480 ticks per quarter, 120 bpm), the
     * sustain pedal over the second and third, a pitch bend on the last, and more notes at once
     * than the patch's 16 voices at the end (stealing).
     */
    static Path piece(Path dir) throws Exception {
        Sequence s = new Sequence(Sequence.PPQ, 480);
        Track t = s.createTrack();
        int[][] chords = {{48, 55, 60, 64}, {45, 52, 57, 60}, {41, 48, 53, 57}, {43, 50, 55, 59}};
        for (int c = 0; c < chords.length; c++) {
            long at = c * 480L;
            if (c == 1) {
                t.add(new MidiEvent(new ShortMessage(ShortMessage.CONTROL_CHANGE, 0, 64, 127), at));
            }
            if (c == 3) {
                t.add(new MidiEvent(new ShortMessage(ShortMessage.CONTROL_CHANGE, 0, 64, 0), at));
                t.add(new MidiEvent(new ShortMessage(ShortMessage.PITCH_BEND, 0, 0, 80), at + 240));
            }
            for (int k = 0; k < 4; k++) {
                t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 0, chords[c][k], 90), at + 3 * k));
                t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, 0, chords[c][k], 0), at + 400));
            }
        }
        for (int k = 0; k < 20; k++) { // 20 notes on top of the ringing ones: voices are stolen
            t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 1, 60 + k, 70), 1920 + 5L * k));
            t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, 1, 60 + k, 0), 2400));
        }
        Path file = dir.resolve("piece.mid");
        MidiSystem.write(s, 0, file.toFile());
        return file;
    }

    private float[][] render(Path midi, String name, String... more) throws Exception {
        Path wav = dir.resolve(name);
        String[] args = {"render", POLY.toString(), "--midi", midi.toString(), "-o", wav.toString(), "--format", "f32", "--no-progress"};
        String[] all = new String[args.length + more.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        assertEquals(0, Main.execute(all));
        WavData d = WavReader.read(wav);
        float[][] x = new float[d.channels()][];
        for (int c = 0; c < x.length; c++) {
            x[c] = d.channel(c);
        }
        return x;
    }

    @Test
    void aMidiFileRendersThroughThePolySynthTheSameEveryTimeOnAnyNumberOfWorkers() throws Exception {
        Path midi = piece(dir);
        float[][] a = render(midi, "a.wav");
        // The file ends at tick 2400 = 2.5 s (a tick is 50 frames), plus 2 s of release.
        assertEquals(120_000 + 1 + 96_000, a[0].length);
        double peak = 0;
        double early = 0;
        for (int i = 0; i < a[0].length; i++) {
            peak = Math.max(peak, Math.abs(a[0][i]));
            if (i < 24_000) {
                early = Math.max(early, Math.abs(a[0][i]));
            }
        }
        assertTrue(early > 0.02 && peak < 1.0, "audible, not clipping: peak " + peak);
        assertNotEquals(0f, a[1][30_000], "the reverb's right side plays too");
        float[][] b = render(midi, "b.wav");
        float[][] two = render(midi, "two.wav", "--workers", "2");
        for (int c = 0; c < a.length; c++) {
            assertArrayEquals(a[c], b[c], "channel " + c + ", a second render");
            assertArrayEquals(a[c], two[c], "channel " + c + ", on 2 workers");
        }
    }
}
