package org.aetherdsp.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavWriterTest {
    @TempDir
    Path dir;

    @Test
    void rejectsABlockWithTheWrongChannelCountNamingBothCounts() throws IOException {
        try (WavWriter w = WavWriter.open(dir.resolve("a.wav"), 48_000, 2, WavFormat.PCM_16)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> w.write(new float[3][64], 64));
            assertTrue(e.getMessage().contains("block has 3 channels"), e.getMessage());
            assertTrue(e.getMessage().contains("opened with 2"), e.getMessage());
            assertEquals(0, w.frames());
        }
    }

    @Test
    void rejectsMoreFramesThanTheChannelBuffersHold() throws IOException {
        try (WavWriter w = WavWriter.open(dir.resolve("a.wav"), 48_000, 2, WavFormat.FLOAT_32)) {
            float[][] block = {new float[64], new float[32]};
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> w.write(block, 64));
            assertTrue(e.getMessage().contains("frames 64 exceeds channel 1's buffer length 32"),
                    e.getMessage());
        }
    }

    @Test
    void rejectsNegativeFrames() throws IOException {
        try (WavWriter w = WavWriter.open(dir.resolve("a.wav"), 48_000, 1, WavFormat.PCM_24)) {
            assertThrows(IllegalArgumentException.class, () -> w.write(new float[1][64], -1));
        }
    }

    @Test
    void rejectsWritingAfterClose() throws IOException {
        Path f = dir.resolve("closed.wav");
        WavWriter w = WavWriter.open(f, 48_000, 1, WavFormat.PCM_16);
        w.write(new float[1][64], 64);
        w.close();
        w.close(); // idempotent
        IOException e = assertThrows(IOException.class, () -> w.write(new float[1][64], 64));
        assertTrue(e.getMessage().contains("is closed"), e.getMessage());
        assertEquals(64, WavReader.read(f).frames());
    }

    @Test
    void refusesABlockThatWouldPassTheSizeLimitAndKeepsTheFileValid() throws IOException {
        Path f = dir.resolve("limit.wav");
        // Test limit of 1000 bytes: 250 stereo PCM_16 frames.
        try (WavWriter w = WavWriter.open(f, 48_000, 2, WavFormat.PCM_16, 1000)) {
            for (int i = 0; i < 3; i++) {
                w.write(new float[2][64], 64);
            }
            IOException e = assertThrows(IOException.class, () -> w.write(new float[2][64], 64));
            assertTrue(e.getMessage().contains("WAV size limit reached"), e.getMessage());
            assertTrue(!(e instanceof WavFormatException));
            w.write(new float[2][64], 58); // exactly up to the limit is fine
            assertEquals(250, w.frames());
        }
        assertEquals(250, WavReader.read(f).frames());
    }

    @Test
    void rejectsInvalidOpenParametersWithoutCreatingTheFile() {
        Path f = dir.resolve("never.wav");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WavWriter.open(f, 48_000, 0, WavFormat.PCM_16));
        assertTrue(e.getMessage().contains("got 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> WavWriter.open(f, -1, 2, WavFormat.PCM_16));
        assertTrue(e.getMessage().contains("sample rate"), e.getMessage());
        assertTrue(!Files.exists(f));
    }

    @Test
    void ditherIsRefusedForFormatsOtherThanPcm16() throws IOException {
        try (WavWriter w = WavWriter.open(dir.resolve("f.wav"), 48_000, 1, WavFormat.PCM_24)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> w.enableTpdfDither(1));
            assertTrue(e.getMessage().contains("PCM_16 only"), e.getMessage());
        }
    }

    @Test
    void framesCountsEveryFrameWritten() throws IOException {
        try (WavWriter w = WavWriter.open(dir.resolve("n.wav"), 48_000, 2, WavFormat.PCM_24)) {
            w.write(new float[2][64], 64);
            w.write(new float[2][64], 10);
            w.write(new float[2][64], 0);
            assertEquals(74, w.frames());
        }
    }
}
