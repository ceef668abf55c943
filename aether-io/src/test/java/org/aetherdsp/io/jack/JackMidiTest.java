package org.aetherdsp.io.jack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.io.audiotest.JackServer;
import org.aetherdsp.io.audiotest.MidiSequencer;
import org.aetherdsp.io.audiotest.ThreadAllocation;
import org.aetherdsp.io.midi.MidiInput;
import org.aetherdsp.io.midi.MidiKeys;
import org.jaudiolibs.jnajack.Jack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * JACK MIDI into a {@code midi.keys} node, sample-accurate: {@code jack_midiseq} (from jackd2's
 * example clients) loops two notes at known frames; the keys' gate and pitch go out through
 * JACK into a recorder, where every edge must be exactly where the sequence puts it.
 */
@ExtendWith(JackServer.class)
class JackMidiTest {

    /** The loop: C4 at 0 for 8000 frames, D#4 at 12000 for 7000 frames, every 24000 frames. */
    private static final int[] NOTES = {0, 60, 8000, 12_000, 63, 7000};

    @Test
    void jackMidiNotesDriveGateAndPitchOnTheirExactFrames() throws Exception {
        try (MidiSequencer seq = MidiSequencer.start("seq", 24_000, NOTES)) {
            MidiInput midi = new MidiInput();
            Engine engine = Engine.builder().sampleRate(JackServer.RATE).blockSize(64).outputChannels(2).build();
            long keys = engine.add(MidiKeys.TYPE_ID);
            engine.connectOutput(keys, MidiKeys.OUT_GATE, 0);
            engine.connectOutput(keys, MidiKeys.OUT_PITCH, 1);
            engine.nodeAs(keys, MidiKeys.class).listen(midi);
            JackRecorder recorder = new JackRecorder("midi-recorder", 2, 4 * JackServer.RATE);
            ThreadAllocation probe = new ThreadAllocation(JackServer.RATE / JackServer.PERIOD, () -> { });
            JackDriver driver = JackDriver.builder(engine).clientName("aether-midi")
                    .connectTo(List.of(recorder.port(0), recorder.port(1))).midiInput(midi).probe(probe).build();
            try {
                driver.start();
                Jack.getInstance().connect(seq.port(), driver.midiPortName());
                // 2.5 s of audio after the connection (five loops of the sequence), however long it takes.
                recorder.awaitFrames(recorder.frames() + 5 * JackServer.RATE / 2, java.time.Duration.ofSeconds(90));
            } finally {
                recorder.close();
                driver.close();
            }
            float[] gate = recorder.recorded[0];
            float[] pitch = recorder.recorded[1];
            List<Integer> rises = new ArrayList<>();
            List<Integer> falls = new ArrayList<>();
            for (int i = 1; i < recorder.frames(); i++) {
                if (gate[i] != gate[i - 1]) {
                    (gate[i] > 0.5f ? rises : falls).add(i);
                }
            }
            assertTrue(rises.size() >= 4, "gate rises at " + rises + ", falls at " + falls);
            // The sequence's absolute start is unknown; its shape is not: every edge must land
            // on the frame the loop puts it relative to the first rise.
            int first = rises.get(0);
            boolean c4First = pitch[first] < 280f;
            int loopStart = c4First ? first : first - 12_000;
            for (int r : rises) {
                int inLoop = Math.floorMod(r - loopStart, 24_000);
                assertTrue(inLoop == 0 || inLoop == 12_000, "a gate rise at loop frame " + inLoop + ": rises " + rises);
                float expected = inLoop == 0 ? 261.62555f : 311.12698f;
                assertEquals(expected, pitch[r], 0.01f, "pitch at the rise at " + r);
            }
            for (int f : falls) {
                if (f < first) {
                    continue;
                }
                int inLoop = Math.floorMod(f - loopStart, 24_000);
                assertTrue(inLoop == 8_000 || inLoop == 19_000, "a gate fall at loop frame " + inLoop + ": falls " + falls);
            }
            assertEquals(0, midi.dropped());
            assertTrue(JackMidiReader.isDirect(), "libjack's MIDI functions could not be bound directly");
            assertTrue(driver.isProcessDirect(), "the process callback could not be bound directly (see DirectJack)");
            System.out.printf("JACK MIDI: %d note events, measured %d callbacks: %d B inside the callback (%d allocating: %s);"
                            + " whole cycles %d B (%d allocating: %s), thread changes %d%n",
                    rises.size() + falls.size(), probe.measuredCallbacks(), probe.insideBytes(), probe.allocatingCallbacks(),
                    probe.allocations(), probe.cycleBytes(), probe.allocatingCycles(), probe.cycleAllocations(),
                    probe.threadChanges());
            // As in JackDriverTest, over whole cycles (the binding's dispatch included): a few
            // early cycles may be charged for JIT compilations.
            assertEquals(0, probe.threadChanges(), "JACK's process thread was attached anew between callbacks");
            // A JIT compile request charges a few hundred bytes to the thread that asks (3 such
            // cycles seen here on a loaded machine); an allocation per event or per cycle shows in
            // hundreds of the ~1,000 measured cycles, so 8 keeps the check sharp without flaking.
            assertTrue(probe.allocatingCycles() <= 8, "cycles with MIDI events allocated: " + probe.cycleAllocations());
        }
    }

}
