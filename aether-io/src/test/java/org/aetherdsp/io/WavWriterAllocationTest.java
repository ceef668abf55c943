package org.aetherdsp.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.aetherdsp.testkit.AllocationProbe;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The writer's per-block path allocates nothing once warm.
 *
 * <p>What the per-thread counter shows: the first round allocates about 5 KB of one-time
 * lazy initialisation (class loading and linkage, FileChannel's interrupt hook), and
 * during warm-up the JVM occasionally attributes a few dozen to a few hundred bytes to
 * the thread in some single round while it compiles and links hot methods. That also
 * happens in a loop that only does integer arithmetic, so it is the JIT, not the writer.
 * Hence the two assertions: no round allocates as many bytes as it makes writes (any
 * per-write allocation is at least 16 bytes a write), and rounds allocating exactly 0
 * bytes do occur after warm-up.
 */
class WavWriterAllocationTest {
    private static final int WARM_UP_ROUNDS = 5;
    private static final int MEASURED_ROUNDS = 10;
    private static final int WRITES_PER_ROUND = 10_000;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}, dither {1}")
    @CsvSource({"PCM_16, false", "PCM_16, true", "PCM_24, false", "PCM_32, false",
        "FLOAT_32, false"})
    void writingBlocksAllocatesNothingAfterWarmUp(WavFormat format, boolean dither)
            throws IOException {
        float[][] block = Signals.sine(2, Signals.BLOCK, 1000, 48_000, 0.8);
        long[] allocated = new long[WARM_UP_ROUNDS + MEASURED_ROUNDS];
        try (WavWriter w = WavWriter.open(dir.resolve("alloc.wav"), 48_000, 2, format)) {
            if (dither) {
                w.enableTpdfDither(3);
            }
            for (int r = 0; r < allocated.length; r++) {
                allocated[r] = AllocationProbe.measure(() -> writeRound(w, block));
            }
        }
        String perRound = "bytes allocated per round of " + WRITES_PER_ROUND + " writes: "
                + Arrays.toString(allocated);
        long[] measured = Arrays.copyOfRange(allocated, WARM_UP_ROUNDS, allocated.length);
        assertTrue(Arrays.stream(measured).max().getAsLong() < WRITES_PER_ROUND, perRound);
        assertEquals(0, Arrays.stream(measured).min().getAsLong(), perRound);
    }

    /** Kept out of the measuring loop so that loop is never compiled and deoptimised. */
    private static void writeRound(WavWriter w, float[][] block) {
        try {
            for (int k = 0; k < WRITES_PER_ROUND; k++) {
                w.write(block, Signals.BLOCK);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
