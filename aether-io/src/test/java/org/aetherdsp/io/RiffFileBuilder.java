package org.aetherdsp.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Assembles RIFF/WAVE files chunk by chunk, including malformed ones. */
final class RiffFileBuilder {
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private Long riffSizeOverride;

    /** Appends a chunk with its true size and, for an odd size, a pad byte. */
    RiffFileBuilder chunk(String id, byte[] data) {
        return chunk(id, data.length, data, true);
    }

    /** Appends a chunk whose size field says {@code declaredSize}, followed by {@code data}. */
    RiffFileBuilder chunk(String id, long declaredSize, byte[] data, boolean pad) {
        body.writeBytes(id.getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(le32(declaredSize));
        body.writeBytes(data);
        if (pad && (data.length & 1) != 0) {
            body.write(0);
        }
        return this;
    }

    RiffFileBuilder riffSize(long size) {
        riffSizeOverride = size;
        return this;
    }

    byte[] bytes() {
        byte[] b = body.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("RIFF".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(le32(riffSizeOverride != null ? riffSizeOverride : 4 + b.length));
        out.writeBytes("WAVE".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(b);
        return out.toByteArray();
    }

    Path writeTo(Path file) throws IOException {
        return Files.write(file, bytes());
    }

    /** A 16-byte fmt body. */
    static byte[] fmt(int tag, int channels, int sampleRate, int bits) {
        int align = channels * bits / 8;
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) tag).putShort((short) channels).putInt(sampleRate)
                .putInt(sampleRate * align).putShort((short) align).putShort((short) bits)
                .array();
    }

    /** A 40-byte WAVE_FORMAT_EXTENSIBLE fmt body with the given SubFormat tag. */
    static byte[] fmtExtensible(int subTag, int channels, int sampleRate, int bits) {
        int align = channels * bits / 8;
        ByteBuffer b = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 0xFFFE).putShort((short) channels).putInt(sampleRate)
                .putInt(sampleRate * align).putShort((short) align).putShort((short) bits)
                .putShort((short) 22).putShort((short) bits).putInt(3)
                .putShort((short) subTag);
        b.put(new byte[] {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00,
            0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71});
        return b.array();
    }

    static byte[] pcm16(short... samples) {
        ByteBuffer b = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : samples) {
            b.putShort(s);
        }
        return b.array();
    }

    static byte[] le32(long v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array();
    }
}
