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
     * Whether an input port of the node being processed has a source in the running graph (a
     * connection, or several summed). An unconnected input reads silence, so a node may skip the
     * work that only a signal there needs: an oscillator with nothing on its FM input skips the
     * per-sample modulation, a filter with nothing on its cutoff input computes its coefficients
     * once per block.
     *
     * <p>Valid inside {@link DspNode#process}; the answer changes only between blocks, when the
     * engine swaps in an edited graph. Contexts that know no graph (those made by
     * {@link #of}, the one {@link DspNode#prepare} receives) answer true for every port, so a
     * node driven by hand takes its general path.
     *
     * @param inputPort an input port of the node, from 0
     * @return false if nothing is connected to it (or there is no such port); true otherwise
     */
    default boolean isConnected(int inputPort) {
        return true;
    }

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
