package org.aetherdsp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.aetherdsp.io.audiotest.JackServer;
import org.aetherdsp.io.audiotest.MidiSequencer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code aether play} of the polyphonic example with its voices on a JACK MIDI source ({@code jack_midiseq}). */
@ExtendWith(JackServer.class)
class PlayVoicesTest {

    private static final Path POLY = Path.of("..", "examples", "patches", "poly-synth.json");

    @Test
    void thePolySynthPlaysWithItsVoicesConnectedToAJackMidiSource() throws Exception {
        try (MidiSequencer seq = MidiSequencer.start("seq-play", 24_000, 0, 60, 12_000, 3000, 64, 12_000)) {
            CliRun r = CliRun.of("play", POLY.toString(), "--driver", "jack", "--seconds", "2", "--warmup", "0.2",
                    "--client-name", "aether-play-voices", "--midi-connect", "seq-play:out");
            assertEquals(0, r.code(), r.err() + r.out());
            assertTrue(r.out().contains("MIDI: notes to 0 midi.keys node(s) and 16 voice(s), 0 controller mapping(s), from JACK port"
                    + " aether-play-voices:midi_in (connected to seq-play:out)"), r.out());
            assertFalse(r.err().contains("Exception"), r.err());
        }
    }
}
