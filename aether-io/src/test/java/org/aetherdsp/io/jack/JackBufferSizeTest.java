package org.aetherdsp.io.jack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.io.audiotest.JackServer;
import org.aetherdsp.io.audiotest.TestPatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The JACK buffer size changes while the driver plays (its own jackd: the change is server-wide). */
@ExtendWith(JackServer.class)
class JackBufferSizeTest {

    @Test
    void aBufferSizeChangeWhilePlayingIsFollowedWithoutLosingAFrame() throws Exception {
        Engine engine = TestPatch.build(64);
        JackRecorder recorder = new JackRecorder("bufsize-recorder", 2, 5 * JackServer.RATE);
        JackDriver driver = JackDriver.builder(engine).clientName("aether-bufsize")
                .connectTo(List.of(recorder.port(0), recorder.port(1))).build();
        try {
            driver.start();
            // Audio, not wall-clock time: a loaded machine's dummy backend skips cycles.
            recorder.awaitFrames(recorder.frames() + 7 * JackServer.RATE / 10, java.time.Duration.ofSeconds(60));
            Process p = new ProcessBuilder("jack_bufsize", "96").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "jack_bufsize failed");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (driver.bufferSize() != 96 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(96, driver.bufferSize());
            assertTrue(driver.describe().contains("timed input (MIDI) delayed by 32 frames"), driver.describe());
            recorder.awaitFrames(recorder.frames() + 3 * JackServer.RATE / 2, java.time.Duration.ofSeconds(60));
        } finally {
            recorder.close();
            driver.close();
        }
        float[] rec = recorder.recorded[1];
        float[] reference = TestPatch.render(64, 4 * JackServer.RATE)[1];
        int start = TestPatch.firstSound(rec, recorder.frames());
        int offset = TestPatch.align(rec, start, reference, 512);
        assertTrue(offset >= 0, "no single alignment");
        int span = recorder.frames() - start;
        assertTrue(span > JackServer.RATE, "only " + span + " frames recorded");
        for (int i = 0; i < span; i++) {
            assertEquals(reference[offset + i], rec[start + i], "aligned frame " + i + " of " + span);
        }
    }
}
