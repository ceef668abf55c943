package org.aetherdsp.nodes.std;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

class LevelMeterTest {

    private static final float RATE = NodeUnderTest.SAMPLE_RATE;
    private static final int BLOCK = NodeUnderTest.BLOCK;

    /** 1 kHz at 48 kHz: 48 samples per cycle, one of them at the crest. */
    private static float sine(float amplitude, long frame) {
        return (float) (amplitude * Math.sin(2 * Math.PI * (frame % 48) / 48.0));
    }

    private static void fillSine(float[] in, float amplitude, long firstFrame) {
        for (int i = 0; i < in.length; i++) {
            in[i] = sine(amplitude, firstFrame + i);
        }
    }

    @Test
    void steadySineReadsItsAmplitudeAsPeakAndAmplitudeOverRoot2AsRms() {
        float a = 0.5f;
        NodeUnderTest m = NodeUnderTest.of(LevelMeter.TYPE_ID);
        for (int b = 0; b < 750; b++) { // 1 s: longer than the 300 ms window
            fillSine(m.input("in"), a, (long) b * BLOCK);
            m.processBlock();
        }
        Meter meter = (Meter) m.node;
        System.out.println("std.meter: 0.5 sine, 1 kHz: peak " + meter.peak() + ", rms " + meter.rms()
                + " (expected " + a / Math.sqrt(2) + "), rms error " + Math.abs(meter.rms() - a / Math.sqrt(2)));
        assertEquals(a, meter.peak(), 1e-7, "peak");
        assertEquals(a / Math.sqrt(2), meter.rms(), 1e-6, "rms over 300 whole cycles");
        assertEquals(20 * Math.log10(a), meter.peakDb(), 1e-5, "peak in dB");
    }

    @Test
    void outputIsTheInputUnchanged() {
        NodeUnderTest m = NodeUnderTest.of(LevelMeter.TYPE_ID);
        fillSine(m.input("in"), 0.9f, 7);
        m.processBlock();
        for (int i = 0; i < BLOCK; i++) {
            assertEquals(m.input("in")[i], m.outputs[0][i], 0f);
        }
    }

    @Test
    void rmsIsAnExactBoxcarOverTheWindowAndFollowsAWindowChangeAtOnce() {
        // DC 1.0 for the first 100 ms, then silence; the window is 300 ms = 14400 frames.
        NodeUnderTest m = NodeUnderTest.of(LevelMeter.TYPE_ID);
        Meter meter = (Meter) m.node;
        int on = 4800;
        int frames = 0;
        double worst = 0;
        for (int b = 0; b < 400; b++) {
            for (int i = 0; i < BLOCK; i++) {
                m.input("in")[i] = frames + i < on ? 1f : 0f;
            }
            m.processBlock();
            frames += BLOCK;
            // Ones among the last 14400 frames [frames - 14400, frames).
            int ones = Math.max(0, Math.min(on, frames) - Math.max(0, frames - 14400));
            double expected = Math.sqrt(ones / 14400.0);
            worst = Math.max(worst, Math.abs(meter.rms() - expected));
            assertEquals(expected, meter.rms(), 1e-6, "rms after " + frames + " frames");
        }
        System.out.println("std.meter: worst rms error against the boxcar over 400 blocks: " + worst);
        // Frames = 25600 now: all ones have left the window.
        assertEquals(0f, meter.rms(), 0f, "silence reads exactly 0 once the window has passed");

        // Now a 50 ms window (2400 frames) over a signal that changes every 1200 frames.
        m.set("window", 50f);
        for (int b = 0; b < 100; b++) {
            for (int i = 0; i < BLOCK; i++) {
                m.input("in")[i] = ((frames + i) / 1200) % 2 == 0 ? 0.25f : 0f;
            }
            m.processBlock();
            frames += BLOCK;
            int quarters = 0;
            for (int f = frames - 2400; f < frames; f++) {
                if (f >= 25600 && (f / 1200) % 2 == 0) {
                    quarters++;
                }
            }
            assertEquals(Math.sqrt(quarters * 0.0625 / 2400), meter.rms(), 1e-6, "rms with the 50 ms window after " + frames);
        }
    }

    @Test
    void peakHoldsForTheHoldTimeThenFallsAtTheFallRate() {
        NodeUnderTest m = NodeUnderTest.of(LevelMeter.TYPE_ID).set("hold", 100f).set("fall", 20f);
        Meter meter = (Meter) m.node;
        int holdFrames = 4800;
        int frames = 0;
        for (int b = 0; b < 75 + 750; b++) {
            for (int i = 0; i < BLOCK; i++) {
                m.input("in")[i] = frames + i == 0 ? -1f : 0f;
            }
            m.processBlock();
            frames += BLOCK;
            if (frames <= holdFrames + 1) {
                assertEquals(1f, meter.peak(), 0f, "held after " + frames + " frames");
            }
        }
        // The reading has been falling since frame holdFrames + 1: (frames - holdFrames - 1) frames.
        double seconds = (frames - holdFrames - 1) / (double) RATE;
        double expectedDb = -20 * seconds;
        System.out.println("std.meter: peak " + seconds + " s after a 100 ms hold at 20 dB/s: " + meter.peakDb()
                + " dB (expected " + expectedDb + ")");
        assertEquals(expectedDb, meter.peakDb(), 0.01, "falls at 20 dB/s");
    }

    @Test
    void readingsFromAnotherThreadConvergeToTheSineLevelsAndAreNeverNaN() throws Exception {
        float a = 0.8f;
        NodeUnderTest m = NodeUnderTest.of(LevelMeter.TYPE_ID);
        Meter meter = (Meter) m.node;
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean reading = new AtomicBoolean();
        Thread rt = new Thread(() -> {
            while (!reading.get()) {
                Thread.onSpinWait();
            }
            long frame = 0;
            while (!stop.get()) {
                fillSine(m.input("in"), a, frame);
                m.processBlock();
                frame += BLOCK;
            }
        }, "meter-rt");
        rt.start();
        long reads = 0;
        long deadline = System.nanoTime() + 10_000_000_000L;
        boolean converged = false;
        try {
            reading.set(true);
            while (System.nanoTime() < deadline && !converged) {
                float peak = meter.peak();
                float rms = meter.rms();
                reads++;
                if (!(peak >= 0f && peak <= a) || !(rms >= 0f && rms <= a)) {
                    fail("reading out of range or NaN: peak " + peak + ", rms " + rms);
                }
                converged = peak == a && Math.abs(rms - a / Math.sqrt(2)) < 1e-6;
            }
        } finally {
            stop.set(true);
            rt.join();
        }
        System.out.println("std.meter: control thread read " + reads + " times until peak " + meter.peak()
                + " and rms " + meter.rms() + " converged");
        assertTrue(converged, "did not converge within 10 s: peak " + meter.peak() + ", rms " + meter.rms());
    }

    @Test
    void aReadingNeverMixesTheLevelsOfTwoBlocks() throws Exception {
        // Block b is DC at (b + 1) / 2^21: rising, so the peak is always exactly the level of
        // the newest block, and with a 1 ms window (48 frames) so is the rms. A reading that
        // took its peak from one block and its rms or frame count from another would show.
        int maxBlocks = 1 << 21;
        NodeUnderTest m = NodeUnderTest.of(LevelMeter.TYPE_ID).set("window", 1f);
        Meter meter = (Meter) m.node;
        AtomicBoolean stop = new AtomicBoolean();
        Thread rt = new Thread(() -> {
            for (int b = 0; b < maxBlocks && !stop.get(); b++) {
                m.constantInput("in", (b + 1) * 0x1p-21f);
                m.processBlock();
                if ((b & 15) == 0) {
                    Thread.yield(); // on a loaded machine, let the reader run between blocks too
                }
            }
            stop.set(true);
        }, "meter-rt");
        rt.start();
        long reads = 0;
        long distinct = 0;
        long lastFrames = -1;
        try {
            while (!stop.get()) {
                Meter.Reading r = meter.reading();
                reads++;
                if (r.frames() == 0) {
                    continue;
                }
                if (r.frames() < lastFrames) {
                    fail("readings went back in time: " + r.frames() + " after " + lastFrames);
                }
                if (r.frames() != lastFrames) {
                    distinct++;
                    lastFrames = r.frames();
                }
                float level = (r.frames() / BLOCK) * 0x1p-21f;
                if (r.peak() != level || Math.abs(r.rms() - level) > 1e-6 * level) {
                    fail("torn reading " + r + ": the block ending at frame " + r.frames() + " has level " + level);
                }
                if (distinct >= 20_000) {
                    stop.set(true);
                }
            }
        } finally {
            stop.set(true);
            rt.join();
        }
        System.out.println("std.meter: " + reads + " readings, all consistent, of " + distinct
                + " distinct blocks while the RT thread processed " + meter.reading().frames() / BLOCK + " blocks");
        assertTrue(distinct > 100, "the reader must actually have overlapped the writer; saw " + distinct + " blocks");
    }
}
