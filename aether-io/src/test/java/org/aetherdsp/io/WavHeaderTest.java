package org.aetherdsp.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WavHeaderTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(WavFormat.class)
    void riffAndDataSizesArePatchedOnClose(WavFormat format) throws IOException {
        int frames = 10 * Signals.BLOCK + 5;
        Path f = dir.resolve("sizes.wav");
        Signals.write(f, 44_100, format, Signals.sine(2, frames, 1000, 44_100, 0.5));
        ByteBuffer b = contents(f);
        assertEquals(Files.size(f) - 8, uint32(b, 4), "RIFF size");
        long dataSize = uint32(b, chunkStart(b, "data") + 4);
        assertEquals((long) frames * 2 * format.bytesPerSample(), dataSize, "data size");
    }

    @Test
    void oddSizedDataChunkGetsAPadByteCountedInTheRiffSize() throws IOException {
        Path f = dir.resolve("odd.wav");
        Signals.write(f, 44_100, WavFormat.PCM_24, new float[][] {{0.1f, 0.2f, 0.3f}});
        ByteBuffer b = contents(f);
        int data = chunkStart(b, "data");
        assertEquals(9, uint32(b, data + 4));
        assertEquals(data + 8 + 9 + 1, Files.size(f), "data + pad byte end the file");
        assertEquals(0, b.get(data + 8 + 9), "pad byte");
        assertEquals(Files.size(f) - 8, uint32(b, 4));
        assertEquals(3, WavReader.read(f).frames());
    }

    @Test
    void pcmHeaderIsTheCanonical44ByteLayout() throws IOException {
        Path f = dir.resolve("pcm.wav");
        Signals.write(f, 48_000, WavFormat.PCM_16, new float[2][10]);
        ByteBuffer b = contents(f);
        assertEquals(44 + 40, Files.size(f));
        assertEquals(16, uint32(b, 16), "fmt size");
        assertEquals(1, b.getShort(20), "format tag");
        assertEquals(2, b.getShort(22), "channels");
        assertEquals(48_000, b.getInt(24), "sample rate");
        assertEquals(48_000 * 4, b.getInt(28), "byte rate");
        assertEquals(4, b.getShort(32), "block align");
        assertEquals(16, b.getShort(34), "bits");
        assertEquals(36, chunkStart(b, "data"));
    }

    @Test
    void floatHeaderHasTag3AndAFactChunkWithTheFrameCount() throws IOException {
        int frames = 3 * Signals.BLOCK + 1;
        Path f = dir.resolve("float.wav");
        Signals.write(f, 48_000, WavFormat.FLOAT_32, new float[1][frames]);
        ByteBuffer b = contents(f);
        assertEquals(3, b.getShort(20), "format tag");
        assertEquals(32, b.getShort(34), "bits");
        int fact = chunkStart(b, "fact");
        assertEquals(4, uint32(b, fact + 4));
        assertEquals(frames, uint32(b, fact + 8));
        assertTrue(fact < chunkStart(b, "data"), "fact precedes data");
    }

    @Test
    void readerExplainsAFileWhoseWriterWasNeverClosed() throws IOException {
        Path f = dir.resolve("unclosed.wav");
        WavWriter w = WavWriter.open(f, 48_000, 2, WavFormat.PCM_16);
        try {
            WavFormatException e = org.junit.jupiter.api.Assertions.assertThrows(
                    WavFormatException.class, () -> WavReader.read(f));
            assertTrue(e.getMessage().contains("truncated data chunk"), e.getMessage());
            assertTrue(e.getMessage().contains("never closed"), e.getMessage());
        } finally {
            w.close();
        }
    }

    private static ByteBuffer contents(Path f) throws IOException {
        return ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static long uint32(ByteBuffer b, int offset) {
        return b.getInt(offset) & 0xFFFF_FFFFL;
    }

    /** Offset of the chunk header with this id, walking the chunk list from byte 12. */
    private static int chunkStart(ByteBuffer b, String id) {
        int pos = 12;
        while (pos + 8 <= b.limit()) {
            String here = new String(b.array(), pos, 4, StandardCharsets.US_ASCII);
            if (here.equals(id)) {
                return pos;
            }
            long size = uint32(b, pos + 4);
            pos += 8 + (int) size + (int) (size & 1);
        }
        throw new AssertionError("no " + id + " chunk");
    }
}
