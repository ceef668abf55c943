package org.aetherdsp.io.audiotest;

import org.aetherdsp.io.driver.CallbackProbe;
import org.aetherdsp.testkit.AllocationProbe;

/**
 * Counts the bytes a driver's RT thread allocates, split into what happens inside the
 * driver's callback (ours: the driver, the block adapter and the engine) and what happens on
 * the same thread between two callbacks (the binding's: JNA and jnajack's dispatch), after a
 * warm-up number of callbacks. Written by the RT thread, read after the driver stopped.
 */
public final class ThreadAllocation implements CallbackProbe {

    private final long warmupCallbacks;
    private long callbacks;
    private long enteredAt;
    private long exitedAt = -1;
    private volatile long inside;
    private volatile long between;
    private volatile long allocatingCallbacks;
    private volatile long measured;
    private final Runnable onCallback;
    /** The first allocating callbacks: their index and bytes (preallocated, for the report). */
    private final long[] allocIndex = new long[16];
    private final long[] allocBytes = new long[16];
    private volatile long lastAllocating = -1;

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
        if (callbacks > warmupCallbacks) {
            long bytes = now - enteredAt;
            if (bytes != 0) {
                int k = (int) allocatingCallbacks;
                if (k < allocIndex.length) {
                    allocIndex[k] = callbacks;
                    allocBytes[k] = bytes;
                }
                inside += bytes;
                allocatingCallbacks++;
                lastAllocating = callbacks;
            }
            measured++;
        }
        exitedAt = AllocationProbe.currentThread();
    }

    /** @return bytes allocated inside measured callbacks (the driver's and engine's code) */
    public long insideBytes() {
        return inside;
    }

    /** @return the number of the last callback that allocated (counted from 1), or -1 */
    public long lastAllocatingCallback() {
        return lastAllocating;
    }

    /** @return callbacks counted so far */
    public long callbacks() {
        return callbacks;
    }

    /** @return "callback#bytes" for the first allocating callbacks */
    public String allocations() {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < Math.min(allocatingCallbacks, allocIndex.length); k++) {
            b.append(k == 0 ? "" : ", ").append('#').append(allocIndex[k]).append(": ").append(allocBytes[k]).append(" B");
        }
        return b.toString();
    }

    /** @return measured callbacks that allocated anything */
    public long allocatingCallbacks() {
        return allocatingCallbacks;
    }

    /** @return bytes allocated on the RT thread between measured callbacks (the binding's) */
    public long betweenBytes() {
        return between;
    }

    /** @return callbacks measured */
    public long measuredCallbacks() {
        return measured;
    }
}
