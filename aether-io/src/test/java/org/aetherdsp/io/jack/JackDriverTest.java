package org.aetherdsp.io.jack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.OfflineRenderer;
import org.aetherdsp.io.audiotest.JackServer;
import org.aetherdsp.io.audiotest.SchedulingProbe;
import org.aetherdsp.io.audiotest.TestPatch;
import org.aetherdsp.io.audiotest.ThreadAllocation;
import org.aetherdsp.io.driver.DriverException;
import org.aetherdsp.io.driver.DriverStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The JACK driver against a real jackd (dummy backend, 48 kHz, 64-frame cycles, real-time paced). */
@ExtendWith(JackServer.class)
class JackDriverTest {

    private static final int RATE = JackServer.RATE;

    /**
     * Plays the patch for {@code seconds} through JACK into a recorder client and returns what
     * the recorder got, with the engine pre-rendered {@code warmup} frames offline first (which
     * warms the JIT, so the measured callbacks run compiled code).
     */
    private static Run play(int blockSize, double seconds, int warmupFrames, ThreadAllocation probe) throws Exception {
        Engine engine = TestPatch.build(blockSize);
        OfflineRenderer.render(engine, warmupFrames, null, null);
        int capacity = (int) Math.round((seconds + 1) * RATE);
        JackRecorder recorder = new JackRecorder("recorder", 2, capacity);
        JackDriver driver = JackDriver.builder(engine).clientName("aether-test")
                .connectTo(List.of(recorder.port(0), recorder.port(1))).probe(probe).build();
        try {
            driver.start();
            assertEquals(List.of("aether-test:out_0", "aether-test:out_1"), driver.portNames());
            assertEquals(JackServer.PERIOD, driver.bufferSize());
            // Until the recorder is full: seconds + 1 of audio, however long a loaded machine takes.
            recorder.awaitFrames(capacity, java.time.Duration.ofSeconds(Math.round(30 + 20 * seconds)));
            assertTrue(driver.isRunning(), "the JACK client was shut down: " + driver.describe());
        } finally {
            recorder.close(); // first, so that it does not record the silence after the driver stops
            driver.close();
        }
        assertFalse(driver.isRunning());
        return new Run(recorder.recorded, recorder.frames(), driver.stats(), engine.stats().blocks(), driver.isProcessDirect());
    }

    private record Run(float[][] recorded, int frames, DriverStats stats, long blocks, boolean direct) {
    }

    /**
     * The recording must equal the offline render bit for bit from the first recorded sound to
     * the end: JACK carries floats, so any difference is a dropped, repeated or altered frame.
     */
    private static void assertMatchesOffline(Run run, int blockSize, int warmupFrames, double seconds) throws Exception {
        float[][] reference = TestPatch.render(blockSize, warmupFrames + (int) Math.round((seconds + 2) * RATE));
        // Channel 1 carries seeded noise, so it matches at one offset only (channel 0 repeats every second).
        int start = TestPatch.firstSound(run.recorded()[1], run.frames());
        assertTrue(start >= 0, "the recorder heard nothing in " + run.frames() + " frames");
        int offset = TestPatch.align(run.recorded()[1], start, reference[1], 512);
        assertTrue(offset >= warmupFrames, "the recording starting at frame " + start
                + " matches the offline render at no single offset at or after the warm-up (" + offset + ")");
        int span = run.frames() - start;
        // The recorder ran until it held seconds + 1 of audio (play): at most a second of it before the first sound.
        assertTrue(span > 0.75 * seconds * RATE, "only " + span + " frames recorded after the first sound");
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < span; i++) {
                if (run.recorded()[c][start + i] != reference[c][offset + i]) {
                    throw new AssertionError("channel " + c + " differs at recorded frame " + (start + i) + " (aligned frame "
                            + i + " of " + span + "): " + run.recorded()[c][start + i] + " vs offline "
                            + reference[c][offset + i]);
                }
            }
        }
    }

    @Test
    void tenSecondsInRealTimeMatchTheOfflineRenderAndTheCallbackThreadAllocatesNothing() throws Exception {
        int warmup = 5 * RATE; // offline, before the driver starts
        ThreadAllocation probe = new ThreadAllocation(3 * RATE / JackServer.PERIOD, () -> { });
        Run run = play(64, 10, warmup, probe);

        assertMatchesOffline(run, 64, warmup, 10);
        long cycles = run.stats().callbacks();
        assertTrue(cycles > 0.75 * 10 * RATE / JackServer.PERIOD, "only " + cycles + " JACK cycles for 11 s of recording");
        assertEquals(run.stats().frames(), (long) cycles * JackServer.PERIOD);
        assertEquals(warmup / 64 + cycles, run.blocks(), "one engine block per 64-frame cycle");
        System.out.printf("JACK 10 s: %d cycles, %d xruns, cpu %.2f%%, process callback bound %s; measured %d callbacks:"
                        + " %d B inside ours (%d allocating: %s), %d B between callbacks (the binding's dispatch);"
                        + " whole cycles %d B (%d allocating: %s), thread changes %d%n",
                cycles, run.stats().xruns(), 100 * run.stats().cpuShare(), run.direct() ? "directly" : "through jnajack",
                probe.measuredCallbacks(), probe.insideBytes(), probe.allocatingCallbacks(), probe.allocations(),
                probe.betweenBytes(), probe.cycleBytes(), probe.allocatingCycles(), probe.cycleAllocations(),
                probe.threadChanges());
        assertTrue(run.direct(), "the process callback could not be bound directly (see DirectJack)");
        assertTrue(probe.measuredCallbacks() > 5 * RATE / JackServer.PERIOD);
        // The thread's counter only sums whole cycles if every callback runs on the same
        // java.lang.Thread: the binding must keep JACK's process thread attached.
        assertEquals(0, probe.threadChanges(), "JACK's process thread was attached anew between callbacks");
        // Steady state, as AllocationProbe defines it: a thread that requests a JIT compilation
        // is charged a few hundred bytes once, so a handful of early cycles may show bytes; a
        // per-cycle allocation, ours or the binding's dispatch, would show in every one, and in
        // the last 1500 (2 s).
        assertTrue(probe.allocatingCycles() <= 4, probe.allocatingCycles()
                + " whole cycles allocated after warm-up: " + probe.cycleAllocations());
        assertTrue(probe.lastAllocatingCycle() < probe.callbacks() - 1500, "the cycle ending in callback #"
                + probe.lastAllocatingCycle() + " of " + probe.callbacks() + " allocated: " + probe.cycleAllocations());
    }

    @Test
    void aBlockSizeThatDoesNotDivideTheJackBufferStillPlaysEveryFrameInOrder() throws Exception {
        // 48-frame blocks under 64-frame cycles: blocks straddle cycles.
        int warmup = RATE;
        Run run = play(48, 3, warmup, new ThreadAllocation(0, () -> { }));
        assertMatchesOffline(run, 48, warmup, 3);
    }

    @Test
    void aStallInTheCallbackIsCountedAsAnXrun() throws Exception {
        // One callback sleeps 50 ms (about 37 cycles) on purpose; JACK must report an xrun.
        boolean[] stalled = {false};
        ThreadAllocation probe = new ThreadAllocation(RATE / 2 / JackServer.PERIOD, () -> {
            if (!stalled[0]) {
                stalled[0] = true;
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        Run run = play(64, 1.5, 0, probe);
        assertTrue(stalled[0]);
        assertTrue(run.stats().xruns() >= 1, "a 50 ms stall in the callback was not counted as an xrun: " + run.stats());
    }

    @Test
    void aRealtimePriorityPutsTheProcessThreadUnderSchedFifoOnAServerThatIsNot() throws Exception {
        // The test's jackd runs --no-realtime, as a desktop JACK without the audio group's rights does.
        Engine engine = TestPatch.build(64);
        JackDriver plain = JackDriver.builder(engine).clientName("aether-sched-plain").build();
        try {
            plain.start();
            assertTrue(plain.describe().endsWith(", process thread under ordinary scheduling (the JACK server is not"
                    + " real-time)"), plain.describe());
        } finally {
            plain.close();
        }
        SchedulingProbe probe = new SchedulingProbe(50);
        JackDriver driver = JackDriver.builder(engine).clientName("aether-sched-fifo").realtimePriority(20).probe(probe)
                .build();
        try {
            driver.start();
        } catch (DriverException refused) {
            // Without the privilege start must fail and say why, not play without it. CI runs as root.
            assertTrue(refused.getMessage().startsWith("JACK could not put its process thread under real-time scheduling"
                    + " at priority 20"), refused.getMessage());
            assertFalse(driver.isRunning());
            assertEquals(null, System.getenv("AETHER_REQUIRE_AUDIO"), "CI (root) must get SCHED_FIFO: " + refused);
            return;
        }
        try {
            Thread.sleep(500);
            assertTrue(driver.isRunning());
            assertTrue(driver.describe().endsWith(", process thread real-time at priority 20 (set by the driver: the JACK"
                    + " server is not real-time)"), driver.describe());
        } finally {
            driver.close();
        }
        assertTrue(probe.asked() > 3, probe.asked() + " cycles asked");
        assertTrue(probe.lastSawFifo(), "JACK's process thread was not under SCHED_FIFO in its last cycles");
    }

    @Test
    void aRealtimePriorityOutsideOneTo99IsRefusedByTheBuilder() {
        JackDriver.Builder b = JackDriver.builder(TestPatch.build(64));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.realtimePriority(100));
        assertEquals("SCHED_FIFO priority must be within 1..99, got 100", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> b.realtimePriority(-1));
    }

    @Test
    void aSampleRateOtherThanTheServersIsRefusedWithBothRates() {
        Engine engine = Engine.builder().sampleRate(44_100).blockSize(64).build();
        JackDriver driver = JackDriver.builder(engine).clientName("aether-wrong-rate").build();
        DriverException e = assertThrows(DriverException.class, driver::start);
        assertTrue(e.getMessage().contains("48000 Hz") && e.getMessage().contains("44100 Hz"), e.getMessage());
        assertFalse(driver.isRunning());
        driver.close();
    }
}
