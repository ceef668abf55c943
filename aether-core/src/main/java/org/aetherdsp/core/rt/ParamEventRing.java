package org.aetherdsp.core.rt;

import java.util.concurrent.atomic.AtomicLong;
import org.aetherdsp.core.param.SmoothedParam;
import org.aetherdsp.api.ParamSpec;

/**
 * Parameter changes stamped with a frame of the next block, produced on a real-time path (a
 * MIDI control change read in the JACK callback just before the engine's block) and applied
 * by the scheduler at the start of that block, so each starts at its own frame
 * ({@link SmoothedParam#setTarget(float, int, int)}). A bounded single-producer single-consumer ring
 * of primitives, preallocated: offering and applying allocate nothing.
 *
 * <p>Addressing: an event names its node by graph handle and its parameter by index in the
 * node's descriptor (resolved and checked once on the control side, e.g. with
 * {@code Engine.paramIndexOf}). The scheduler finds the node in the plan it is running
 * ({@link Plan#slotOf}), so an event always reaches the node as it is now: across plan swaps,
 * and after a replacement. An event for a node the running plan does not hold (removed, or
 * not yet swapped in), or for no such parameter, is dropped and counted. The value is clamped
 * into the parameter's range; NaN is dropped.
 *
 * <p>Threads: one producer at a time ({@link #offer}), typically the RT thread itself just
 * before {@code Engine.process}; the consumer is the scheduler, on the RT thread. Memory
 * ordering as in the command ring: the producer writes the slot, then publishes it with an
 * ordered store of {@code tail}; the consumer reads {@code tail} (volatile) before the slot and
 * frees it with an ordered store of {@code head}. Each index has one writer.
 */
public final class ParamEvents {

    private final long[] nodes;
    private final int[] params;
    private final float[] values;
    private final int[] ramps;
    private final int[] frames;
    private final int mask;
    private final AtomicLong head = new AtomicLong();
    private final AtomicLong tail = new AtomicLong();
    /** Producer side: refused because the ring was full. */
    private final AtomicLong full = new AtomicLong();
    /** Consumer side: dropped for a node not in the plan, a bad index or NaN. */
    private final AtomicLong unroutable = new AtomicLong();

    /**
     * @param capacity events held at most; rounded up to a power of two
     * @throws IllegalArgumentException if not within 1..2^20
     */
    public ParamEvents(int capacity) {
        if (capacity < 1 || capacity > (1 << 20)) {
            throw new IllegalArgumentException("parameter event capacity must be within 1..2^20, got " + capacity);
        }
        int size = capacity == 1 ? 1 : Integer.highestOneBit(capacity - 1) << 1;
        nodes = new long[size];
        params = new int[size];
        values = new float[size];
        ramps = new int[size];
        frames = new int[size];
        mask = size - 1;
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
        long t = tail.get();
        if (t - head.get() > mask) {
            full.lazySet(full.get() + 1);
            return false;
        }
        int i = (int) t & mask;
        nodes[i] = node;
        params[i] = param;
        values[i] = value;
        ramps[i] = rampFrames;
        frames[i] = frame;
        tail.lazySet(t + 1);
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
        final long end = tail.get();
        long h = head.get();
        int applied = 0;
        for (; h < end; h++) {
            final int i = (int) h & mask;
            final NodeSlot slot = plan.slotOf(nodes[i]);
            final int index = params[i];
            final float v = values[i];
            if (slot == null || index < 0 || index >= slot.params.size() || v != v) {
                unroutable.lazySet(unroutable.get() + 1);
                continue;
            }
            final SmoothedParam p = slot.params.get(index);
            final ParamSpec spec = p.spec();
            p.setTarget(Math.max(spec.min(), Math.min(spec.max(), v)), ramps[i], frames[i]);
            if (p.isSmoothing()) {
                scheduler.track(slot);
            }
            applied++;
        }
        head.lazySet(h);
        return applied;
    }

    /** @return events refused because the ring was full; any thread */
    public long refused() {
        return full.get();
    }

    /** @return events dropped on the RT thread: node not in the running plan, no such parameter, or NaN; any thread */
    public long dropped() {
        return unroutable.get();
    }
}
