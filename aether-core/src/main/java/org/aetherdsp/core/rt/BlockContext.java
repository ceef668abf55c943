package org.aetherdsp.core.rt;

import org.aetherdsp.api.ProcessContext;

/** The engine's mutable {@link ProcessContext}: one instance, advanced by the scheduler. */
final class BlockContext implements ProcessContext {
    private final float sampleRate;
    private final int blockSize;
    private long samplePosition;

    BlockContext(float sampleRate, int blockSize, long samplePosition) {
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
