package org.aetherdsp.core.engine;

import java.util.Locale;

/**
 * A control-side snapshot of what the RT thread has done since the engine was built.
 *
 * @param blocks            blocks processed
 * @param commandsApplied   commands applied on the RT thread
 * @param deadlineMisses    blocks whose processing took longer than {@code deadlineNanos}
 * @param nonFiniteSamples  NaN or infinite samples replaced by silence before the host
 * @param faults            nodes that threw and were bypassed
 * @param deadlineNanos     one block's duration at the sample rate
 * @param meanNanos         mean block processing time
 * @param p50Nanos          median block processing time
 * @param p99Nanos          99th percentile
 * @param p999Nanos         99.9th percentile
 * @param p9999Nanos        99.99th percentile
 * @param maxNanos          longest block
 */
public record EngineStats(long blocks, long commandsApplied, long deadlineMisses, long nonFiniteSamples, long faults,
                          long deadlineNanos, double meanNanos, long p50Nanos, long p99Nanos, long p999Nanos, long p9999Nanos,
                          long maxNanos) {

    /** @return a one-paragraph human summary, times in microseconds */
    public String summary() {
        return String.format(Locale.ROOT,
                "blocks %d, block time mean %.1f us, p50 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us"
                        + " (deadline %.1f us, %.2f%% of it at p99), deadline misses %d, commands %d, non-finite samples %d, faults %d",
                blocks, meanNanos / 1e3, p50Nanos / 1e3, p99Nanos / 1e3, p999Nanos / 1e3, maxNanos / 1e3,
                deadlineNanos / 1e3, 100.0 * p99Nanos / deadlineNanos, deadlineMisses, commandsApplied, nonFiniteSamples, faults);
    }
}
