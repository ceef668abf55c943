package org.aetherdsp.core.engine;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.aetherdsp.core.graph.UserText;
import org.aetherdsp.core.rt.ParamEventRing;
import org.aetherdsp.core.rt.RtStats;

/**
 * Every counter of an engine, read in one place: the RT thread's statistics, the frame-stamped
 * event ring's, the control side's refusals, and counters registered by whatever feeds the
 * engine (a MIDI input, a recorder). Also keeps the block-time histograms: one since the start,
 * and the intervals of about the last second.
 *
 * <p>Threads: any control thread; {@link #stats} and {@link #register} are serialised on this
 * object's monitor, which the RT thread never touches (it records into a wait-free
 * {@code SingleWriterRecorder}). The engine's graph lock is not needed, so a status display
 * never waits for an edit.
 */
final class Telemetry {

    /** The "last second" keeps intervals ending within this long before now. */
    private static final long WINDOW_NANOS = 1_000_000_000L;
    private static final int MAX_INTERVALS = 64;

    private final RtStats rt;
    private final long deadlineNanos;
    private final Histogram total = new Histogram(1, 10_000_000_000L, 3);
    private final ArrayDeque<Interval> recent = new ArrayDeque<>();
    private Histogram spare;
    private long lastHarvest = System.nanoTime();
    private final LongSupplier refusedEdits;
    private final Map<String, LongSupplier> counters = new LinkedHashMap<>();
    /** The counters of the nodes in the graph ({@code NodeCounters}), replaced whole by the control side. */
    private volatile Map<String, LongSupplier> nodeCounters = Map.of();

    private record Interval(long start, long end, Histogram times) {
    }

    Telemetry(RtStats rt, ParamEventRing events, long deadlineNanos, LongSupplier refusedEdits) {
        this.rt = rt;
        this.refusedEdits = refusedEdits;
        this.deadlineNanos = deadlineNanos;
        counters.put("param-events.refused", events::refused);
        counters.put("param-events.dropped", events::dropped);
        counters.put("commands.return-ring-full", rt::returnRingFull);
    }

    synchronized void register(String name, LongSupplier counter) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a counter needs a name, got " + UserText.quote(name));
        }
        if (ENGINE_COUNTERS.contains(name)) {
            throw new IllegalArgumentException("counter " + UserText.quote(name) + " is the engine's own");
        }
        counters.put(name, Objects.requireNonNull(counter, "counter"));
    }

    private static final java.util.Set<String> ENGINE_COUNTERS =
            java.util.Set.of("param-events.refused", "param-events.dropped", "commands.return-ring-full");

    /** Replaces the nodes' counters: the control side, when a counting node joins or leaves the graph. */
    void nodeCounters(Map<String, LongSupplier> byName) {
        nodeCounters = Map.copyOf(byName);
    }

    synchronized EngineStats stats() {
        long now = System.nanoTime();
        Histogram interval = spare == null ? rt.blockTimes().getIntervalHistogram()
                : rt.blockTimes().getIntervalHistogram(spare);
        spare = null;
        total.add(interval);
        recent.addLast(new Interval(lastHarvest, now, interval));
        lastHarvest = now;
        Histogram window = new Histogram(1, 10_000_000_000L, 3);
        long from = now;
        while (recent.size() > MAX_INTERVALS || (recent.size() > 1 && recent.peekFirst().end() < now - WINDOW_NANOS)) {
            Interval gone = recent.removeFirst();
            if (spare == null) {
                gone.times().reset();
                spare = gone.times();
            }
        }
        for (Interval i : recent) {
            window.add(i.times());
            from = Math.min(from, i.start());
        }
        EngineStats.BlockTimes lastSecond = new EngineStats.BlockTimes(window.getTotalCount(), now - from,
                window.getTotalCount() == 0 ? 0 : window.getMean(), window.getValueAtPercentile(50),
                window.getValueAtPercentile(99), window.getValueAtPercentile(99.9), window.getMaxValue(),
                window.getMaxValue() <= deadlineNanos ? 0 : window.getCountBetweenValues(deadlineNanos + 1, window.getMaxValue()));
        Map<String, Long> values = new LinkedHashMap<>();
        counters.forEach((name, counter) -> values.put(name, counter.getAsLong()));
        nodeCounters.forEach((name, counter) -> values.put(name, counter.getAsLong()));
        return new EngineStats(rt.blocks(), rt.commandsApplied(), rt.deadlineMisses(), rt.nonFiniteSamples(), rt.faults(),
                deadlineNanos, total.getTotalCount() == 0 ? 0 : total.getMean(), total.getValueAtPercentile(50),
                total.getValueAtPercentile(99), total.getValueAtPercentile(99.9), total.getValueAtPercentile(99.99),
                total.getMaxValue(), rt.limitedFrames(), refusedEdits.getAsLong(), lastSecond, values);
    }
}
