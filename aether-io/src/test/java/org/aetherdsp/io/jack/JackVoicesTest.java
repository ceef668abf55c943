package org.aetherdsp.io.jack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.poly.StealPolicy;
import org.aetherdsp.core.poly.VoiceTemplate;
import org.aetherdsp.core.poly.Voices;
import org.aetherdsp.io.audiotest.JackServer;
import org.aetherdsp.io.audiotest.MidiSequencer;
import org.aetherdsp.io.midi.MidiInput;
import org.jaudiolibs.jnajack.Jack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * JACK MIDI into polyphonic voices, sample-accurate: {@code jack_midiseq} loops three overlapping
 * notes; each voice outputs its pitch times its gate / 1000, so the recorded sum is a staircase
 * whose every step must be exactly where the sequence puts the notes, at the sum of the sounding
 * notes' frequencies.
 */
@ExtendWith(JackServer.class)
class JackVoicesTest {

    /** Every 24000 frames: C4 at 0, E4 at 3000, G4 at 6000, each for 12000 frames. */
    private static final int[] NOTES = {0, 60, 12_000, 3000, 64, 12_000, 6000, 67, 12_000};
    private static final int[] STARTS = {0, 3000, 6000};
    private static final double[] HZ = {261.6255653, 329.6275569, 391.9954360};

    static double expected(int inLoop) {
        double sum = 0;
        for (int n = 0; n < 3; n++) {
            if (inLoop >= STARTS[n] && inLoop < STARTS[n] + 12_000) {
                sum += HZ[n] * 0.001;
            }
        }
        return sum;
    }

    @Test
    void jackMidiChordsPlayVoicesOnTheirExactFrames() throws Exception {
        try (MidiSequencer seq = MidiSequencer.start("seq-voices", 24_000, NOTES)) {
            MidiInput midi = new MidiInput();
            Engine engine = Engine.builder().sampleRate(JackServer.RATE).blockSize(64).outputChannels(1).workers(2).build();
            Voices voices = Voices.build(engine, "voice", VoiceTemplate.builder()
                    .node("vca", "poly.vca").param("vca", "gain", 0.001f)
                    .pitch("vca.in").gate("vca.cv").output("vca").build(), 4, StealPolicy.OLDEST);
            engine.connectOutput(voices.output(0), 0, 0);
            midi.playVoices(List.of(voices.allocator()));
            JackRecorder recorder = new JackRecorder("voices-recorder", 1, 4 * JackServer.RATE);
            JackDriver driver = JackDriver.builder(engine).clientName("aether-voices")
                    .connectTo(List.of(recorder.port(0))).midiInput(midi).build();
            try {
                driver.start();
                Jack.getInstance().connect(seq.port(), driver.midiPortName());
                recorder.awaitFrames(recorder.frames() + 5 * JackServer.RATE / 2, java.time.Duration.ofSeconds(90));
            } finally {
                recorder.close();
                driver.close();
                engine.close();
            }
            float[] out = recorder.recorded[0];
            // The first loop heard may be partial (the connection came mid-loop, so some note-ons were
            // missed); a whole loop starts where C4 alone rises out of silence.
            int loopStart = -1;
            for (int i = 1; i < recorder.frames() && loopStart < 0; i++) {
                if (out[i - 1] == 0f && Math.abs(out[i] - HZ[0] * 0.001) < 1e-5) {
                    loopStart = i;
                }
            }
            assertTrue(loopStart >= 0, "C4 never rose out of silence");
            int checked = 0;
            for (int i = loopStart; i < recorder.frames(); i++) {
                int inLoop = Math.floorMod(i - loopStart, 24_000);
                assertEquals(expected(inLoop), out[i], 1e-5, "frame " + i + " (loop frame " + inLoop + ")");
                checked++;
            }
            assertTrue(checked > 48_000, "checked " + checked + " frames");
            assertEquals(0, midi.dropped());
        }
    }
}
