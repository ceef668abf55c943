package org.aetherdsp.nodes.std;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.aetherdsp.testkit.AllocationProbe;
import org.junit.jupiter.api.Test;

class SamplePlayerTest {

    private static final float RATE = NodeUnderTest.SAMPLE_RATE;
    private static final int T = 10; // the trigger rises on frame 10

    private static float[] randomTable(int length, long seed) {
        Random rnd = new Random(seed);
        float[] t = new float[length];
        for (int i = 0; i < length; i++) {
            t[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return t;
    }

    private static NodeUnderTest sampler(float[] table, float tableRate) {
        NodeUnderTest n = NodeUnderTest.of(SamplePlayer.TYPE_ID);
        ((Sampler) n.node).load(table, tableRate);
        return n;
    }

    private static float[] play(NodeUnderTest n, int frames) {
        return SignalDriver.render(n, frames, "trigger", f -> f >= T ? 1f : 0f)[0];
    }

    /** Index of the last non-zero sample, or -1. */
    private static int lastSound(float[] out) {
        for (int i = out.length - 1; i >= 0; i--) {
            if (out[i] != 0f) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void atPitchZeroAndTheEngineRateTheOutputIsTheTableSampleForSample() {
        float[] table = randomTable(1000, 1);
        float[] out = play(sampler(table, RATE), 1200);
        for (int i = 0; i < T; i++) {
            assertEquals(0f, out[i], 0f, "silent before the trigger");
        }
        for (int j = 0; j < table.length; j++) {
            assertEquals(table[j], out[T + j], 0f, "frame " + j + " of the table");
        }
        for (int i = T + table.length; i < out.length; i++) {
            assertEquals(0f, out[i], 0f, "silent after the table ends, frame " + i);
        }
    }

    @Test
    void plus12SemitonesPlaysEveryOtherFrameInHalfTheTime() {
        float[] table = randomTable(1000, 2);
        float[] out = play(sampler(table, RATE).set("pitch", 12f), 1200);
        for (int j = 0; j < 500; j++) {
            assertEquals(table[2 * j], out[T + j], 0f, "frame " + j + " plays table frame " + 2 * j);
        }
        System.out.println("std.sampler: 1000-frame table at +12: last sound at frame " + (lastSound(out) - T)
                + " after the trigger (500 frames)");
        assertEquals(T + 499, lastSound(out), "half the length");
    }

    @Test
    void minus12SemitonesAndAHalfRateTableBothLastTwiceAsLong() {
        float[] table = randomTable(1000, 3);
        float[] down = play(sampler(table, RATE).set("pitch", -12f), 2400);
        float[] halfRate = play(sampler(table, RATE / 2), 2400);
        for (int j = 0; j < 1000; j++) {
            assertEquals(table[j], down[T + 2 * j], 0f, "-12: even frames are table frames");
            assertEquals(table[j], halfRate[T + 2 * j], 0f, "24 kHz table: even frames are table frames");
        }
        assertEquals(T + 1999, lastSound(down), "-12 lasts 2000 frames");
        assertEquals(T + 1999, lastSound(halfRate), "a 24 kHz table lasts 2000 frames at 48 kHz");
        float[] doubleRate = play(sampler(table, RATE * 2), 1200);
        assertEquals(T + 499, lastSound(doubleRate), "a 96 kHz table lasts 500 frames at 48 kHz");
    }

    @Test
    void aTableRecordedAt44100HzPlaysAtItsTruePitchAndTransposesBySemitones() {
        float[] table = new float[2 * 44_100];
        for (int i = 0; i < table.length; i++) {
            table[i] = (float) Math.sin(2 * Math.PI * 1000 * i / 44_100.0);
        }
        int n = 1 << 15;
        float[] out = Arrays.copyOfRange(play(sampler(table, 44_100f), n + T), T, T + n);
        double f0 = PluckedStringTest.peakFrequency(out, 1000);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            worst = Math.max(worst, Math.abs(out[i] - Math.sin(2 * Math.PI * 1000 * i / (double) RATE)));
        }
        float[] up = Arrays.copyOfRange(play(sampler(table, 44_100f).set("pitch", 7f), n + T), T, T + n);
        double expectedUp = 1000 * Math.pow(2, 7 / 12.0);
        double f7 = PluckedStringTest.peakFrequency(up, expectedUp);
        System.out.printf("std.sampler: 1 kHz table at 44.1 kHz played at 48 kHz: %.4f Hz, max deviation from the ideal"
                + " sine %.2e (%.1f dB); at +7 st: %.4f Hz (expected %.4f)%n", f0, worst, 20 * Math.log10(worst), f7, expectedUp);
        assertEquals(1000, f0, 0.05, "true pitch after resampling");
        assertEquals(expectedUp, f7, 0.05, "+7 semitones");
        assertTrue(worst < 1e-3, "cubic interpolation of a 1 kHz sine stays within -60 dB of the ideal");
    }

    @Test
    void loopPlaysFromTheStartToLoopEndThenRepeatsTheLoopRegionExactly() {
        float[] table = new float[1000];
        for (int i = 0; i < table.length; i++) {
            table[i] = i + 1;
        }
        NodeUnderTest n = sampler(table, RATE).set("loop", 1f).set("loop_start", 0.25f).set("loop_end", 0.75f);
        float[] out = play(n, 5000);
        for (int j = 0; j < 750; j++) {
            assertEquals(table[j], out[T + j], 0f, "first pass, frame " + j);
        }
        for (int j = 750; j < out.length - T; j++) {
            int expected = 250 + (j - 750) % 500;
            assertEquals(table[expected], out[T + j], 0f, "loop, frame " + j);
        }
    }

    @Test
    void interpolationReadsAcrossTheLoopSeamAsTheLoopPlaysIt() {
        // Silence, then a sine of period 100 frames from frame 200; the loop [200, 700) holds
        // exactly 5 periods, so played looped it is one unbroken sine. At a fractional pitch
        // the interpolator needs frames on both sides of the seam: after a wrap, the frame
        // before 200 must be the loop's last (699), not the silence at 199.
        float[] table = new float[1000];
        for (int i = 200; i < table.length; i++) {
            table[i] = (float) Math.sin(2 * Math.PI * (i - 200) / 100.0);
        }
        float pitch = 5f;
        double step = Math.pow(2, pitch / 12.0);
        NodeUnderTest n = sampler(table, RATE).set("loop", 1f).set("loop_start", 0.2f).set("loop_end", 0.7f)
                .set("pitch", pitch);
        float[] out = play(n, 20_000);
        double worst = 0;
        int firstFrameInLoop = (int) Math.ceil(202 / step); // clear of the silence-to-sine edge
        for (int j = firstFrameInLoop; j < out.length - T; j++) {
            double expected = Math.sin(2 * Math.PI * (j * step - 200) / 100.0);
            worst = Math.max(worst, Math.abs(out[T + j] - expected));
        }
        System.out.printf("std.sampler: looped sine at +5 st, 20000 frames across %d seams: max error %.2e%n",
                (int) ((out.length - T) * step - 200) / 500, worst);
        assertTrue(worst < 2e-3, "no click at the seam: " + worst);
    }

    @Test
    void withNoTableATriggeredSamplerIsSilent() {
        float[] out = play(NodeUnderTest.of(SamplePlayer.TYPE_ID), 640);
        for (float v : out) {
            assertEquals(0f, v, 0f);
        }
    }

    /**
     * With no table the sampler renders silence without its per-frame loop, but it still
     * follows the trigger: a trigger that rose before the table arrived and is still high is
     * no edge (silence), one that rises on the first frame after the load is (the note).
     */
    @Test
    void withNoTableTheTriggerLevelIsStillFollowedForTheEdgeAfterALoad() {
        float[] table = randomTable(200, 7);
        int loadBlock = 5;
        int loadFrame = loadBlock * NodeUnderTest.BLOCK;
        NodeUnderTest held = NodeUnderTest.of(SamplePlayer.TYPE_ID);
        float[] heldOut = SignalDriver.render(held, 0, 1000, "trigger", f -> f >= loadFrame - 1 ? 1f : 0f, block -> {
            if (block == loadBlock) {
                ((Sampler) held.node).load(table, RATE);
            }
        })[0];
        for (int i = 0; i < heldOut.length; i++) {
            assertEquals(0f, heldOut[i], 0f, "a trigger high since before the load starts nothing, frame " + i);
        }
        NodeUnderTest rising = NodeUnderTest.of(SamplePlayer.TYPE_ID);
        float[] risingOut = SignalDriver.render(rising, 0, 1000, "trigger",
                f -> (f >= 100 && f < 200) || f >= loadFrame ? 1f : 0f, block -> {
                    if (block == loadBlock) {
                        ((Sampler) rising.node).load(table, RATE);
                    }
                })[0];
        for (int i = 0; i < risingOut.length; i++) {
            float expected = i >= loadFrame && i < loadFrame + table.length ? table[i - loadFrame] : 0f;
            assertEquals(expected, risingOut[i], 0f, "the edge on the load's first frame plays the table, frame " + i);
        }
    }

    @Test
    void aNewTableLetsThePlayingNoteFinishOnTheOldOneAndTheNextTriggerPlaysIt() {
        float[] a = new float[100];
        float[] b = new float[100];
        for (int i = 0; i < 100; i++) {
            a[i] = i + 1;
            b[i] = 1000 + i;
        }
        NodeUnderTest n = sampler(a, RATE).set("loop", 1f);
        Sampler sampler = (Sampler) n.node;
        int retrigger = 5000;
        float[] out = SignalDriver.render(n, 0, 8000, "trigger", f -> (f >= T && f < 4000) || f >= retrigger ? 1f : 0f,
                block -> {
                    if (block == 20) {
                        sampler.load(b, RATE);
                    }
                })[0];
        for (int j = 0; j < retrigger - T; j++) {
            assertEquals(a[j % 100], out[T + j], 0f, "the looping note keeps table a, frame " + j);
        }
        for (int j = 0; j < 3000; j++) {
            assertEquals(b[j % 100], out[retrigger + j], 0f, "the next note plays table b, frame " + j);
        }
    }

    @Test
    void clearMakesTheNextTriggerSilent() {
        NodeUnderTest n = sampler(randomTable(100, 4), RATE);
        Sampler sampler = (Sampler) n.node;
        float[] out = SignalDriver.render(n, 0, 1000, "trigger", f -> f >= 500 ? 1f : 0f, block -> {
            if (block == 2) {
                sampler.clear();
            }
        })[0];
        for (float v : out) {
            assertEquals(0f, v, 0f);
        }
    }

    @Test
    void tablesLoadedFromAnotherThreadNeverTearANoteAndTheRtThreadAllocatesNothing() throws Exception {
        // Every table is constant (1 + its number), so any correct output of a note is one
        // constant from its first frame to the last: cubic interpolation of a constant is
        // exact. A note that changed table, or read a half-published one, would show.
        NodeUnderTest n = NodeUnderTest.of(SamplePlayer.TYPE_ID).set("loop", 1f).set("pitch", 7f);
        Sampler sampler = (Sampler) n.node;
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger loads = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Long> rounds = new ArrayList<>();
        int[] notes = new int[1];
        Thread rt = new Thread(() -> {
            float[] trigger = n.input("trigger");
            float noteValue = 0f;
            int block = 0;
            int zeroRounds = 0;
            try {
                // As the conformance suite: the JIT may allocate while it compiles; once warm,
                // three consecutive rounds of 5000 blocks must allocate exactly nothing.
                // Bounded by time, not rounds: on a loaded machine the loading thread may need many
                // rounds to get its 200 loads in while the RT thread plays.
                long deadline = System.nanoTime() + 60_000_000_000L;
                for (int round = 0; System.nanoTime() < deadline && (zeroRounds < 3 || loads.get() < 200); round++) {
                    long before = AllocationProbe.currentThread();
                    for (int b = 0; b < 5000; b++, block++) {
                        Arrays.fill(trigger, block % 8 == 0 ? 0f : 1f); // a new note every 8 blocks
                        n.processBlock();
                        if ((b & 63) == 0) {
                            Thread.yield(); // on a loaded machine, let the control thread in
                        }
                        float[] out = n.outputs[0];
                        for (int i = 0; i < out.length; i++) {
                            if (block % 8 == 1 && i == 0) {
                                noteValue = out[0];
                                notes[0]++;
                            } else if (out[i] != noteValue) {
                                throw new AssertionError("note changed from " + noteValue + " to " + out[i]);
                            }
                        }
                    }
                    long bytes = AllocationProbe.currentThread() - before;
                    if (round >= 4) {
                        rounds.add(bytes);
                        zeroRounds = bytes == 0 ? zeroRounds + 1 : 0;
                    }
                }
            } catch (Throwable t) {
                failure.set(t);
            } finally {
                stop.set(true);
            }
        }, "sampler-rt");
        rt.start();
        while (!stop.get()) {
            int k = loads.get();
            float[] table = new float[1000 + k % 7];
            Arrays.fill(table, 1 + k);
            sampler.load(table, RATE);
            loads.incrementAndGet();
            Thread.yield();
        }
        rt.join();
        if (failure.get() != null) {
            fail("RT thread: " + failure.get());
        }
        System.out.println("std.sampler: " + loads.get() + " tables loaded from the control thread during " + notes[0]
                + " notes, none torn; RT thread bytes allocated per round of 5000 blocks after warm-up: " + rounds);
        assertTrue(loads.get() >= 200, "the loads must have overlapped the playing");
        int last = rounds.size();
        assertTrue(last >= 3 && rounds.get(last - 1) == 0 && rounds.get(last - 2) == 0 && rounds.get(last - 3) == 0,
                "the RT thread allocates: " + rounds);
    }

    @Test
    void aStereoTablePlaysItsChannelsOnOutAndRightAndAMonoOneOnBoth() {
        float[] left = randomTable(700, 5);
        float[] right = randomTable(700, 6);
        NodeUnderTest n = NodeUnderTest.of(SamplePlayer.TYPE_ID);
        ((Sampler) n.node).load(left, right, RATE * 0.75f); // resampled: interpolation reads both channels alike
        float[][] stereo = SignalDriver.render(n, 1200, "trigger", f -> f >= T ? 1f : 0f);
        NodeUnderTest l = sampler(left, RATE * 0.75f);
        NodeUnderTest r = sampler(right, RATE * 0.75f);
        float[] leftAlone = play(l, 1200);
        float[] rightAlone = play(r, 1200);
        org.junit.jupiter.api.Assertions.assertArrayEquals(leftAlone, stereo[SamplePlayer.OUT]);
        org.junit.jupiter.api.Assertions.assertArrayEquals(rightAlone, stereo[SamplePlayer.OUT_RIGHT]);
        assertTrue(lastSound(stereo[SamplePlayer.OUT_RIGHT]) > 900, "the right channel plays the whole table");

        float[][] mono = SignalDriver.render(sampler(left, RATE), 1200, "trigger", f -> f >= T ? 1f : 0f);
        org.junit.jupiter.api.Assertions.assertArrayEquals(mono[SamplePlayer.OUT], mono[SamplePlayer.OUT_RIGHT]);
        assertEquals(left[0], mono[SamplePlayer.OUT_RIGHT][T], 0f);
    }

    @Test
    void aStereoLoadRejectsChannelsOfDifferentLengths() {
        Sampler s = (Sampler) NodeUnderTest.of(SamplePlayer.TYPE_ID).node;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.load(new float[3], new float[2], RATE));
        assertTrue(e.getMessage().contains("3 left, 2 right"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> s.load(new float[] {0f}, new float[] {Float.NaN}, RATE));
        assertTrue(e.getMessage().contains("sample 0 (right)"), e.getMessage());
    }

    @Test
    void loadRejectsAnEmptyTableANonFiniteSampleOrABadRate() {
        Sampler s = (Sampler) NodeUnderTest.of(SamplePlayer.TYPE_ID).node;
        assertThrows(IllegalArgumentException.class, () -> s.load(new float[0], RATE));
        assertThrows(IllegalArgumentException.class, () -> s.load(new float[] {0f, Float.NaN}, RATE));
        assertThrows(IllegalArgumentException.class, () -> s.load(new float[] {0f}, 0f));
        assertThrows(IllegalArgumentException.class, () -> s.load(new float[] {0f}, Float.POSITIVE_INFINITY));
    }
}
