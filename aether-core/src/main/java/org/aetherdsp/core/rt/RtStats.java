package org.aetherdsp.core.rt;

import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Counters and the block time histogram, written by the RT thread and read by the control
 * thread. Each counter has a single writer (the RT thread), so it is advanced with a plain
 * read and a release store ({@code lazySet}): the reader may see a value one block old but
 * never a torn one, and the RT thread pays no fence. The histogram is HdrHistogram's
 * {@link SingleWriterRecorder}: wait-free, allocation-free recording, and the reader swaps
 * out interval histograms.
 */
public final class RtStats {

    /** Block times above this are recorded as this (10 s): the histogram never resizes. */
    static final long MAX_RECORDED_NANOS = 10_000_000_000L;

    final AtomicLong blocks = new AtomicLong();
    final AtomicLong commandsApplied = new AtomicLong();
    final AtomicLong deadlineMisses = new AtomicLong();
    final AtomicLong nonFiniteSamples = new AtomicLong();
    final AtomicLong faults = new AtomicLong();
    final AtomicLong returnRingFull = new AtomicLong();
    final AtomicLong limitedFrames = new AtomicLong();
    final SingleWriterRecorder blockNanos = new SingleWriterRecorder(1, MAX_RECORDED_NANOS, 3);

    static void add(AtomicLong counter, long delta) {
        counter.lazySet(counter.get() + delta);
    }

    /** @return blocks processed */
    public long blocks() {
        return blocks.get();
    }

    /** @return commands (messages: a whole transaction counts once) applied on the RT thread */
    public long commandsApplied() {
        return commandsApplied.get();
    }

    /** @return blocks that took longer than the deadline */
    public long deadlineMisses() {
        return deadlineMisses.get();
    }

    /** @return NaN or infinite samples replaced by 0 before reaching the host */
    public long nonFiniteSamples() {
        return nonFiniteSamples.get();
    }

    /** @return nodes that threw and were bypassed */
    public long faults() {
        return faults.get();
    }

    /** @return frames the host safety stage's limiter turned down (0 without a limiter) */
    public long limitedFrames() {
        return limitedFrames.get();
    }

    /** @return commands the RT thread could not hand back (should stay 0; see Scheduler) */
    public long returnRingFull() {
        return returnRingFull.get();
    }

    /**
     * The block-time recorder. The RT thread records into it; the control side takes interval
     * histograms out of it ({@link SingleWriterRecorder#getIntervalHistogram}), which is the
     * recorder's own single-writer, single-reader protocol.
     *
     * @return the recorder
     */
    public SingleWriterRecorder blockTimes() {
        return blockNanos;
    }
}
