package org.aetherdsp.core.engine;

import org.aetherdsp.core.rt.ParamEventRing;

/**
 * Where a real-time source (MIDI control changes read in the driver's callback) queues
 * parameter changes stamped with a frame of the next block: the engine applies them at the
 * start of that block, each starting at its own frame. A bounded single-producer ring of
 * primitives: offering allocates nothing, never blocks, and refuses (counted) when full.
 *
 * <p>Addressing: an event names its node by handle and its parameter by index in the node's
 * descriptor ({@link Engine#paramIndexOf}, resolved once on the control side). An event for a
 * node the running graph does not hold, or for no such parameter, is dropped and counted; the
 * value is clamped into the parameter's range; NaN is dropped.
 *
 * <p>Threads: one producer thread at a time, normally the thread that calls
 * {@link Engine#process}, just before it. Such changes bypass the control side's graph model:
 * {@link Engine#getParamTarget} does not see them; {@link Engine#getParam} (what plays) and
 * {@link Engine#requestSnapshot} do. A change to a parameter that the automation timeline holds
 * takes it over (see {@link Automation}).
 */
public final class ParamEvents {

    private final ParamEventRing ring;

    ParamEvents(ParamEventRing ring) {
        this.ring = ring;
    }

    /**
     * Queues a change for the next block the engine processes. Producer thread only;
     * allocation-free.
     *
     * @param node       the node's handle
     * @param param      the parameter's index in the node's descriptor
     * @param value      the target (clamped into the parameter's range when applied)
     * @param rampFrames the ramp length in frames, from the start frame (0: jump)
     * @param frame      the frame of the next block at which the change starts (0: its start)
     * @return false if the ring was full (the event is dropped and counted)
     */
    public boolean offer(long node, int param, float value, int rampFrames, int frame) {
        return ring.offer(node, param, value, rampFrames, frame);
    }

    /** @return events refused because the ring was full; any thread */
    public long refused() {
        return ring.refused();
    }

    /** @return events dropped on the RT thread (node not running, no such parameter, NaN); any thread */
    public long dropped() {
        return ring.dropped();
    }
}
