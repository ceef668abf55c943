package org.aetherdsp.io.audiotest;

import org.aetherdsp.io.driver.CallbackProbe;
import org.aetherdsp.testkit.AllocationProbe;

/**
 * Counts the bytes a driver's RT thread allocates, after a warm-up number of callbacks, two ways:
 * <ul>
 *   <li>inside the driver's callback (ours: the driver, the block adapter and the engine), and
 *       between two callbacks on the same thread (the binding's dispatch: JNA, jnajack);</li>
 *   <li>per whole cycle: from the end of one callback to the end of the next, so the binding's
 *       dispatch and our work together (what a thread that must never allocate is judged by).</li>
 * </ul>
 * The counter is per thread, so the probe also counts how often the callback ran on a
 * different {@code Thread} than the one before (a binding that attached and detached the
 * native thread each cycle would make a new one every time, and per-thread deltas would then
 * mean nothing). Written by the RT thread, read after the driver stopped.
 */
public final class ThreadAllocation implements CallbackProbe {

    /** Allocating callbacks or cycles: how many, the last, and the first few (preallocated, for the report). */
    private static final class Tally {
        private final long[] index = new long[16];
        private final long[] bytes = new long[16];
        private volatile long count;
        private volatile long last = -1;
        private volatile long total;

        void add(long callback, long b) {
            total += b;
            if (b == 0) {
                return;
            }
            int k = (int) count;
            if (k < index.length) {
                index[k] = callback;
                bytes[k] = b;
            }
            count++;
            last = callback;
        }

        String describe() {
            StringBuilder s = new StringBuilder();
            for (int k = 0; k < Math.min(count, index.length); k++) {
                s.append(k == 0 ? "" : ", ").append('#').append(index[k]).append(": ").append(bytes[k]).append(" B");
            }
            return s.toString();
        }
    }

    private final long warmupCallbacks;
    private long callbacks;
    private long enteredAt;
    private long exitedAt = -1;
    private volatile long between;
    private volatile long measured;
    private final Runnable onCallback;
    private final Tally inside = new Tally();
    private final Tally cycles = new Tally();
    private Thread thread;
    private volatile long threadChanges;

    /**
     * @param warmupCallbacks callbacks not counted
     * @param onCallback      run inside every callback after the measurement started (may be a no-op)
     */
    public ThreadAllocation(long warmupCallbacks, Runnable onCallback) {
        this.warmupCallbacks = warmupCallbacks;
        this.onCallback = onCallback;
    }

    @Override
    public void enter() {
        enteredAt = AllocationProbe.currentThread();
        if (callbacks > warmupCallbacks && exitedAt >= 0) {
            between += enteredAt - exitedAt;
        }
    }

    @Override
    public void exit() {
        callbacks++;
        if (callbacks > warmupCallbacks) {
            onCallback.run();
        }
        long now = AllocationProbe.currentThread();
        Thread t = Thread.currentThread();
        if (callbacks > warmupCallbacks) {
            inside.add(callbacks, now - enteredAt);
            if (t == thread) {
                cycles.add(callbacks, now - exitedAt);
            } else if (thread != null) {
                threadChanges++; // the cycle's bytes would span two threads' counters: not counted
            }
            measured++;
        }
        thread = t;
        exitedAt = AllocationProbe.currentThread();
    }

    /** @return bytes allocated inside measured callbacks (the driver's and engine's code) */
    public long insideBytes() {
        return inside.total;
    }

    /** @return the number of the last callback that allocated inside (counted from 1), or -1 */
    public long lastAllocatingCallback() {
        return inside.last;
    }

    /** @return callbacks counted so far */
    public long callbacks() {
        return callbacks;
    }

    /** @return "callback#bytes" for the first callbacks that allocated inside */
    public String allocations() {
        return inside.describe();
    }

    /** @return measured callbacks that allocated anything inside */
    public long allocatingCallbacks() {
        return inside.count;
    }

    /** @return bytes allocated on the RT thread between measured callbacks (the binding's) */
    public long betweenBytes() {
        return between;
    }

    /** @return bytes allocated on the RT thread over measured whole cycles (dispatch and callback) */
    public long cycleBytes() {
        return cycles.total;
    }

    /** @return measured whole cycles (end of the previous callback to end of this one) that allocated anything */
    public long allocatingCycles() {
        return cycles.count;
    }

    /** @return the number of the callback ending the last allocating whole cycle, or -1 */
    public long lastAllocatingCycle() {
        return cycles.last;
    }

    /** @return "callback#bytes" for the first allocating whole cycles */
    public String cycleAllocations() {
        return cycles.describe();
    }

    /** @return how often a measured callback ran on another {@code Thread} than the callback before it */
    public long threadChanges() {
        return threadChanges;
    }

    /** @return callbacks measured */
    public long measuredCallbacks() {
        return measured;
    }
}
