package org.aetherdsp.io.jack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.aetherdsp.core.engine.Automation;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.OfflineRenderer;
import org.aetherdsp.io.audiotest.JackServer;
import org.aetherdsp.io.audiotest.TestPatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An automation schedule (exponential and linear ramps, a setTarget, value curves, events in
 * the middle of blocks) played through JACK is bit for bit the same schedule rendered offline:
 * the timeline runs on the engine's frames, not on the driver's timing.
 */
@ExtendWith(JackServer.class)
class JackTimelineTest {

    private static final int SECONDS = 4;

    /** The driver tests' patch with a schedule on three parameters, all at absolute frames. */
    static Engine scheduled() {
        Engine e = TestPatch.build(64);
        long saw = -1;
        long sine = -1;
        for (long h : e.nodes()) {
            if (e.typeOf(h).equals("std.osc.saw")) {
                saw = h;
            } else if (e.typeOf(h).equals("std.osc.sine")) {
                sine = h;
            }
        }
        Automation a = e.automation();
        a.setValueAtFrame(saw, "freq", 220f, 1_000);
        a.exponentialRampToValueAtFrame(saw, "freq", 660f, 48_037);
        a.linearRampToValueAtFrame(saw, "freq", 110f, 96_011);
        a.setTargetAtFrame(saw, "amp", 0.1f, 20_005, 9_000.0);
        a.setValueCurveAtFrame(saw, "amp", new float[] {0.1f, 0.5f, 0.2f, 0.4f}, 110_003, 30_000);
        a.setValueCurveAtFrame(sine, "freq", new float[] {331f, 500f, 250f, 400f}, 10_013, 50_000);
        a.cancelAndHoldAtFrame(sine, "freq", 45_001);
        return e;
    }

    @Test
    void aScheduleThroughJackIsBitIdenticalToTheOfflineRender() throws Exception {
        Engine engine = scheduled();
        JackRecorder recorder = new JackRecorder("timeline-recorder", 2, (SECONDS + 1) * JackServer.RATE);
        JackDriver driver = JackDriver.builder(engine).clientName("aether-timeline")
                .connectTo(List.of(recorder.port(0), recorder.port(1))).build();
        try {
            driver.start();
            // jackd --sync waits for slow clients: on a loaded machine a second of audio takes
            // longer, so wait for the frames rather than the time.
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (engine.currentFrame() < 150_000 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } finally {
            recorder.close();
            driver.close();
        }
        int frames = (SECONDS + 1) * JackServer.RATE;
        float[][] reference = new float[2][frames];
        int[] at = {0};
        OfflineRenderer.render(scheduled(), frames, null, (block, n) -> {
            for (int c = 0; c < 2; c++) {
                System.arraycopy(block[c], 0, reference[c], at[0], n);
            }
            at[0] += n;
        });
        float[][] plain = TestPatch.render(64, frames);
        for (int c = 0; c < 2; c++) {
            int differing = 0;
            for (int k = 0; k < frames; k++) {
                differing += plain[c][k] != reference[c][k] ? 1 : 0;
            }
            assertTrue(differing > 40_000, "channel " + c + ": the schedule changes the sound (" + differing + " frames differ)");
        }
        for (int c = 0; c < 2; c++) {
            float[] rec = recorder.recorded[c];
            int start = TestPatch.firstSound(rec, recorder.frames());
            int offset = TestPatch.align(rec, start, reference[c], 512);
            assertTrue(offset >= 0, "channel " + c + ": no single alignment");
            int span = Math.min(recorder.frames() - start, frames - offset);
            assertTrue(offset + span > 141_000, "channel " + c + ": the recording must cover the whole schedule, it ends at frame "
                    + (offset + span));
            for (int i = 0; i < span; i++) {
                assertEquals(reference[c][offset + i], rec[start + i], "channel " + c + ", engine frame " + (offset + i));
            }
        }
    }
}
