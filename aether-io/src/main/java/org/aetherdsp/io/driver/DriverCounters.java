package org.aetherdsp.io.driver;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The counters behind {@link DriverStats}. Each is written by one thread only (the RT thread,
 * or for xruns the device's notification thread), so an ordered write ({@code lazySet}) after
 * a plain read is enough: the control thread reading them needs recent values, not a
 * consistent cut across counters. Allocation-free on the writing side.
 */
public final class DriverCounters {

    private final AtomicLong callbacks = new AtomicLong();
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong xruns = new AtomicLong();
    private final AtomicLong busyNanos = new AtomicLong();
    private volatile long startNanos;

    /** Marks the start of the wall clock. Control thread, before the RT thread runs. */
    public void started() {
        startNanos = System.nanoTime();
    }

    /**
     * Counts one callback. RT thread.
     *
     * @param frameCount frames it delivered
     * @param busy       nanoseconds it took
     */
    public void callback(int frameCount, long busy) {
        callbacks.lazySet(callbacks.get() + 1);
        frames.lazySet(frames.get() + frameCount);
        busyNanos.lazySet(busyNanos.get() + busy);
    }

    /** Counts one xrun. The thread that learns about xruns (one thread only). */
    public void xrun() {
        xruns.lazySet(xruns.get() + 1);
    }

    /** @return xruns counted so far; any thread */
    public long xruns() {
        return xruns.get();
    }

    /**
     * Reports this driver's counters with the engine's own ({@code Engine.stats().counters()}):
     * its xruns, and the drops of the MIDI input it feeds, if any. Control thread, once.
     *
     * @param engine the engine the driver plays
     * @param midi   the driver's MIDI input, or null
     */
    public void register(org.aetherdsp.core.engine.Engine engine, org.aetherdsp.io.midi.MidiInput midi) {
        engine.registerCounter("driver.xruns", this::xruns);
        if (midi != null) {
            engine.registerCounter("midi.dropped", midi::dropped);
        }
    }

    /** @return the counters now; any thread */
    public DriverStats snapshot() {
        long start = startNanos;
        return new DriverStats(callbacks.get(), frames.get(), xruns.get(), busyNanos.get(),
                start == 0 ? 0 : System.nanoTime() - start);
    }
}
