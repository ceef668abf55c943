package org.aetherdsp.io;

import static org.aetherdsp.io.RiffFileBuilder.fmt;
import static org.aetherdsp.io.RiffFileBuilder.fmtExtensible;
import static org.aetherdsp.io.RiffFileBuilder.pcm16;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.aetherdsp.testkit.AllocationProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavReaderTest {
    private static final float LSB16 = 1f / 32_767;

    @TempDir
    Path dir;

    @Test
    void skipsUnknownChunksHonouringThePadByteAfterAnOddSize() throws IOException {
        Path f = new RiffFileBuilder()
                .chunk("LIST", "INFOx".getBytes(StandardCharsets.US_ASCII)) // 5 bytes + pad
                .chunk("fmt ", fmt(1, 1, 22_050, 16))
                .chunk("junk", new byte[3])
                .chunk("data", pcm16((short) 100, (short) -200, (short) 32_767))
                .chunk("LIST", new byte[7])
                .writeTo(dir.resolve("chunks.wav"));
        WavData d = WavReader.read(f);
        assertEquals(22_050, d.sampleRate());
        assertEquals(WavFormat.PCM_16, d.format());
        assertArrayEquals(new float[] {100 * LSB16, -200 * LSB16, 1f}, d.channel(0));
    }

    @Test
    void readsADataChunkThatPrecedesTheFmtChunk() throws IOException {
        Path f = new RiffFileBuilder()
                .chunk("data", pcm16((short) 1, (short) 2))
                .chunk("fmt ", fmt(1, 2, 8000, 16))
                .writeTo(dir.resolve("data-first.wav"));
        WavData d = WavReader.read(f);
        assertEquals(1, d.frames());
        assertEquals(2 * LSB16, d.sample(1, 0));
    }

    @Test
    void readsExtensiblePcm24WithPcmSubFormat() throws IOException {
        byte[] samples = {0x00, 0x00, 0x40, (byte) 0x01, 0x00, (byte) 0x80}; // 2^22, -2^23+1
        Path f = new RiffFileBuilder()
                .chunk("fmt ", fmtExtensible(1, 2, 96_000, 24))
                .chunk("data", samples)
                .writeTo(dir.resolve("ext24.wav"));
        WavData d = WavReader.read(f);
        assertEquals(WavFormat.PCM_24, d.format());
        assertEquals(96_000, d.sampleRate());
        assertEquals(4_194_304f / 8_388_607, d.sample(0, 0));
        assertEquals(-1f, d.sample(1, 0));
    }

    @Test
    void readsExtensibleFloatWithFloatSubFormat() throws IOException {
        byte[] samples = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                .putFloat(0.25f).putFloat(-2f).array();
        Path f = new RiffFileBuilder()
                .chunk("fmt ", fmtExtensible(3, 1, 48_000, 32))
                .chunk("fact", RiffFileBuilder.le32(2))
                .chunk("data", samples)
                .writeTo(dir.resolve("extf.wav"));
        WavData d = WavReader.read(f);
        assertEquals(WavFormat.FLOAT_32, d.format());
        assertArrayEquals(new float[] {0.25f, -2f}, d.channel(0));
    }

    @Test
    void ignoresATrailingPartialFrame() throws IOException {
        Path f = new RiffFileBuilder()
                .chunk("fmt ", fmt(1, 2, 8000, 16))
                .chunk("data", new byte[4 * 3 + 2])
                .writeTo(dir.resolve("partial.wav"));
        assertEquals(3, WavReader.read(f).frames());
    }

    @Test
    void returnedSamplesAreCopiesSoTheResultStaysImmutable() throws IOException {
        Path f = new RiffFileBuilder()
                .chunk("fmt ", fmt(1, 1, 8000, 16))
                .chunk("data", pcm16((short) 5))
                .writeTo(dir.resolve("copy.wav"));
        WavData d = WavReader.read(f);
        d.samples()[0][0] = 9f;
        d.channel(0)[0] = 9f;
        assertEquals(5 * LSB16, d.sample(0, 0));
    }

    @Test
    void rejectsANonRiffFile() throws IOException {
        Path f = Files.writeString(dir.resolve("notes.wav"), "these are not the samples you want");
        assertRejected(f, "not a RIFF/WAVE file", "'thes'");
    }

    @Test
    void rejectsARiffFileOfAnotherForm() throws IOException {
        byte[] avi = new RiffFileBuilder().chunk("avih", new byte[8]).bytes();
        System.arraycopy("AVI ".getBytes(StandardCharsets.US_ASCII), 0, avi, 8, 4);
        assertRejected(Files.write(dir.resolve("movie.wav"), avi), "'AVI '", "not 'WAVE'");
    }

    @Test
    void rejectsAFileShorterThanTheRiffHeader() throws IOException {
        Path f = Files.write(dir.resolve("tiny.wav"), new byte[] {'R', 'I', 'F', 'F', 0});
        assertRejected(f, "5 bytes", "too short");
    }

    @Test
    void rejectsAHeaderTruncatedInsideTheFmtChunk() throws IOException {
        byte[] whole = validPcm16File();
        Path f = Files.write(dir.resolve("cut-fmt.wav"), Arrays.copyOf(whole, 30));
        assertRejected(f, "truncated fmt chunk", "declares 16 bytes", "only 10 remain");
    }

    @Test
    void rejectsAHeaderTruncatedBeforeTheDataChunk() throws IOException {
        byte[] whole = validPcm16File();
        Path f = Files.write(dir.resolve("cut-data.wav"), Arrays.copyOf(whole, 40));
        assertRejected(f, "no data chunk", "truncated chunk header starts at offset 36");
    }

    @Test
    void rejectsAForgedHugeDataSizeWithoutAllocatingIt() throws IOException {
        Path f = new RiffFileBuilder()
                .chunk("fmt ", fmt(1, 2, 48_000, 16))
                .chunk("data", 0xFFFF_FFF0L, new byte[64], false)
                .writeTo(dir.resolve("forged.wav"));
        long before = AllocationProbe.currentThread();
        WavFormatException e = assertThrows(WavFormatException.class, () -> WavReader.read(f));
        long allocated = AllocationProbe.currentThread() - before;
        assertTrue(e.getMessage().contains("truncated data chunk"), e.getMessage());
        assertTrue(e.getMessage().contains("declares 4294967280 bytes but only 64 remain"),
                e.getMessage());
        assertTrue(allocated < 1 << 20, "reading the forged file allocated " + allocated + " bytes");
    }

    @Test
    void rejectsAForgedHugeUnknownChunkSize() throws IOException {
        Path f = new RiffFileBuilder()
                .chunk("LIST", 0x7FFF_0000L, new byte[10], false)
                .writeTo(dir.resolve("forged-list.wav"));
        assertRejected(f, "truncated 'LIST' chunk at offset 12", "only 10 remain");
    }

    @Test
    void rejectsAnUnsupportedFormatTag() throws IOException {
        Path f = new RiffFileBuilder()
                .chunk("fmt ", fmt(2, 1, 44_100, 4)) // Microsoft ADPCM
                .chunk("data", new byte[16])
                .writeTo(dir.resolve("adpcm.wav"));
        assertRejected(f, "unsupported format tag 2 (0x0002)", "supported: 1 (PCM), 3 (IEEE float)");
    }

    @Test
    void rejectsAnUnsupportedExtensibleSubFormat() throws IOException {
        Path f = new RiffFileBuilder()
                .chunk("fmt ", fmtExtensible(0x55, 2, 44_100, 16))
                .chunk("data", new byte[16])
                .writeTo(dir.resolve("ext-mp3.wav"));
        assertRejected(f, "unsupported WAVE_FORMAT_EXTENSIBLE subformat 85 (0x0055)");
    }

    @Test
    void rejectsAnUnsupportedPcmSampleSize() throws IOException {
        Path f = new RiffFileBuilder()
                .chunk("fmt ", fmt(1, 1, 8000, 8))
                .chunk("data", new byte[16])
                .writeTo(dir.resolve("pcm8.wav"));
        assertRejected(f, "unsupported PCM sample size: 8 bits", "supported: 16, 24, 32");
    }

    @Test
    void rejectsABlockAlignThatContradictsTheSampleSize() throws IOException {
        byte[] fmt = fmt(1, 2, 8000, 16);
        fmt[12] = 8; // block align 8 instead of 4
        Path f = new RiffFileBuilder()
                .chunk("fmt ", fmt)
                .chunk("data", new byte[16])
                .writeTo(dir.resolve("align.wav"));
        assertRejected(f, "block align is 8", "need 4");
    }

    @Test
    void rejectsBigEndianRifx() throws IOException {
        byte[] b = validPcm16File();
        b[3] = 'X';
        assertRejected(Files.write(dir.resolve("rifx.wav"), b), "RIFX files are not supported");
    }

    private static byte[] validPcm16File() {
        return new RiffFileBuilder()
                .chunk("fmt ", fmt(1, 2, 48_000, 16))
                .chunk("data", new byte[64])
                .bytes();
    }

    private static void assertRejected(Path f, String... fragments) {
        WavFormatException e = assertThrows(WavFormatException.class, () -> WavReader.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()), "names the file: " + e.getMessage());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment),
                    "expected '" + fragment + "' in: " + e.getMessage());
        }
    }
}
