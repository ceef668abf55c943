package org.aetherdsp.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WavRoundTripTest {
    private static final int RATE = 48_000;
    /** 375 full 64-frame blocks and a final block of 17 frames. */
    private static final int FRAMES = 375 * Signals.BLOCK + 17;

    @TempDir
    Path dir;

    private final float[][] sine = Signals.sine(2, FRAMES, 1000, RATE, 0.9);

    @Test
    void float32RoundTripIsBitExact() throws IOException {
        WavData d = writeAndRead(WavFormat.FLOAT_32, sine);
        assertHeader(d, WavFormat.FLOAT_32, 2);
        for (int c = 0; c < 2; c++) {
            float[] back = d.channel(c);
            for (int i = 0; i < FRAMES; i++) {
                assertEquals(Float.floatToRawIntBits(sine[c][i]), Float.floatToRawIntBits(back[i]),
                        "channel " + c + " frame " + i);
            }
        }
    }

    @Test
    void pcm24RoundTripIsWithinHalfAnLsb() throws IOException {
        WavData d = writeAndRead(WavFormat.PCM_24, sine);
        assertHeader(d, WavFormat.PCM_24, 2);
        // Half an LSB of rounding, plus half a float ulp near 1.0 on decoding.
        assertMaxError(d, 0.5 / 8_388_607 + 0x1.0p-25, 1.0 / 8_388_607);
    }

    @Test
    void pcm16RoundTripIsWithinHalfAnLsb() throws IOException {
        WavData d = writeAndRead(WavFormat.PCM_16, sine);
        assertHeader(d, WavFormat.PCM_16, 2);
        assertMaxError(d, 0.5 / 32_767 + 1e-7, 1.0 / 32_767);
    }

    @Test
    void pcm32RoundTripIsWithinFloatPrecision() throws IOException {
        WavData d = writeAndRead(WavFormat.PCM_32, sine);
        assertHeader(d, WavFormat.PCM_32, 2);
        assertMaxError(d, 0x1.0p-24, 0x1.0p-24);
    }

    @ParameterizedTest
    @EnumSource(value = WavFormat.class, names = {"PCM_16", "PCM_24", "PCM_32"})
    void pcmClampsOutOfRangeValuesToFullScale(WavFormat format) throws IOException {
        float[][] loud = {{1.5f, -3f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1f, -1f,
            Float.NaN}};
        WavData d = writeAndRead(format, loud);
        assertArrayEquals(new float[] {1f, -1f, 1f, -1f, 1f, -1f, 0f}, d.channel(0));
    }

    @Test
    void float32KeepsOutOfRangeValuesAsIs() throws IOException {
        float[][] loud = {{1.5f, -3f, Float.POSITIVE_INFINITY}};
        assertArrayEquals(loud[0], writeAndRead(WavFormat.FLOAT_32, loud).channel(0));
    }

    @Test
    void emptyFileRoundTripsWithZeroFrames() throws IOException {
        Path f = dir.resolve("empty.wav");
        WavWriter.open(f, 44_100, 2, WavFormat.PCM_24).close();
        WavData d = WavReader.read(f);
        assertEquals(0, d.frames());
        assertEquals(2, d.channels());
        assertEquals(44_100, d.sampleRate());
    }

    @ParameterizedTest
    @EnumSource(WavFormat.class)
    void moreThanTwoChannelsUseAnExtensibleHeaderAndRoundTrip(WavFormat format)
            throws IOException {
        float[][] six = Signals.sine(6, 1000 + 3, 440, RATE, 0.5);
        Path f = dir.resolve("six.wav");
        Signals.write(f, RATE, format, six);
        ByteBuffer head = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0xFFFE, head.getShort(20) & 0xFFFF, "format tag");
        assertEquals(format.formatTag(), head.getShort(44) & 0xFFFF, "SubFormat tag");
        WavData d = WavReader.read(f);
        assertHeader(d, format, 6);
        assertEquals(1003, d.frames());
        for (int c = 0; c < 6; c++) {
            float[] back = d.channel(c);
            for (int i = 0; i < 1003; i++) {
                assertEquals(six[c][i], back[i], 1.0 / 32_767, "channel " + c + " frame " + i);
            }
        }
    }

    @Test
    void ditheredPcm16IsReproducibleForTheSameSeed() throws IOException {
        byte[] a = writeDithered("a.wav", 42);
        byte[] b = writeDithered("b.wav", 42);
        byte[] other = writeDithered("c.wav", 43);
        assertArrayEquals(a, b);
        assertFalse(java.util.Arrays.equals(a, other), "a different seed gives different noise");
    }

    @Test
    void ditheredPcm16StaysWithinOneAndAHalfLsb() throws IOException {
        writeDithered("d.wav", 7);
        WavData d = WavReader.read(dir.resolve("d.wav"));
        // Round-to-nearest of signal + TPDF noise in (-1, 1) LSB: |error| < 1.5 LSB.
        assertMaxError(d, 1.5 / 32_767, 1.5 / 32_767);
    }

    @Test
    void ditherKeepsASubLsbLevelOnAverageWhereRoundingErasesIt() throws IOException {
        float level = 0.3f / 32_767; // a third of an LSB
        float[][] dc = {new float[48_000]};
        java.util.Arrays.fill(dc[0], level);
        Path plain = dir.resolve("plain.wav");
        Path dithered = dir.resolve("dithered.wav");
        Signals.write(plain, RATE, WavFormat.PCM_16, dc);
        try (WavWriter w = WavWriter.open(dithered, RATE, 1, WavFormat.PCM_16)) {
            w.enableTpdfDither(1);
            Signals.writeInBlocks(w, dc);
        }
        assertEquals(0.0, mean(WavReader.read(plain).channel(0)), 0.0);
        // TPDF noise has variance 1/6 LSB^2, so the mean of 48000 samples has a standard
        // deviation of about 0.002 LSB: 0.02 LSB is a wide margin.
        assertEquals(level, mean(WavReader.read(dithered).channel(0)), 0.02 / 32_767);
    }

    private byte[] writeDithered(String name, long seed) throws IOException {
        Path f = dir.resolve(name);
        try (WavWriter w = WavWriter.open(f, RATE, 2, WavFormat.PCM_16)) {
            w.enableTpdfDither(seed);
            Signals.writeInBlocks(w, sine);
        }
        return Files.readAllBytes(f);
    }

    private WavData writeAndRead(WavFormat format, float[][] signal) throws IOException {
        Path f = dir.resolve(format + ".wav");
        Signals.write(f, RATE, format, signal);
        return WavReader.read(f);
    }

    private static void assertHeader(WavData d, WavFormat format, int channels) {
        assertEquals(format, d.format());
        assertEquals(RATE, d.sampleRate());
        assertEquals(channels, d.channels());
    }

    /** Asserts the worst error against {@code sine}, and that it is within the brief's bound. */
    private void assertMaxError(WavData d, double bound, double briefBound) {
        assertEquals(FRAMES, d.frames());
        float[][] back = d.samples();
        double worst = 0;
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < FRAMES; i++) {
                worst = Math.max(worst, Math.abs(back[c][i] - sine[c][i]));
            }
        }
        assertTrue(worst <= bound && worst <= briefBound,
                "worst error " + worst + " exceeds " + Math.min(bound, briefBound));
    }

    private static double mean(float[] x) {
        double sum = 0;
        for (float v : x) {
            sum += v;
        }
        return sum / x.length;
    }
}
