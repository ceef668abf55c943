package org.aetherdsp.io.javasound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.io.audiotest.AudioWait;
import org.aetherdsp.io.audiotest.PulseServer;
import org.aetherdsp.io.audiotest.SchedulingProbe;
import org.aetherdsp.io.audiotest.TestPatch;
import org.aetherdsp.io.audiotest.ThreadAllocation;
import org.aetherdsp.io.driver.DriverException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The javax.sound driver into a PulseAudio null sink (through ALSA's pulse plugin), recorded
 * from the sink's monitor with {@code parec}.
 */
@ExtendWith(PulseServer.class)
class JavaSoundDriverTest {

    private static final int RATE = 48_000;

    @TempDir
    Path dir;

    @Test
    void whatParecRecordsIsTheOfflineRenderQuantisedTo16Bits() throws Exception {
        double seconds = 4;
        Path raw = Path.of("target", "javasound-rec.raw"); // kept for inspection
        ProcessBuilder pb = new ProcessBuilder("parec", "-d", PulseServer.SINK + ".monitor", "--raw", "--format=s16le",
                "--rate=" + RATE, "--channels=2", "--latency-msec=20").redirectOutput(raw.toFile())
                .redirectError(dir.resolve("parec.log").toFile());
        pb.environment().putAll(PulseServer.clientEnv());
        Process parec = pb.start();
        // parec records the monitor's silence once connected: wait for that before playing.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Files.size(raw) == 0) {
            assertTrue(System.nanoTime() < deadline && parec.isAlive(), "parec did not start recording: "
                    + Files.readString(dir.resolve("parec.log")));
            Thread.sleep(20);
        }

        Engine engine = TestPatch.build(64);
        ThreadAllocation probe = new ThreadAllocation(RATE / 64, () -> { });
        // As a user on a busy machine would: the writer under SCHED_FIFO where the process may (root,
        // as in CI), so that other work does not starve it into the sound server's dropouts.
        JavaSoundDriver.Builder b = JavaSoundDriver.builder(engine).bufferFrames(4096).probe(probe);
        if ("root".equals(System.getProperty("user.name"))) {
            b.realtimePriority(20);
        }
        JavaSoundDriver driver = b.build();
        driver.start();
        try {
            // Until the driver has written the seconds of audio, however long a loaded machine takes.
            AudioWait.untilWritten(driver, Math.round(seconds * RATE), java.time.Duration.ofSeconds(Math.round(30 + 20 * seconds)));
            assertTrue(driver.isRunning(), "the writer thread stopped: " + driver.failure());
        } finally {
            driver.close();
        }
        Thread.sleep(300); // the monitor's tail
        parec.destroy();
        assertTrue(parec.waitFor(5, TimeUnit.SECONDS));
        assertNull(driver.failure());
        assertFalse(driver.isRunning());

        float[][] rec = deinterleave(Files.readAllBytes(raw));
        int frames = rec[0].length;
        float[][] reference = TestPatch.render(64, (int) ((seconds + 2) * RATE));
        float[][] expected = new float[2][reference[0].length]; // 16-bit values, exact in float
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < expected[c].length; i++) {
                expected[c][i] = JavaSoundDriver.pcm16(reference[c][i]);
            }
        }
        // Compared piece by piece: a piece is a stretch between silences (both channels exactly 0
        // for 32 frames or more: a dropout of the sound server on this loaded machine, or the end).
        // Each piece must equal the quantised render bit for bit at one offset (found on channel 1,
        // seeded noise, which matches at one offset only), and the pieces must come in order.
        int at = 0;
        int previousEnd = 0;
        int pieces = 0;
        int compared = 0;
        int first = -1;
        while (true) {
            int start = nextSound(rec, at);
            if (start < 0 || frames - start < 512) {
                break;
            }
            int end = nextSilence(rec, start);
            int offset = TestPatch.align(rec[1], start, expected[1], 512);
            assertTrue(offset >= previousEnd, "the piece recorded from frame " + start + " matches the quantised render at "
                    + "no single offset after the previous piece (" + offset + ")");
            first = first < 0 ? offset : first;
            for (int c = 0; c < 2; c++) {
                for (int i = start; i < end && offset + i - start < expected[c].length; i++) {
                    assertEquals(expected[c][offset + i - start], rec[c][i], "channel " + c + ", recorded frame " + i
                            + " (piece " + pieces + " from " + start + ", render frame " + (offset + i - start) + ")");
                    compared++;
                }
            }
            previousEnd = offset + end - start;
            pieces++;
            at = end;
        }
        // Of 4 s played, allow for the stream's start-up and the end (the driver pre-rolls, so the
        // monitor typically misses under 20 ms).
        assertTrue(compared > 2 * 3 * RATE, "compared only " + compared + " samples in " + pieces + " pieces");
        assertTrue(pieces <= 5, pieces + " pieces: the sound server dropped out too often to call this a match");
        System.out.printf("javasound: %d frames recorded, first sound = offline frame %d, %d samples bit-exact at 16 bits in %d piece(s), stats %s; measured %d"
                        + " blocks: %d B allocated in render (%s)%n", frames, first, compared, pieces, driver.stats(),
                probe.measuredCallbacks(), probe.insideBytes(), probe.allocations());
        assertTrue(probe.allocatingCallbacks() <= 4, probe.allocations());
    }

    @Test
    void aRealtimePriorityPutsTheWriterThreadUnderSchedFifo() throws Exception {
        SchedulingProbe probe = new SchedulingProbe(10);
        JavaSoundDriver driver = JavaSoundDriver.builder(TestPatch.build(64)).realtimePriority(20).probe(probe).build();
        try {
            driver.start();
        } catch (DriverException refused) {
            // Without the privilege start must fail and say why, not play without it. CI runs as root.
            assertTrue(refused.getMessage().startsWith("cannot run the javax.sound writer thread under SCHED_FIFO at"
                    + " priority 20: sched_setscheduler(SCHED_FIFO, 20) failed"), refused.getMessage());
            assertFalse(driver.isRunning());
            assertNull(System.getenv("AETHER_REQUIRE_AUDIO"), "CI (root) must get SCHED_FIFO: " + refused);
            return;
        }
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (probe.asked() < 5 && System.nanoTime() < deadline) {
                Thread.sleep(20); // the line plays once the sound server takes it
            }
            assertTrue(driver.isRunning(), "the writer thread stopped: " + driver.failure());
            assertTrue(driver.describe().endsWith(", writer thread SCHED_FIFO at priority 20"), driver.describe());
        } finally {
            driver.close();
        }
        assertTrue(probe.asked() >= 5, probe.asked() + " times asked in 10 s: " + driver.stats());
        assertTrue(probe.lastSawFifo(), "the writer thread was not under SCHED_FIFO");
        assertNull(driver.failure());
    }

    @Test
    void aRefusedRealtimePriorityFailsStartSayingWhyAndLeavesNothingRunning() throws Exception {
        Thread[] asked = new Thread[1];
        JavaSoundDriver driver = JavaSoundDriver.builder(TestPatch.build(64)).realtimePriority(70).scheduler(p -> {
            asked[0] = Thread.currentThread();
            return "refused by the test";
        }).build();
        DriverException e = assertThrows(DriverException.class, driver::start);
        assertEquals("cannot run the javax.sound writer thread under SCHED_FIFO at priority 70: refused by the test",
                e.getMessage());
        assertEquals("aether-javasound", asked[0].getName(), "the writer thread must schedule itself");
        asked[0].join(5_000);
        assertFalse(asked[0].isAlive(), "the writer thread was left running");
        assertFalse(driver.isRunning());
        assertEquals(0, driver.stats().callbacks(), "no block may be played without the priority asked for");
        driver.close(); // nothing left to close: no error
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> JavaSoundDriver.builder(TestPatch.build(64)).realtimePriority(100));
        assertEquals("SCHED_FIFO priority must be within 1..99, got 100", bad.getMessage());
    }

    @Test
    void anUnknownDeviceIsRefusedNamingTheDevicesThatExist() {
        JavaSoundDriver driver = JavaSoundDriver.builder(TestPatch.build(64)).device("no-such-card").build();
        DriverException e = assertThrows(DriverException.class, driver::start);
        assertTrue(e.getMessage().contains("'no-such-card'") && e.getMessage().contains("devices with one: ["), e.getMessage());
        driver.close();
    }

    @Test
    void pcm16RoundsAndClips() {
        assertEquals(32767, JavaSoundDriver.pcm16(1f));
        assertEquals(32767, JavaSoundDriver.pcm16(3f));
        assertEquals(-32767, JavaSoundDriver.pcm16(-1.5f));
        assertEquals(1, JavaSoundDriver.pcm16(1.4f / 32767));
        assertEquals(2, JavaSoundDriver.pcm16(1.6f / 32767));
        assertEquals(0, JavaSoundDriver.pcm16(0.4f / 32767));
        byte[] pcm = new byte[8];
        JavaSoundDriver.toPcm16(new float[][] {{0.5f, -1f}, {0f, 1f}}, 2, pcm);
        ByteBuffer b = ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(List.of((short) 16384, (short) 0, (short) -32767, (short) 32767),
                List.of(b.getShort(), b.getShort(), b.getShort(), b.getShort()));
    }

    private static int nextSound(float[][] rec, int from) {
        for (int i = from; i < rec[0].length; i++) {
            if (rec[0][i] != 0 || rec[1][i] != 0) {
                return i;
            }
        }
        return -1;
    }

    /** @return the first frame from {@code from} that starts 32 silent frames, or the end */
    private static int nextSilence(float[][] rec, int from) {
        int silent = 0;
        for (int i = from; i < rec[0].length; i++) {
            silent = rec[0][i] == 0 && rec[1][i] == 0 ? silent + 1 : 0;
            if (silent == 32) {
                return i - 31;
            }
        }
        return rec[0].length;
    }

    private static float[][] deinterleave(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int frames = bytes.length / 4;
        float[][] s = new float[2][frames];
        for (int i = 0; i < frames; i++) {
            s[0][i] = b.getShort();
            s[1][i] = b.getShort();
        }
        return s;
    }
}
