package org.aetherdsp.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Streams non-interleaved float blocks into a WAV file.
 *
 * <p>{@link #open} writes the header with placeholder sizes; {@link #write} interleaves
 * and encodes each block into one reused direct buffer that is flushed to a
 * {@link FileChannel} when full; {@link #close} flushes and patches the RIFF, data and
 * (for non-PCM headers) fact sizes. A file whose writer was never closed keeps the
 * placeholder {@code 0xFFFFFFFF} sizes, which {@link WavReader} rejects as truncated.
 *
 * <p>Layout: RIFF/WAVE, {@code fmt } with tag 1 (PCM) or 3 (IEEE float) for one or two
 * channels, or WAVE_FORMAT_EXTENSIBLE (tag 0xFFFE, channel mask 0 = no speaker
 * assignment) for more; a {@code fact} chunk whenever the tag is not 1; then
 * {@code data}. Little-endian throughout. An odd-sized data chunk gets its pad byte.
 *
 * <p>Threading: not thread-safe; one thread opens, writes and closes. File I/O blocks,
 * so this is for offline rendering or a recorder thread fed from a ring buffer, never
 * the real-time audio callback itself. {@link #write} allocates nothing.
 */
public final class WavWriter implements AutoCloseable {
    private static final int BUFFER_BYTES = 64 * 1024;
    private static final long UINT32_MAX = 0xFFFF_FFFFL;
    private static final int PLACEHOLDER = -1; // 0xFFFFFFFF, "size unknown"
    /** Bytes 2..15 of the KSDATAFORMAT_SUBTYPE_PCM / _IEEE_FLOAT GUIDs; bytes 0..1 hold the tag. */
    static final byte[] SUBFORMAT_GUID_TAIL = {
        0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00,
        0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71
    };

    private final Path path;
    private final FileChannel channel;
    private final int channelCount;
    private final WavFormat format;
    private final int bytesPerFrame;
    private final int headerBytes;
    private final long factSizePosition; // -1 if there is no fact chunk
    private final long maxDataBytes;
    private final ByteBuffer buffer;

    private long frames;
    private boolean closed;
    private boolean dither;
    private long ditherState;

    private WavWriter(Path path, FileChannel channel, int channelCount, WavFormat format,
                      int headerBytes, long factSizePosition, long maxDataBytes) {
        this.path = path;
        this.channel = channel;
        this.channelCount = channelCount;
        this.format = format;
        this.bytesPerFrame = channelCount * format.bytesPerSample();
        this.headerBytes = headerBytes;
        this.factSizePosition = factSizePosition;
        this.maxDataBytes = maxDataBytes;
        // Direct so FileChannel.write hands it to the OS without copying through a
        // temporary direct buffer; at least one frame so any channel count fits.
        this.buffer = ByteBuffer.allocateDirect(Math.max(BUFFER_BYTES, bytesPerFrame))
                .order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Creates (or truncates) {@code path} and writes a WAV header with placeholder sizes.
     *
     * @param path       the file to write
     * @param sampleRate frames per second, positive
     * @param channels   channel count, 1 to 65535
     * @param format     sample encoding
     * @return an open writer; close it to make the file valid
     * @throws IllegalArgumentException if a parameter is out of range
     * @throws IOException              if the file cannot be created or written
     */
    public static WavWriter open(Path path, int sampleRate, int channels, WavFormat format)
            throws IOException {
        return open(path, sampleRate, channels, format, -1);
    }

    /** As {@link #open(Path, int, int, WavFormat)}, with a lower data size limit for tests. */
    static WavWriter open(Path path, int sampleRate, int channels, WavFormat format,
                          long dataLimitForTest) throws IOException {
        if (path == null || format == null) {
            throw new IllegalArgumentException("path and format must not be null");
        }
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive; got " + sampleRate);
        }
        if (channels < 1 || channels > 0xFFFF) {
            throw new IllegalArgumentException("channel count must be 1..65535; got " + channels);
        }
        int blockAlign = channels * format.bytesPerSample();
        if (blockAlign > 0xFFFF || (long) sampleRate * blockAlign > UINT32_MAX) {
            throw new IllegalArgumentException("WAV cannot describe " + channels + " channels of "
                    + format + " at " + sampleRate + " Hz: block align or byte rate overflows");
        }
        boolean extensible = channels > 2;
        int tag = extensible ? WavFormat.TAG_EXTENSIBLE : format.formatTag();
        boolean hasFact = tag != WavFormat.TAG_PCM;
        int fmtBytes = extensible ? 40 : (tag == WavFormat.TAG_PCM ? 16 : 18);
        int headerBytes = 12 + 8 + fmtBytes + (hasFact ? 12 : 0) + 8;
        long factSizePosition = hasFact ? 12 + 8 + fmtBytes + 8 : -1;
        // The RIFF size field counts everything after itself, including a pad byte.
        long maxData = UINT32_MAX - (headerBytes - 8) - 1;
        if (dataLimitForTest >= 0) {
            maxData = Math.min(maxData, dataLimitForTest);
        }

        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        try {
            WavWriter w = new WavWriter(path, ch, channels, format, headerBytes,
                    factSizePosition, maxData);
            ByteBuffer b = w.buffer;
            putFourCc(b, "RIFF");
            b.putInt(PLACEHOLDER);
            putFourCc(b, "WAVE");
            putFourCc(b, "fmt ");
            b.putInt(fmtBytes);
            b.putShort((short) tag);
            b.putShort((short) channels);
            b.putInt(sampleRate);
            b.putInt(sampleRate * blockAlign); // checked above to fit in uint32
            b.putShort((short) blockAlign);
            b.putShort((short) format.bitsPerSample());
            if (extensible) {
                b.putShort((short) 22);                      // cbSize
                b.putShort((short) format.bitsPerSample());  // wValidBitsPerSample
                b.putInt(0);                                 // dwChannelMask: unassigned
                b.putShort((short) format.formatTag());      // SubFormat GUID
                b.put(SUBFORMAT_GUID_TAIL);
            } else if (fmtBytes == 18) {
                b.putShort((short) 0);                       // cbSize
            }
            if (hasFact) {
                putFourCc(b, "fact");
                b.putInt(4);
                b.putInt(PLACEHOLDER);
            }
            putFourCc(b, "data");
            b.putInt(PLACEHOLDER);
            w.drain();
            return w;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Turns on triangular (TPDF) dither of ±1 LSB for {@link WavFormat#PCM_16}. Off by
     * default. The noise comes from a generator seeded with {@code seed}, so the same
     * input, seed and block sequence produce the same file. Affects blocks written after
     * this call.
     *
     * @param seed generator seed
     * @throws IllegalStateException if this writer's format is not PCM_16
     */
    public void enableTpdfDither(long seed) {
        if (format != WavFormat.PCM_16) {
            throw new IllegalStateException("TPDF dither applies to PCM_16 only; " + path
                    + " is written as " + format);
        }
        // splitmix64 finaliser: spreads any seed, including 0, into a non-zero state.
        long z = seed + 0x9E37_79B9_7F4A_7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        z ^= z >>> 31;
        ditherState = z == 0 ? 1 : z;
        dither = true;
    }

    /**
     * Appends one block of non-interleaved samples. PCM formats clamp each sample to
     * [-1, 1], scale and round to nearest; FLOAT_32 writes values as is. Allocates nothing.
     *
     * @param block  one array per channel; sample {@code i} of channel {@code c} is
     *               {@code block[c][i]}
     * @param frames how many samples of each array to write, from index 0
     * @throws IllegalArgumentException if {@code block} has the wrong channel count, a
     *                                  channel array is null or shorter than {@code frames},
     *                                  or {@code frames} is negative
     * @throws IOException              if the writer is closed, the block would take the
     *                                  data chunk past the WAV 4 GiB limit, or the write fails
     */
    public void write(float[][] block, int frames) throws IOException {
        if (closed) {
            throw new IOException("WAV writer for " + path + " is closed");
        }
        checkBlock(block, frames);
        long blockBytes = (long) frames * bytesPerFrame;
        long dataBytes = this.frames * bytesPerFrame;
        if (dataBytes + blockBytes > maxDataBytes) {
            throw new IOException("WAV size limit reached for " + path + ": the data chunk holds "
                    + dataBytes + " bytes and this block of " + blockBytes + " bytes would exceed "
                    + maxDataBytes + " (RIFF sizes are 32-bit)");
        }
        switch (format) {
            case PCM_16:
                encodePcm16(block, frames);
                break;
            case PCM_24:
                encodePcm24(block, frames);
                break;
            case PCM_32:
                encodePcm32(block, frames);
                break;
            case FLOAT_32:
                encodeFloat32(block, frames);
                break;
            default:
                throw new AssertionError(format);
        }
        this.frames += frames;
    }

    /**
     * @return frames written so far (one frame = one sample of every channel)
     */
    public long frames() {
        return frames;
    }

    /**
     * Flushes buffered samples, writes the data chunk's pad byte if its size is odd,
     * patches the header sizes and closes the file. Calling it again does nothing.
     *
     * @throws IOException if flushing or patching fails; the file is closed regardless
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            long dataBytes = frames * bytesPerFrame;
            if ((dataBytes & 1) != 0) {
                if (!buffer.hasRemaining()) {
                    drain();
                }
                buffer.put((byte) 0);
            }
            drain();
            long fileBytes = headerBytes + dataBytes + (dataBytes & 1);
            patchUint32(4, fileBytes - 8);
            patchUint32(headerBytes - 4, dataBytes);
            if (factSizePosition >= 0) {
                patchUint32(factSizePosition, frames);
            }
        } finally {
            channel.close();
        }
    }

    private void checkBlock(float[][] block, int frames) {
        if (block == null) {
            throw new IllegalArgumentException("block must not be null");
        }
        if (block.length != channelCount) {
            throw new IllegalArgumentException("block has " + block.length + " channels but "
                    + path + " was opened with " + channelCount);
        }
        if (frames < 0) {
            throw new IllegalArgumentException("frames must not be negative; got " + frames);
        }
        for (int c = 0; c < channelCount; c++) {
            if (block[c] == null) {
                throw new IllegalArgumentException("channel " + c + " of the block is null");
            }
            if (block[c].length < frames) {
                throw new IllegalArgumentException("frames " + frames + " exceeds channel " + c
                        + "'s buffer length " + block[c].length);
            }
        }
    }

    private void encodePcm16(float[][] block, int frames) throws IOException {
        ByteBuffer b = buffer;
        for (int i = 0; i < frames; i++) {
            if (b.remaining() < bytesPerFrame) {
                drain();
            }
            for (int c = 0; c < channelCount; c++) {
                float scaled = clamp(block[c][i]) * 32767f;
                if (dither) {
                    scaled += nextUniform() - nextUniform();
                }
                int q = Math.round(scaled); // NaN rounds to 0
                if (q > 32767) {
                    q = 32767;
                } else if (q < -32768) {
                    q = -32768;
                }
                b.putShort((short) q);
            }
        }
    }

    private void encodePcm24(float[][] block, int frames) throws IOException {
        ByteBuffer b = buffer;
        for (int i = 0; i < frames; i++) {
            if (b.remaining() < bytesPerFrame) {
                drain();
            }
            for (int c = 0; c < channelCount; c++) {
                // double: a float product near full scale would lose the fraction before rounding
                int q = (int) Math.round(clamp(block[c][i]) * 8_388_607.0);
                b.put((byte) q);
                b.put((byte) (q >> 8));
                b.put((byte) (q >> 16));
            }
        }
    }

    private void encodePcm32(float[][] block, int frames) throws IOException {
        ByteBuffer b = buffer;
        for (int i = 0; i < frames; i++) {
            if (b.remaining() < bytesPerFrame) {
                drain();
            }
            for (int c = 0; c < channelCount; c++) {
                b.putInt((int) Math.round(clamp(block[c][i]) * 2_147_483_647.0));
            }
        }
    }

    private void encodeFloat32(float[][] block, int frames) throws IOException {
        ByteBuffer b = buffer;
        for (int i = 0; i < frames; i++) {
            if (b.remaining() < bytesPerFrame) {
                drain();
            }
            for (int c = 0; c < channelCount; c++) {
                b.putFloat(block[c][i]);
            }
        }
    }

    /** Clamps to [-1, 1]; NaN passes through (and then rounds to 0). */
    private static float clamp(float x) {
        if (x > 1f) {
            return 1f;
        }
        if (x < -1f) {
            return -1f;
        }
        return x;
    }

    /** xorshift64* step, top 24 bits as a float in [0, 1). */
    private float nextUniform() {
        long x = ditherState;
        x ^= x >>> 12;
        x ^= x << 25;
        x ^= x >>> 27;
        ditherState = x;
        return ((x * 0x2545_F491_4F6C_DD1DL) >>> 40) * 0x1.0p-24f;
    }

    private void drain() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }

    private void patchUint32(long position, long value) throws IOException {
        buffer.clear();
        buffer.putInt((int) value).flip();
        long p = position;
        while (buffer.hasRemaining()) {
            p += channel.write(buffer, p);
        }
        buffer.clear();
    }

    private static void putFourCc(ByteBuffer b, String id) {
        for (int i = 0; i < 4; i++) {
            b.put((byte) id.charAt(i));
        }
    }
}
