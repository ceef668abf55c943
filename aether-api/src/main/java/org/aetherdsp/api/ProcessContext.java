package org.aetherdsp.api;

/**
 * What a node knows about the block being processed. Read on the RT thread inside
 * {@link DspNode#process}; the engine owns the instance and updates it between blocks, so
 * a node must not keep a reference to compare across blocks (copy the values instead).
 */
public interface ProcessContext {

    /** @return the engine's sample rate in Hz, e.g. 48000 */
    float sampleRate();

    /** @return the number of frames in this block, equal to every buffer's length */
    int blockSize();

    /** @return the index of this block's first frame since the engine started (0-based) */
    long samplePosition();

    /**
     * A fixed context, for preparing a node and for tests that drive a node by hand.
     *
     * @param sampleRate     sample rate in Hz, positive and finite
     * @param blockSize      frames per block, positive
     * @param samplePosition position of the block's first frame, not negative
     * @return an immutable context
     * @throws IllegalArgumentException if a value is out of range
     */
    static ProcessContext of(float sampleRate, int blockSize, long samplePosition) {
        return new FixedProcessContext(sampleRate, blockSize, samplePosition);
    }
}
