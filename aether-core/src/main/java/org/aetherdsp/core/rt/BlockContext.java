package org.aetherdsp.core.rt;

import org.aetherdsp.api.ProcessContext;

/**
 * The block the engine is processing: one instance per engine, advanced by the scheduler after
 * each block, and read by every node through its {@link NodeContext}.
 */
public final class BlockContext implements ProcessContext {
    private final float sampleRate;
    private final int blockSize;
    private long samplePosition;

    /**
     * @param sampleRate     sample rate in Hz
     * @param blockSize      frames per block
     * @param samplePosition the frame position of the first block
     */
    public BlockContext(float sampleRate, int blockSize, long samplePosition) {
        this.sampleRate = sampleRate;
        this.blockSize = blockSize;
        this.samplePosition = samplePosition;
    }

    @Override
    public float sampleRate() {
        return sampleRate;
    }

    @Override
    public int blockSize() {
        return blockSize;
    }

    @Override
    public long samplePosition() {
        return samplePosition;
    }

    void advance() {
        samplePosition += blockSize;
    }
}
