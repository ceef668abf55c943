package org.aetherdsp.cli;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.aetherdsp.core.engine.CommandQueueFullException;
import org.aetherdsp.core.engine.Engine;

/**
 * A control thread that edits an engine as fast as the engine accepts edits, for
 * {@code aether bench --edit-storm}: it adds a sine oscillator and a gain, sets their
 * parameters, connects them to each other and to the host (at gain 0, so the output does not
 * change), then undoes it all, over and over. Every structural edit compiles a new plan on
 * this thread while the RT thread keeps running the previous one.
 *
 * <p>When the command ring is full (the RT thread applies a bounded number of commands per
 * block), the edit is retried after a short park: a real application would do the same.
 * With a rate, the thread parks between edits so that they start on a fixed schedule (a
 * late edit does not make the next ones come faster than the schedule catches up).
 */
final class EditStorm implements Runnable {

    private static final long FULL_BACKOFF_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    private final Engine engine;
    /** Nanoseconds between edit starts; 0 for no pause. */
    private final long periodNanos;
    private long nextStart;
    private final Histogram editNanos = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
    private volatile boolean stop;
    private volatile Throwable failure;
    private long edits;
    private long queueFull;
    private long wallNanos;

    /**
     * @param engine        the engine to edit
     * @param editsPerSecond the pace, or 0 to edit without pause
     */
    EditStorm(Engine engine, double editsPerSecond) {
        this.engine = engine;
        this.periodNanos = editsPerSecond > 0 ? Math.max(1, (long) (1e9 / editsPerSecond)) : 0;
    }

    /** Asks the storm to stop after its current edit. */
    void stop() {
        stop = true;
    }

    @Override
    public void run() {
        long start = System.nanoTime();
        nextStart = start;
        try {
            float f = 220f;
            while (!stop) {
                long osc = edit(() -> engine.add("std.osc.sine"));
                long gain = edit(() -> engine.add("std.gain"));
                float freq = f;
                edit(() -> { engine.setParam(osc, "freq", freq, 5f); return 0; });
                edit(() -> { engine.setParam(gain, "gain", 0f, 0f); return 0; });
                edit(() -> { engine.connect(osc, 0, gain, 0); return 0; });
                edit(() -> { engine.connectOutput(gain, 0, 0); return 0; });
                edit(() -> { engine.disconnectOutput(gain, 0, 0); return 0; });
                edit(() -> { engine.disconnect(osc, 0, gain, 0); return 0; });
                edit(() -> { engine.remove(gain); return 0; });
                edit(() -> { engine.remove(osc); return 0; });
                f = f >= 880f ? 220f : f * 1.06f;
            }
        } catch (Throwable t) {
            failure = t;
        } finally {
            wallNanos = System.nanoTime() - start;
        }
    }

    private long edit(LongSupplier e) {
        if (periodNanos > 0) {
            nextStart += periodNanos;
            long wait = nextStart - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else if (-wait > 1_000_000_000L) {
                nextStart = System.nanoTime(); // more than a second behind: do not burst to catch up
            }
        }
        while (true) {
            long t0 = System.nanoTime();
            try {
                long r = e.getAsLong();
                editNanos.recordValue(Math.min(System.nanoTime() - t0, editNanos.getHighestTrackableValue()));
                edits++;
                return r;
            } catch (CommandQueueFullException full) {
                queueFull++;
                LockSupport.parkNanos(FULL_BACKOFF_NANOS);
            }
        }
    }

    /** @return what made the storm stop early, or null */
    Throwable failure() {
        return failure;
    }

    /** @return edits accepted (read after the thread has ended) */
    long edits() {
        return edits;
    }

    /** @return edits refused because the command ring was full, and retried */
    long queueFull() {
        return queueFull;
    }

    /** @return how long the storm ran */
    long wallNanos() {
        return wallNanos;
    }

    /** @return the duration of each accepted edit call (validation, plan compile, enqueue) */
    Histogram editNanos() {
        return editNanos;
    }
}
