package org.aetherdsp.io.midi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

/**
 * A standard MIDI file's channel messages placed on sample frames, to play into a
 * {@link MidiInput} block by block, as a driver would deliver them live: offline renders of MIDI
 * are then reproducible to the frame. Read with {@link MidiSystem#getSequence}; tempo changes
 * (meta event 0x51, any track) are followed for PPQ files, SMPTE files use their frame rate.
 * Messages of all tracks are merged by time, file order within a tick.
 *
 * <p>Reading is on the control thread; {@link #playBlock} runs on the thread that renders
 * (the RT thread of an offline render) and allocates nothing.
 */
public final class MidiFile {

    private final long[] frames;
    private final int[] statuses;
    private final int[] data1;
    private final int[] data2;
    private int next;

    private MidiFile(long[] frames, int[] statuses, int[] data1, int[] data2) {
        this.frames = frames;
        this.statuses = statuses;
        this.data1 = data1;
        this.data2 = data2;
    }

    /**
     * Reads a file. Control thread; blocks on the file.
     *
     * @param file       a standard MIDI file (format 0 or 1)
     * @param sampleRate the frames per second to place messages on
     * @return its channel messages
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException if it is not a valid MIDI file, naming it
     */
    public static MidiFile read(Path file, float sampleRate) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return of(MidiSystem.getSequence(new java.io.BufferedInputStream(in)), sampleRate);
        } catch (InvalidMidiDataException e) {
            throw new IllegalArgumentException("not a standard MIDI file: " + file + " (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Places a sequence's channel messages on frames. Any thread.
     *
     * @param sequence   the sequence
     * @param sampleRate frames per second, above 0
     * @return its channel messages
     */
    public static MidiFile of(Sequence sequence, float sampleRate) {
        if (!(sampleRate > 0f) || Float.isInfinite(sampleRate)) {
            throw new IllegalArgumentException("sample rate must be finite and above 0, got " + sampleRate);
        }
        // Tempo map: (tick, microseconds per quarter), from every track, in tick order.
        List<long[]> tempos = new ArrayList<>();
        List<long[]> events = new ArrayList<>(); // tick, track, index in track, message
        Track[] tracks = sequence.getTracks();
        for (int t = 0; t < tracks.length; t++) {
            for (int i = 0; i < tracks[t].size(); i++) {
                MidiEvent e = tracks[t].get(i);
                if (e.getMessage() instanceof MetaMessage m && m.getType() == 0x51 && m.getData().length == 3) {
                    byte[] d = m.getData();
                    tempos.add(new long[] {e.getTick(), (d[0] & 0xFF) << 16 | (d[1] & 0xFF) << 8 | (d[2] & 0xFF)});
                } else if (e.getMessage() instanceof ShortMessage s && s.getStatus() >= 0x80 && s.getStatus() < 0xF0) {
                    events.add(new long[] {e.getTick(), t, i, s.getStatus() | s.getData1() << 8 | s.getData2() << 16});
                }
            }
        }
        tempos.sort((a, b) -> Long.compare(a[0], b[0]));
        events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : a[1] != b[1] ? Long.compare(a[1], b[1]) : Long.compare(a[2], b[2]));
        int n = events.size();
        long[] frames = new long[n];
        int[] st = new int[n];
        int[] d1 = new int[n];
        int[] d2 = new int[n];
        for (int k = 0; k < n; k++) {
            long[] e = events.get(k);
            double micros = micros(sequence, tempos, e[0]);
            frames[k] = Math.round(micros * sampleRate / 1e6);
            int m = (int) e[3];
            st[k] = m & 0xFF;
            d1[k] = (m >> 8) & 0x7F;
            d2[k] = (m >> 16) & 0x7F;
        }
        return new MidiFile(frames, st, d1, d2);
    }

    private static double micros(Sequence s, List<long[]> tempos, long tick) {
        float division = s.getDivisionType();
        if (division != Sequence.PPQ) {
            return tick * 1e6 / (division * s.getResolution());
        }
        double micros = 0;
        long at = 0;
        long perQuarter = 500_000; // 120 bpm until a tempo says otherwise
        for (long[] t : tempos) {
            if (t[0] >= tick) {
                break;
            }
            micros += (t[0] - at) * (double) perQuarter / s.getResolution();
            at = t[0];
            perQuarter = t[1];
        }
        return micros + (tick - at) * (double) perQuarter / s.getResolution();
    }

    /** @return the number of channel messages */
    public int size() {
        return frames.length;
    }

    /** @return message {@code i}'s frame */
    public long frame(int i) {
        return frames[i];
    }

    /** @return the frame just after the last message (0 for an empty file) */
    public long endFrame() {
        return frames.length == 0 ? 0 : frames[frames.length - 1] + 1;
    }

    /**
     * Delivers the messages due before {@code frame + blockSize} to {@code input} with their frame
     * stamps, then lays out the block ({@link MidiInput#beforeBlock}), as a driver does before
     * each engine block. Call once per block in order, from frame 0. The rendering thread; no
     * allocation. Messages that do not fit the input's ring wait for the next block.
     *
     * @param input     the input the engine's MIDI nodes and voices play
     * @param frame     the block's first frame
     * @param blockSize frames in the block
     */
    public void playBlock(MidiInput input, long frame, int blockSize) {
        final long end = frame + blockSize;
        while (next < frames.length && frames[next] < end) {
            if (!input.offerIfRoom(frames[next], statuses[next], data1[next], data2[next])) {
                break;
            }
            next++;
        }
        input.beforeBlock(frame, blockSize);
    }

    /** Starts playing from the first message again. */
    public void rewind() {
        next = 0;
    }
}
