package org.aetherdsp.core.engine;

import java.util.Locale;
import java.util.Map;

/**
 * What the RT thread has done since the engine was built, and how its last second went: every
 * counter of the engine in one place. Taken by {@link Engine#stats()} on the control side.
 *
 * @param blocks            blocks processed
 * @param commandsApplied   messages applied on the RT thread (a whole transaction counts once)
 * @param deadlineMisses    blocks whose processing took longer than {@code deadlineNanos}
 * @param nonFiniteSamples  NaN or infinite samples replaced by silence before the host, or kept out
 *                          of a feedback connection (an unstable loop)
 * @param faults            nodes that threw and were bypassed
 * @param deadlineNanos     one block's duration at the sample rate
 * @param meanNanos         mean block processing time, since the start
 * @param p50Nanos          median block processing time, since the start
 * @param p99Nanos          99th percentile, since the start
 * @param p999Nanos         99.9th percentile, since the start
 * @param p9999Nanos        99.99th percentile, since the start
 * @param maxNanos          longest block, since the start
 * @param limitedFrames     frames the host safety stage's limiter turned down (0 without one)
 * @param refusedEdits      control-side edits refused because the command ring was full
 * @param lastSecond        the block times of about the last second
 * @param counters          every other counter, by name: the engine's own
 *                          ({@code param-events.refused}, {@code param-events.dropped},
 *                          {@code commands.return-ring-full}) and those registered with
 *                          {@link Engine#registerCounter} (a MIDI input's drops, a recorder's)
 */
public record EngineStats(long blocks, long commandsApplied, long deadlineMisses, long nonFiniteSamples, long faults,
                          long deadlineNanos, double meanNanos, long p50Nanos, long p99Nanos, long p999Nanos, long p9999Nanos,
                          long maxNanos, long limitedFrames, long refusedEdits, BlockTimes lastSecond,
                          Map<String, Long> counters) {

    /** Copies the counters. */
    public EngineStats {
        counters = Map.copyOf(counters);
    }

    /**
     * Block times over an interval.
     *
     * @param blocks     blocks in the interval
     * @param spanNanos  how long the interval is (about a second, or less just after the start)
     * @param meanNanos  mean block time
     * @param p50Nanos   median
     * @param p99Nanos   99th percentile
     * @param p999Nanos  99.9th percentile
     * @param maxNanos   longest block
     * @param misses     blocks over the deadline
     */
    public record BlockTimes(long blocks, long spanNanos, double meanNanos, long p50Nanos, long p99Nanos, long p999Nanos,
                             long maxNanos, long misses) {
    }

    /** @return a one-paragraph human summary, times in microseconds */
    public String summary() {
        StringBuilder extra = new StringBuilder();
        if (limitedFrames != 0) {
            extra.append(", limited frames ").append(limitedFrames);
        }
        if (refusedEdits != 0) {
            extra.append(", refused edits ").append(refusedEdits);
        }
        counters.entrySet().stream().filter(e -> e.getValue() != 0).sorted(Map.Entry.comparingByKey())
                .forEach(e -> extra.append(", ").append(e.getKey()).append(' ').append(e.getValue()));
        return String.format(Locale.ROOT,
                "blocks %d, block time mean %.1f us, p50 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us"
                        + " (deadline %.1f us, %.2f%% of it at p99), deadline misses %d, commands %d, non-finite samples %d, faults %d",
                blocks, meanNanos / 1e3, p50Nanos / 1e3, p99Nanos / 1e3, p999Nanos / 1e3, maxNanos / 1e3,
                deadlineNanos / 1e3, 100.0 * p99Nanos / deadlineNanos, deadlineMisses, commandsApplied, nonFiniteSamples, faults)
                + extra;
    }
}
