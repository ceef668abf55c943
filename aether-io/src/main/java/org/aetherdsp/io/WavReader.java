package org.aetherdsp.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a whole WAV file into memory.
 *
 * <p>Accepts RIFF/WAVE with format tag 1 (16-, 24- or 32-bit integer PCM), 3 (32-bit
 * float) or 0xFFFE (WAVE_FORMAT_EXTENSIBLE whose SubFormat is PCM or float with those
 * sizes). Unknown chunks ({@code LIST}, {@code bext}, {@code fact}, ...) are skipped,
 * honouring the pad byte after odd-sized chunks. Every size field is checked against
 * the file length before anything is allocated, so a forged header produces a
 * {@link WavFormatException}, not an out-of-memory error. A trailing partial frame in
 * the data chunk is ignored.
 *
 * <p>Threading: stateless; any thread, blocking I/O.
 */
public final class WavReader {
    private static final int FMT_READ_BYTES = 40; // enough for WAVE_FORMAT_EXTENSIBLE
    private static final int READ_CHUNK_BYTES = 64 * 1024;

    private WavReader() {
    }

    /**
     * Reads and decodes {@code path}.
     *
     * @param path a WAV file
     * @return its format and samples
     * @throws WavFormatException if the file is not a WAV file this reader supports or is
     *                            malformed; the message names the file and the problem
     * @throws IOException        if reading fails, or the file holds more frames per
     *                            channel than a Java array can
     */
    public static WavData read(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return read(path, ch);
        }
    }

    private static WavData read(Path path, FileChannel ch) throws IOException {
        long fileSize = ch.size();
        ByteBuffer head = ByteBuffer.allocate(FMT_READ_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        if (fileSize < 12) {
            throw bad(path, "file is " + fileSize
                    + " bytes, too short for a RIFF/WAVE header (12 bytes)");
        }
        readFully(path, ch, head, 0, 12);
        String riff = fourCc(head, 0);
        if (!riff.equals("RIFF")) {
            if (riff.equals("RIFX") || riff.equals("RF64") || riff.equals("BW64")) {
                throw bad(path, riff + " files are not supported, only little-endian RIFF");
            }
            throw bad(path, "not a RIFF/WAVE file: starts with '" + riff + "', expected 'RIFF'");
        }
        String wave = fourCc(head, 8);
        if (!wave.equals("WAVE")) {
            throw bad(path, "RIFF file of form '" + wave + "', not 'WAVE'");
        }
        // The RIFF size is not trusted: writers that never finished leave 0 or 0xFFFFFFFF
        // there. Chunks are bounded by the real file length, and the scan stops once fmt
        // and data are found, so bytes after the RIFF form do not matter.
        long end = fileSize;

        Fmt fmt = null;
        long dataStart = -1;
        long dataBytes = 0;
        long pos = 12;
        while (pos + 8 <= end && (fmt == null || dataStart < 0)) {
            readFully(path, ch, head, pos, 8);
            String id = fourCc(head, 0);
            long size = uint32(head, 4);
            long body = pos + 8;
            long remaining = end - body;
            if (id.equals("fmt ")) {
                if (size < 16) {
                    throw bad(path, "fmt chunk is " + size + " bytes; at least 16 are needed");
                }
                if (size > remaining) {
                    throw bad(path, "truncated fmt chunk: it declares " + size
                            + " bytes but only " + remaining + " remain in the file");
                }
                int n = (int) Math.min(size, FMT_READ_BYTES);
                readFully(path, ch, head, body, n);
                fmt = parseFmt(path, head, n);
            } else if (id.equals("data")) {
                if (size > remaining) {
                    throw bad(path, "truncated data chunk: it declares " + size
                            + " bytes but only " + remaining + " remain in the file"
                            + (size == 0xFFFF_FFFFL ? " (0xFFFFFFFF is a writer's placeholder:"
                            + " the file was probably never closed)" : ""));
                }
                dataStart = body;
                dataBytes = size;
            } else if (size > remaining) {
                throw bad(path, "truncated '" + id + "' chunk at offset " + pos + ": it declares "
                        + size + " bytes but only " + remaining + " remain in the file");
            }
            pos = body + size + (size & 1);
        }
        if (fmt == null || dataStart < 0) {
            String missing = fmt == null ? "fmt" : "data";
            String where = pos < end
                    ? "; a truncated chunk header starts at offset " + pos
                    : "; the file ends at byte " + fileSize;
            throw bad(path, "no " + missing + " chunk" + where);
        }

        long frames = dataBytes / fmt.blockAlign;
        if (frames > Integer.MAX_VALUE - 8) {
            throw new IOException(path + ": " + frames
                    + " frames per channel do not fit in a Java array");
        }
        float[][] samples = new float[fmt.channels][(int) frames];
        decode(path, ch, fmt, dataStart, (int) frames, samples);
        return new WavData(fmt.sampleRate, fmt.format, (int) frames, samples);
    }

    private static Fmt parseFmt(Path path, ByteBuffer b, int n) throws WavFormatException {
        int tag = uint16(b, 0);
        int channels = uint16(b, 2);
        long sampleRate = uint32(b, 4);
        int blockAlign = uint16(b, 12);
        int bits = uint16(b, 14);
        int effectiveTag = tag;
        if (tag == WavFormat.TAG_EXTENSIBLE) {
            if (n < 40 || uint16(b, 16) < 22) {
                throw bad(path, "WAVE_FORMAT_EXTENSIBLE fmt chunk is too short for its"
                        + " SubFormat GUID (needs 40 bytes with cbSize 22)");
            }
            effectiveTag = uint16(b, 24);
            for (int i = 0; i < WavWriter.SUBFORMAT_GUID_TAIL.length; i++) {
                if (b.get(26 + i) != WavWriter.SUBFORMAT_GUID_TAIL[i]) {
                    throw bad(path, "unsupported WAVE_FORMAT_EXTENSIBLE SubFormat GUID"
                            + " (not a KSDATAFORMAT_SUBTYPE_* GUID)");
                }
            }
        }
        String tagText = tag == WavFormat.TAG_EXTENSIBLE
                ? "WAVE_FORMAT_EXTENSIBLE subformat " + effectiveTag : "format tag " + tag;
        WavFormat format;
        if (effectiveTag == WavFormat.TAG_PCM) {
            if (bits == 16) {
                format = WavFormat.PCM_16;
            } else if (bits == 24) {
                format = WavFormat.PCM_24;
            } else if (bits == 32) {
                format = WavFormat.PCM_32;
            } else {
                throw bad(path, "unsupported PCM sample size: " + bits
                        + " bits (supported: 16, 24, 32)");
            }
        } else if (effectiveTag == WavFormat.TAG_IEEE_FLOAT) {
            if (bits != 32) {
                throw bad(path, "unsupported IEEE float sample size: " + bits
                        + " bits (supported: 32)");
            }
            format = WavFormat.FLOAT_32;
        } else {
            throw bad(path, "unsupported " + tagText + String.format(" (0x%04X)", effectiveTag)
                    + "; supported: 1 (PCM), 3 (IEEE float), 0xFFFE (extensible PCM or float)");
        }
        if (channels == 0) {
            throw bad(path, "fmt chunk declares 0 channels");
        }
        if (sampleRate == 0 || sampleRate > Integer.MAX_VALUE) {
            throw bad(path, "fmt chunk declares an invalid sample rate " + sampleRate);
        }
        int expectedAlign = channels * format.bytesPerSample();
        if (blockAlign != expectedAlign) {
            throw bad(path, "fmt chunk block align is " + blockAlign + " but " + channels
                    + " channels of " + bits + "-bit samples need " + expectedAlign);
        }
        return new Fmt(format, channels, (int) sampleRate, blockAlign);
    }

    private static void decode(Path path, FileChannel ch, Fmt fmt, long dataStart, int frames,
                               float[][] out) throws IOException {
        int chunkFrames = Math.max(1, READ_CHUNK_BYTES / fmt.blockAlign);
        ByteBuffer b = ByteBuffer.allocate(chunkFrames * fmt.blockAlign)
                .order(ByteOrder.LITTLE_ENDIAN);
        int channels = fmt.channels;
        long pos = dataStart;
        int frame = 0;
        while (frame < frames) {
            int n = Math.min(chunkFrames, frames - frame);
            int bytes = n * fmt.blockAlign;
            readFully(path, ch, b, pos, bytes);
            pos += bytes;
            int end = frame + n;
            switch (fmt.format) {
                case PCM_16:
                    for (int i = frame; i < end; i++) {
                        for (int c = 0; c < channels; c++) {
                            out[c][i] = b.getShort() / 32767f;
                        }
                    }
                    break;
                case PCM_24:
                    for (int i = frame; i < end; i++) {
                        for (int c = 0; c < channels; c++) {
                            int lo = b.get() & 0xFF;
                            int mid = b.get() & 0xFF;
                            int hi = b.get(); // sign-extends
                            out[c][i] = ((hi << 16) | (mid << 8) | lo) / 8_388_607f;
                        }
                    }
                    break;
                case PCM_32:
                    for (int i = frame; i < end; i++) {
                        for (int c = 0; c < channels; c++) {
                            out[c][i] = (float) (b.getInt() / 2_147_483_647.0);
                        }
                    }
                    break;
                case FLOAT_32:
                    for (int i = frame; i < end; i++) {
                        for (int c = 0; c < channels; c++) {
                            out[c][i] = b.getFloat();
                        }
                    }
                    break;
                default:
                    throw new AssertionError(fmt.format);
            }
            frame = end;
        }
    }

    /** Reads exactly {@code length} bytes at {@code position} into {@code b}, ready to get. */
    private static void readFully(Path path, FileChannel ch, ByteBuffer b, long position,
                                  int length) throws IOException {
        b.clear().limit(length);
        long p = position;
        while (b.hasRemaining()) {
            int n = ch.read(b, p);
            if (n < 0) {
                throw bad(path, "file ended at byte " + p + " while reading "
                        + length + " bytes from offset " + position);
            }
            p += n;
        }
        b.flip();
    }

    private static String fourCc(ByteBuffer b, int offset) {
        StringBuilder s = new StringBuilder(4);
        for (int i = 0; i < 4; i++) {
            int c = b.get(offset + i) & 0xFF;
            if (c >= 0x20 && c < 0x7F) {
                s.append((char) c);
            } else {
                s.append(String.format("\\x%02X", c));
            }
        }
        return s.toString();
    }

    private static int uint16(ByteBuffer b, int offset) {
        return b.getShort(offset) & 0xFFFF;
    }

    private static long uint32(ByteBuffer b, int offset) {
        return b.getInt(offset) & 0xFFFF_FFFFL;
    }

    private static WavFormatException bad(Path path, String what) {
        return new WavFormatException(path + ": " + what);
    }

    private static final class Fmt {
        final WavFormat format;
        final int channels;
        final int sampleRate;
        final int blockAlign;

        Fmt(WavFormat format, int channels, int sampleRate, int blockAlign) {
            this.format = format;
            this.channels = channels;
            this.sampleRate = sampleRate;
            this.blockAlign = blockAlign;
        }
    }
}
