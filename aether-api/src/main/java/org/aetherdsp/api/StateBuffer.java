package org.aetherdsp.api;

import java.util.Arrays;

/**
 * A preallocated, fixed-capacity byte buffer that is both a {@link StateWriter} and a
 * {@link StateReader} (big-endian). Created on the control thread with the capacity a
 * node declared in {@link DspNode#stateSize()}; written and read without allocation.
 * Writing past the capacity throws {@link IllegalStateException}: a node that writes more
 * than it declared is a bug the engine reports as a fault.
 */
public final class StateBuffer implements StateWriter, StateReader {

    private final byte[] bytes;
    private int writePos;
    private int readPos;

    /**
     * @param capacity the number of bytes it can hold
     */
    public StateBuffer(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative, got " + capacity);
        }
        this.bytes = new byte[capacity];
    }

    /**
     * A buffer holding a copy of {@code content}, ready to be read.
     *
     * @param content the bytes to read
     * @return the buffer
     */
    public static StateBuffer wrapCopy(byte[] content) {
        StateBuffer b = new StateBuffer(content.length);
        System.arraycopy(content, 0, b.bytes, 0, content.length);
        b.writePos = content.length;
        return b;
    }

    /** Empties the buffer for writing again. Does not allocate. */
    public void clear() {
        writePos = 0;
        readPos = 0;
    }

    /** @return the number of bytes written */
    public int size() {
        return writePos;
    }

    /** @return the capacity in bytes */
    public int capacity() {
        return bytes.length;
    }

    /** @return a copy of the bytes written so far (allocates: control side only) */
    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, writePos);
    }

    // Constant messages: saveState and loadState run on the RT thread, where even a failure
    // must not build strings. size() and capacity() tell the rest.
    private static final String OVERFLOW = "state overflow: a node wrote more than its stateSize()";
    private static final String UNDERFLOW = "state underflow: a node read more than was saved";

    private int claim(int n) {
        int p = writePos;
        if (n > bytes.length - p) {
            throw new IllegalStateException(OVERFLOW);
        }
        writePos = p + n;
        return p;
    }

    private int take(int n) {
        int p = readPos;
        if (n > writePos - p) {
            throw new IllegalStateException(UNDERFLOW);
        }
        readPos = p + n;
        return p;
    }

    @Override
    public void writeInt(int v) {
        int p = claim(4);
        bytes[p] = (byte) (v >>> 24);
        bytes[p + 1] = (byte) (v >>> 16);
        bytes[p + 2] = (byte) (v >>> 8);
        bytes[p + 3] = (byte) v;
    }

    @Override
    public void writeLong(long v) {
        writeInt((int) (v >>> 32));
        writeInt((int) v);
    }

    @Override
    public void writeFloat(float v) {
        writeInt(Float.floatToRawIntBits(v));
    }

    @Override
    public void writeDouble(double v) {
        writeLong(Double.doubleToRawLongBits(v));
    }

    @Override
    public void writeBoolean(boolean v) {
        bytes[claim(1)] = (byte) (v ? 1 : 0);
    }

    @Override
    public void writeFloats(float[] src, int offset, int length) {
        for (int i = 0; i < length; i++) {
            writeFloat(src[offset + i]);
        }
    }

    @Override
    public void writeDoubles(double[] src, int offset, int length) {
        for (int i = 0; i < length; i++) {
            writeDouble(src[offset + i]);
        }
    }

    @Override
    public int readInt() {
        int p = take(4);
        return (bytes[p] & 0xff) << 24 | (bytes[p + 1] & 0xff) << 16 | (bytes[p + 2] & 0xff) << 8 | (bytes[p + 3] & 0xff);
    }

    @Override
    public long readLong() {
        long hi = readInt();
        long lo = readInt() & 0xffff_ffffL;
        return hi << 32 | lo;
    }

    @Override
    public float readFloat() {
        return Float.intBitsToFloat(readInt());
    }

    @Override
    public double readDouble() {
        return Double.longBitsToDouble(readLong());
    }

    @Override
    public boolean readBoolean() {
        return bytes[take(1)] != 0;
    }

    @Override
    public void readFloats(float[] dst, int offset, int length) {
        for (int i = 0; i < length; i++) {
            dst[offset + i] = readFloat();
        }
    }

    @Override
    public void readDoubles(double[] dst, int offset, int length) {
        for (int i = 0; i < length; i++) {
            dst[offset + i] = readDouble();
        }
    }

    @Override
    public int remaining() {
        return writePos - readPos;
    }
}
