package org.aetherdsp.api;

/** The immutable {@link ProcessContext} behind {@link ProcessContext#of}. */
record FixedProcessContext(float sampleRate, int blockSize, long samplePosition) implements ProcessContext {
    FixedProcessContext {
        if (!(sampleRate > 0f) || Float.isInfinite(sampleRate)) {
            throw new IllegalArgumentException("sample rate must be positive and finite, got " + sampleRate);
        }
        if (blockSize <= 0) {
            throw new IllegalArgumentException("block size must be positive, got " + blockSize);
        }
        if (samplePosition < 0) {
            throw new IllegalArgumentException("sample position must not be negative, got " + samplePosition);
        }
    }
}
