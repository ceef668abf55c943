package org.aetherdsp.api;

/**
 * Where a node reads back what it wrote through {@link StateWriter}, in the same order,
 * in {@link DspNode#loadState}. Never allocates. Reading past the end throws
 * {@link IllegalStateException}.
 */
public interface StateReader {
    /** @return the next value */
    int readInt();

    /** @return the next value */
    long readLong();

    /** @return the next value */
    float readFloat();

    /** @return the next value */
    double readDouble();

    /** @return the next value */
    boolean readBoolean();

    /**
     * @param dst    destination array
     * @param offset first element to fill
     * @param length how many elements
     */
    void readFloats(float[] dst, int offset, int length);

    /**
     * @param dst    destination array
     * @param offset first element to fill
     * @param length how many elements
     */
    void readDoubles(double[] dst, int offset, int length);

    /** @return bytes left to read */
    int remaining();
}
