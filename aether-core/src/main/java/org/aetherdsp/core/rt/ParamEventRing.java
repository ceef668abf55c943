package org.aetherdsp.core.rt;

import java.util.concurrent.atomic.AtomicLong;
import org.aetherdsp.api.ParamSpec;
import org.aetherdsp.api.SpscRing;
import org.aetherdsp.core.param.SmoothedParam;

/**
 * Parameter changes stamped with a frame of the next block, produced on a real-time path (a
 * MIDI control change read in the JACK callback just before the engine's block) and applied by
 * the scheduler at the start of that block, so each starts at its own frame
 * ({@link SmoothedParam#setTarget(float, int, int)}). An {@link SpscRing} over preallocated
 * primitive arrays: offering and applying allocate nothing.
 *
 * <p>Addressing: an event names its node by graph handle and its parameter by index in the
 * node's descriptor (resolved and checked once on the control side). The scheduler finds the
 * node in the plan it is running ({@link Plan#slotOf}), so an event always reaches the node as
 * it is now: across plan swaps, and after a replacement. An event for a node the running plan
 * does not hold (removed, or not yet swapped in), or for no such parameter, is dropped and
 * counted. The value is clamped into the parameter's range; NaN is dropped.
 *
 * <p>Threads: one producer at a time ({@link #offer}), typically the RT thread itself just
 * before the engine's block; the consumer is the scheduler, on the RT thread. The ordering is
 * the ring's (see {@link SpscRing}). The two counters have one writer each (producer: refused;
 * consumer: dropped), advanced with a plain read and a release store.
 */
public final class ParamEventRing {

    private final SpscRing ring;
    private final long[] nodes;
    private final int[] params;
    private final float[] values;
    private final int[] ramps;
    private final int[] frames;
    /** Producer side: refused because the ring was full. */
    private final AtomicLong refused = new AtomicLong();
    /** Consumer side: dropped for a node not in the plan, a bad index or NaN. */
    private final AtomicLong dropped = new AtomicLong();

    /**
     * @param capacity events held at most; rounded up to a power of two
     * @throws IllegalArgumentException if not within 1..2^20
     */
    public ParamEventRing(int capacity) {
        if (capacity < 1 || capacity > (1 << 20)) {
            throw new IllegalArgumentException("parameter event capacity must be within 1..2^20, got " + capacity);
        }
        ring = new SpscRing(capacity);
        int size = ring.capacity();
        nodes = new long[size];
        params = new int[size];
        values = new float[size];
        ramps = new int[size];
        frames = new int[size];
    }

    /**
     * Queues a change for the next block the engine processes. Producer thread only;
     * allocation-free; refuses (and counts) when the ring is full.
     *
     * @param node       the node's graph handle
     * @param param      the parameter's index in the node's descriptor
     * @param value      the target (clamped into the parameter's range when applied)
     * @param rampFrames the ramp length in frames, from the start frame (0: jump)
     * @param frame      the frame of the next block at which the change starts (0: its start)
     * @return false if the ring was full
     */
    public boolean offer(long node, int param, float value, int rampFrames, int frame) {
        if (ring.writable() == 0) {
            refused.lazySet(refused.get() + 1);
            return false;
        }
        final int i = ring.producerSlot(0);
        nodes[i] = node;
        params[i] = param;
        values[i] = value;
        ramps[i] = rampFrames;
        frames[i] = frame;
        ring.publish(1);
        return true;
    }

    /**
     * Applies every queued event to {@code plan}'s nodes. Scheduler, RT thread, at the start
     * of a block (after the commands, so a swap of this block boundary is already in place).
     * Bounded: at most the ring's capacity.
     *
     * @return how many events were applied
     */
    int apply(Plan plan, Scheduler scheduler) {
        final int n = ring.readable();
        int applied = 0;
        int bad = 0;
        for (int k = 0; k < n; k++) {
            final int i = ring.consumerSlot(k);
            final NodeSlot slot = plan.slotOf(nodes[i]);
            final int index = params[i];
            final float v = values[i];
            if (slot == null || index < 0 || index >= slot.params.size() || v != v) {
                bad++;
                continue;
            }
            final SmoothedParam p = slot.params.get(index);
            final ParamSpec spec = p.spec();
            scheduler.plainChange(p);
            p.setTarget(Math.max(spec.min(), Math.min(spec.max(), v)), ramps[i], frames[i]);
            if (p.isSmoothing()) {
                scheduler.track(slot);
            } else {
                slot.params.publish(index);
            }
            applied++;
        }
        ring.release(n);
        if (bad != 0) {
            dropped.lazySet(dropped.get() + bad);
        }
        return applied;
    }

    /** @return events refused because the ring was full; any thread */
    public long refused() {
        return refused.get();
    }

    /** @return events dropped on the RT thread: node not in the running plan, no such parameter, or NaN; any thread */
    public long dropped() {
        return dropped.get();
    }
}
