package org.aetherdsp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aetherdsp.io.audiotest.JackServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code aether play} through JACK (a jackd on the dummy backend that the test starts). */
@ExtendWith(JackServer.class)
class PlayCommandTest {

    private static final Path DRONE = Path.of("..", "examples", "patches", "drone.json");

    @Test
    void playsAPatchThroughJackWithALiveStatusLineAndASummary() {
        CliRun r = CliRun.of("play", DRONE.toString(), "--driver", "jack", "--seconds", "2", "--client-name", "aether-play-test");
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("through jack client 'aether-play-test', 48000 Hz, buffer 64 frames"), r.out());
        // Not on a terminal: about four status lines a second, each a line of its own, none redrawn with \r.
        assertFalse(r.out().contains("\r"), r.out());
        long updates = r.out().lines().filter(l -> l.matches(" *[0-9.]+ s  block p99 .*")).count();
        assertTrue(updates >= 5 && updates <= 9, updates + " status lines in 2 s: " + r.out());
        assertTrue(r.out().contains("block p99") && r.out().contains("xruns") && r.out().contains("cpu"), r.out());
        Matcher m = Pattern.compile("stopped after [0-9.]+ s: (\\d+) callbacks, (\\d+) frames").matcher(r.out());
        assertTrue(m.find(), r.out());
        long callbacks = Long.parseLong(m.group(1));
        // jackd --sync waits for a slow client, so a loaded machine runs fewer cycles than 1500.
        assertTrue(callbacks > 375, "only " + callbacks + " JACK cycles in 2 s: " + r.out());
        assertEquals(callbacks * 64, Long.parseLong(m.group(2)));
        assertTrue(r.out().contains("blocks " + callbacks + ","), "one 64-frame block per 64-frame cycle: " + r.out());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void anInputPatchGetsJackInputPortsAndSaysItsLatency() {
        Path vocal = Path.of("..", "examples", "patches", "vocal-chain.json");
        CliRun r = CliRun.of("play", vocal.toString(), "--driver", "jack", "--seconds", "1", "--client-name", "aether-play-in",
                "--connect-inputs", "aether-play-in:out_0");
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("1 input port (in_0..), input to output latency 0 frames (same cycle)"), r.out());
        CliRun bad = CliRun.of("play", vocal.toString(), "--driver", "jack", "--seconds", "1", "--client-name", "aether-play-in2",
                "--connect-inputs", "nobody:out_0");
        assertEquals(1, bad.code(), bad.out());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
        assertTrue(bad.err().contains("cannot connect JACK port 'nobody:out_0' to aether-play-in2:in_0"), bad.err());
    }

    @Test
    void aJackServerAtAnotherRateIsOneClearLineAndExitCodeOne() {
        // The example patches run at 48 kHz; a patch at 44.1 kHz must be refused, not resampled.
        Path patch = Path.of("target", "play-44k.json");
        try {
            java.nio.file.Files.writeString(patch, "{\"sampleRate\": 44100, \"nodes\": [{\"id\": \"o\", \"type\": \"std.osc.sine\"}],"
                    + " \"outputs\": [{\"from\": \"o\", \"channel\": 0}]}");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        CliRun r = CliRun.of("play", patch.toString(), "--driver", "jack", "--seconds", "1", "--client-name", "aether-play-44k");
        assertEquals(1, r.code(), r.out());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("aether: the JACK server runs at 48000 Hz but the engine at 44100 Hz"), r.err());
    }

    @Test
    void aPatchThatUsesMidiGetsAJackMidiPortAndItsControllerMappings() throws Exception {
        Path patch = Path.of(PlayCommandTest.class.getResource("/midi-keys.json").toURI());
        CliRun r = CliRun.of("play", patch.toString(), "--driver", "jack", "--seconds", "1", "--warmup", "0.2",
                "--client-name", "aether-play-midi", "--midi-connect", "system:nonexistent");
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("MIDI in aether-play-midi:midi_in"), r.out());
        assertTrue(r.err().startsWith("aether: cannot connect JACK MIDI port 'system:nonexistent' to aether-play-midi:midi_in"),
                r.err());
        r = CliRun.of("play", patch.toString(), "--driver", "jack", "--seconds", "1", "--warmup", "0.2",
                "--client-name", "aether-play-midi");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("MIDI: notes to 1 midi.keys node(s), 2 controller mapping(s), from JACK port"
                + " aether-play-midi:midi_in"), r.out());
    }

    @Test
    void rtFifoPutsJacksProcessThreadUnderRealTimeSchedulingOrSaysWhyNot() {
        CliRun r = CliRun.of("play", DRONE.toString(), "--driver", "jack", "--seconds", "1", "--warmup", "0.2",
                "--client-name", "aether-play-fifo", "--rt-fifo", "20");
        if (r.code() == 1 && System.getenv("AETHER_REQUIRE_AUDIO") == null) {
            // Without the privilege: one line saying why, nothing played. CI runs as root, where it must work.
            assertTrue(r.err().startsWith("aether: JACK could not put its process thread under real-time scheduling at"
                    + " priority 20"), r.err());
            return;
        }
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains(", process thread real-time at priority 20 (set by the driver: the JACK server is not"
                + " real-time)"), r.out());
        r = CliRun.of("play", DRONE.toString(), "--driver", "jack", "--seconds", "1", "--warmup", "0.2",
                "--client-name", "aether-play-fifo2", "--rt-fifo", "20", "--workers", "2");
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("2 workers: the helpers ran ") && r.out().contains(" clusters; helper workers under"
                + " SCHED_FIFO: 1 of 1\n"), r.out());
        r = CliRun.of("play", DRONE.toString(), "--driver", "jack", "--rt-fifo", "100");
        assertEquals(2, r.code(), r.out());
        assertEquals("aether: --rt-fifo must be within 1..99, got 100 (see 'aether play --help')", r.err().strip());
    }

    @Test
    void workersPlayThePatchOnHelperThreadsToo() {
        CliRun r = CliRun.of("play", DRONE.toString(), "--driver", "jack", "--seconds", "1", "--warmup", "0.2",
                "--client-name", "aether-play-workers", "--workers", "2");
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains(" nodes, 2 workers) through jack client 'aether-play-workers'"), r.out());
        Matcher m = Pattern.compile("2 workers: the helpers ran (\\d+) clusters\n").matcher(r.out());
        assertTrue(m.find(), r.out());
        assertTrue(Long.parseLong(m.group(1)) > 0, "the helper ran no cluster: " + r.out());
        r = CliRun.of("play", DRONE.toString(), "--driver", "jack", "--workers", "65");
        assertEquals(2, r.code(), r.out());
        assertEquals("aether: --workers must be within 1..64, got 65 (see 'aether play --help')", r.err().strip());
    }

    @Test
    void anUnknownDriverIsAUsageError() {
        CliRun r = CliRun.of("play", DRONE.toString(), "--driver", "alsa");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("alsa") && r.err().contains("jack, javasound"), r.err());
    }
}
