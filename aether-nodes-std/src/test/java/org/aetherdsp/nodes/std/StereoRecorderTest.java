package org.aetherdsp.nodes.std;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class StereoRecorderTest {

    private static final int BLOCK = NodeUnderTest.BLOCK;
    /** 10 s at 48 kHz. */
    /** 10 s at 48 kHz (480,000 frames), rounded up to a power of two by the ring. */
    private static final int CAPACITY = 524_288;

    /** Frame k carries k on the left and -k - 0.5 on the right: exact in float below 2^23. */
    private static void fillBlock(NodeUnderTest n, long firstFrame) {
        float[] left = n.input("left");
        float[] right = n.input("right");
        for (int i = 0; i < BLOCK; i++) {
            left[i] = firstFrame + i;
            right[i] = -(firstFrame + i) - 0.5f;
        }
    }

    private static void assertFrame(long expected, float left, float right, String where) {
        if (left != (float) expected || right != -(float) expected - 0.5f) {
            fail(where + ": expected frame " + expected + " (" + (float) expected + ", " + (-(float) expected - 0.5f)
                    + "), drained (" + left + ", " + right + ")");
        }
    }

    @Test
    void capacityIsTenSecondsAtThePreparedRate() {
        Recorder r = (Recorder) NodeUnderTest.of(StereoRecorder.TYPE_ID).node;
        assertEquals(CAPACITY, r.capacity());
        assertTrue(r.isRecording(), "a new recorder captures");
    }

    @Test
    void passesBothChannelsThroughUnchanged() {
        NodeUnderTest n = NodeUnderTest.of(StereoRecorder.TYPE_ID);
        fillBlock(n, 1000);
        n.processBlock();
        for (int i = 0; i < BLOCK; i++) {
            assertEquals(n.input("left")[i], n.outputs[StereoRecorder.LEFT][i], 0f);
            assertEquals(n.input("right")[i], n.outputs[StereoRecorder.RIGHT][i], 0f);
        }
    }

    @Test
    void concurrentDrainReceivesEveryFrameExactlyInOrderAndDropsNothing() throws Exception {
        // Three times around the ring, with the RT thread kept within half a ring of the
        // drainer (as a real-time thread would be, if the drainer keeps up), and drains of
        // random sizes so that copies straddle the wrap.
        long total = 3L * CAPACITY + 12_345 * BLOCK;
        NodeUnderTest n = NodeUnderTest.of(StereoRecorder.TYPE_ID);
        Recorder rec = (Recorder) n.node;
        AtomicBoolean rtDone = new AtomicBoolean();
        Thread rt = new Thread(() -> {
            for (long f = 0; f < total; f += BLOCK) {
                while (rec.available() > CAPACITY / 2) {
                    Thread.onSpinWait();
                }
                fillBlock(n, f);
                n.processBlock();
            }
            rtDone.set(true);
        }, "record-rt");
        rt.start();

        Random rnd = new Random(12);
        float[][] chunk = new float[2][5000];
        long drained = 0;
        int drains = 0;
        try {
            while (drained < total) {
                int got = rec.drain(chunk, 1 + rnd.nextInt(5000));
                for (int i = 0; i < got; i++) {
                    assertFrame(drained + i, chunk[0][i], chunk[1][i], "drained frame " + (drained + i));
                }
                drained += got;
                drains++;
                if (got == 0 && rtDone.get() && rec.available() == 0) {
                    break;
                }
            }
        } finally {
            rt.join();
        }
        System.out.println("std.record: " + drained + " frames drained concurrently in " + drains
                + " drains, all exact and in order; dropped " + rec.dropped());
        assertEquals(total, drained, "every frame arrives");
        assertEquals(0L, rec.dropped(), "nothing is dropped when the drainer keeps up");
    }

    @Test
    void whenNotDrainedTheRingFillsAndDroppedCountsExactlyTheLostFrames() {
        NodeUnderTest n = NodeUnderTest.of(StereoRecorder.TYPE_ID);
        Recorder rec = (Recorder) n.node;
        long frame = 0;
        for (int b = 0; b < CAPACITY / BLOCK - 1; b++) { // all but one block: 524,224 frames
            fillBlock(n, frame);
            n.processBlock();
            frame += BLOCK;
        }
        float[][] chunk = new float[2][CAPACITY];
        assertEquals(10, rec.drain(chunk, 10), "drain 10: 64 + 10 frames free");
        for (int b = 0; b < 3; b++) { // 192 frames offered, 74 fit
            fillBlock(n, frame);
            n.processBlock();
            frame += BLOCK;
        }
        assertEquals(192 - 74, rec.dropped(), "frames that did not fit");
        assertEquals(CAPACITY, rec.available(), "the ring is full");

        int got = rec.drain(chunk, CAPACITY);
        assertEquals(CAPACITY, got);
        for (int i = 0; i < CAPACITY; i++) {
            // Frames 10..524223 are whole blocks; then the first 74 frames of the next block.
            assertFrame(10 + i, chunk[0][i], chunk[1][i], "frame " + i + " of the full ring");
        }
        long gapStart = 10 + CAPACITY;

        // Recording continues where there is room again, from the next block's first frame.
        fillBlock(n, frame);
        n.processBlock();
        assertEquals(BLOCK, rec.drain(chunk, CAPACITY));
        for (int i = 0; i < BLOCK; i++) {
            assertFrame(frame + i, chunk[0][i], chunk[1][i], "after the gap");
        }
        System.out.println("std.record: ring filled after " + gapStart + " frames; dropped " + rec.dropped()
                + " = frames " + gapStart + ".." + (frame - 1) + " exactly");
        assertEquals(frame - gapStart, rec.dropped(), "the gap is exactly the dropped frames");
    }

    @Test
    void concurrentSlowDrainerSeesGapsOnlyAtBlockBoundariesAndCountsEveryLostFrame() throws Exception {
        long total = 4L * CAPACITY;
        NodeUnderTest n = NodeUnderTest.of(StereoRecorder.TYPE_ID);
        Recorder rec = (Recorder) n.node;
        AtomicLong produced = new AtomicLong();
        Thread rt = new Thread(() -> {
            for (long f = 0; f < total; f += BLOCK) {
                fillBlock(n, f);
                n.processBlock();
                produced.set(f + BLOCK);
            }
        }, "record-rt");
        rt.start();
        float[][] chunk = new float[2][1000];
        long drained = 0;
        long expected = 0;
        long gaps = 0;
        try {
            while (rt.isAlive() || rec.available() > 0) {
                int got = rec.drain(chunk, 1000);
                for (int i = 0; i < got; i++) {
                    long k = (long) chunk[0][i];
                    assertFrame(k, chunk[0][i], chunk[1][i], "drained frame " + drained);
                    if (k != expected) {
                        assertTrue(k > expected, "frames never go back: " + k + " after " + expected);
                        assertEquals(0, k % BLOCK, "a gap ends at a block boundary");
                        gaps++;
                    }
                    expected = k + 1;
                    drained++;
                }
                if (got < 1000) {
                    Thread.sleep(1); // slow on purpose
                }
            }
        } finally {
            rt.join();
        }
        System.out.println("std.record: slow drainer got " + drained + " of " + total + " frames with " + gaps
                + " gaps; dropped() = " + rec.dropped());
        assertEquals(total, drained + rec.dropped(), "every frame is either drained or counted as dropped");
    }

    @Test
    void stopPausesCaptureFromTheNextBlockAndStartResumes() {
        NodeUnderTest n = NodeUnderTest.of(StereoRecorder.TYPE_ID);
        Recorder rec = (Recorder) n.node;
        fillBlock(n, 0);
        n.processBlock();
        rec.stop();
        fillBlock(n, 64);
        n.processBlock();
        rec.start();
        fillBlock(n, 128);
        n.processBlock();
        float[][] chunk = new float[2][256];
        assertEquals(128, rec.drain(chunk, 256));
        assertFrame(63, chunk[0][63], chunk[1][63], "last frame before stop");
        assertFrame(128, chunk[0][64], chunk[1][64], "first frame after start");
        assertEquals(0L, rec.dropped(), "a paused block is not a dropped one");
    }

    @Test
    void drainRejectsADestinationWithTooFewChannelsOrFrames() {
        Recorder rec = (Recorder) NodeUnderTest.of(StereoRecorder.TYPE_ID).node;
        assertThrows(IllegalArgumentException.class, () -> rec.drain(new float[1][10], 10));
        assertThrows(IllegalArgumentException.class, () -> rec.drain(new float[2][5], 10));
        assertThrows(IllegalArgumentException.class, () -> rec.drain(new float[2][5], -1));
    }
}
