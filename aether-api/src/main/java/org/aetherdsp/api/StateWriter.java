package org.aetherdsp.api;

/**
 * Where a node writes its internal state in {@link DspNode#saveState}. Implementations
 * write into space preallocated on the control side and never allocate. Values are
 * written in order and must be read back in the same order by {@link StateReader}.
 */
public interface StateWriter {
    /** @param v the value */
    void writeInt(int v);

    /** @param v the value */
    void writeLong(long v);

    /** @param v the value */
    void writeFloat(float v);

    /** @param v the value */
    void writeDouble(double v);

    /** @param v the value */
    void writeBoolean(boolean v);

    /**
     * @param src    source array
     * @param offset first element to write
     * @param length how many elements
     */
    void writeFloats(float[] src, int offset, int length);

    /**
     * @param src    source array
     * @param offset first element to write
     * @param length how many elements
     */
    void writeDoubles(double[] src, int offset, int length);
}
