package org.aetherdsp.core.rt;

import java.util.concurrent.atomic.AtomicReference;
import org.aetherdsp.api.StateBuffer;

/**
 * A pooled, mutable message from the control side to the RT thread: one message per
 * transaction, whatever its size. The control side fills one from its pool and offers it on the
 * command ring; the RT thread applies it whole at one block boundary and hands it back on the
 * return ring (with the plan it retired attached), so steady automation allocates on neither
 * side.
 *
 * <p>Kinds:
 * <ul>
 *   <li>a <b>transaction</b>: a plan to swap in (or none) and any number of parameter changes,
 *       applied together, plan first: a committed batch, or one edit outside a batch;</li>
 *   <li>a <b>state capture</b>: save node states into a {@link StateCapture};</li>
 *   <li>a <b>replacement</b>: hand a running node's state and ramps to a fresh instance, then
 *       swap in the plan that runs it.</li>
 * </ul>
 */
public final class Command {

    static final int TRANSACTION = 1;
    static final int CAPTURE_STATE = 2;
    static final int REPLACE_NODE = 3;

    int kind;
    /**
     * The plan to swap in, or null. An atomic slot rather than a plain field so that the control
     * side can replace a plan the RT thread has not taken yet ({@code compareAndSet}) instead of
     * queueing a second swap: the RT thread takes it with {@code getAndSet(null)}. Whichever
     * wins, exactly one plan is installed and no plan is seen half-built, because both
     * operations are full fences.
     */
    final AtomicReference<Plan> plan = new AtomicReference<>();
    /** Set by the RT thread: the plan it replaced, to be recycled on the control side. */
    Plan retired;
    /**
     * The first parameter change, inline: a single {@code setParam} (the automation case) needs no
     * array, so building a large pool stays cheap and using a command for the first time
     * allocates nothing.
     */
    NodeSlot firstNode;
    int firstParam;
    float firstValue;
    int firstFrames;
    /** Changes after the first (a batch's), made when the first of them arrives and kept with the command. */
    ParamChanges more;
    /** The timeline events this transaction carries: a chain through {@link TimelineEvents}, -1 for none. */
    int eventHead = -1;
    private int eventTail = -1;
    private int eventCount;
    /** The frame at whose block this command is applied; {@link Long#MIN_VALUE}: the next boundary. */
    long startFrame = Long.MIN_VALUE;
    StateCapture capture;
    NodeSlot replaced;
    NodeSlot replacement;
    StateBuffer handover;

    /**
     * Makes this a transaction. Control thread.
     *
     * @param next the plan to install, or null if the transaction changes no structure
     * @return this
     */
    public Command transaction(Plan next) {
        kind = TRANSACTION;
        plan.set(next);
        return this;
    }

    /**
     * Adds a parameter change to this transaction. Control thread, before the command is sent.
     *
     * @param node       the node, running or about to run
     * @param param      the parameter's index in its descriptor
     * @param value      the target, already range-checked
     * @param rampFrames the ramp length in frames (0: jump)
     */
    public void change(NodeSlot node, int param, float value, int rampFrames) {
        if (firstNode == null) {
            firstNode = node;
            firstParam = param;
            firstValue = value;
            firstFrames = rampFrames;
            return;
        }
        if (more == null) {
            more = new ParamChanges();
        }
        more.add(node, param, value, rampFrames);
    }

    /** @return the number of parameter changes and timeline events this transaction carries */
    public int changeCount() {
        return eventCount + (firstNode == null ? 0 : 1 + (more == null ? 0 : more.size()));
    }

    /**
     * Adds a timeline event (already written) to this transaction. Control thread, before the
     * command is sent.
     *
     * @param events the engine's event pool
     * @param e      the event
     */
    public void event(TimelineEvents events, int e) {
        if (eventHead == -1) {
            eventHead = e;
        } else {
            events.link(eventTail, e);
        }
        eventTail = e;
        eventCount++;
    }

    /** @return the first timeline event of a command never sent, -1 for none (control thread) */
    public int events() {
        return eventHead;
    }

    /**
     * Holds this command back until the block that contains {@code frame}; commands sent after it
     * wait behind it (the ring is applied in order). Control thread.
     *
     * @param frame the engine frame
     */
    public void startAt(long frame) {
        startFrame = frame;
    }

    /** @return whether {@link #startAt} holds this command back (control thread) */
    public boolean isScheduled() {
        return startFrame != Long.MIN_VALUE;
    }

    /** Starts every change's ramp, in the order they were made. RT thread, after the plan (if any) was swapped in. */
    void applyChanges(Scheduler scheduler) {
        final NodeSlot n = firstNode;
        if (n == null) {
            return;
        }
        ParamChanges.start(n, firstParam, firstValue, firstFrames, scheduler);
        if (more != null) {
            more.apply(scheduler);
        }
    }

    /**
     * Makes this a state capture. Control thread.
     *
     * @param request the nodes and their preallocated buffers
     * @return this
     */
    public Command captureState(StateCapture request) {
        kind = CAPTURE_STATE;
        capture = request;
        return this;
    }

    /**
     * Makes this a node replacement: at the block boundary the RT thread saves the old node's
     * state into {@code buffer}, loads it into the new node, copies every parameter's ramp,
     * then installs {@code next} (which runs the new node in the old one's place). Control thread.
     *
     * @param old    the running node
     * @param fresh  its prepared replacement, of the same type
     * @param buffer preallocated space for the state
     * @param next   the plan with the replacement
     * @return this
     */
    public Command replaceNode(NodeSlot old, NodeSlot fresh, StateBuffer buffer, Plan next) {
        kind = REPLACE_NODE;
        replaced = old;
        replacement = fresh;
        handover = buffer;
        plan.set(next);
        return this;
    }

    /**
     * Replaces the plan of a swap the RT thread has not applied yet. Control thread.
     *
     * @param expected the plan this command carries now
     * @param next     the plan to carry instead
     * @return false if the RT thread has already taken {@code expected}
     */
    public boolean replacePendingPlan(Plan expected, Plan next) {
        return expected != null && plan.compareAndSet(expected, next);
    }

    /**
     * The plan the RT thread replaced when it applied this command, once; null if none.
     * Control thread, after the command came back on the return ring.
     *
     * @return the retired plan, which no RT-side thread runs any more
     */
    public Plan takeRetired() {
        Plan p = retired;
        retired = null;
        return p;
    }

    /** Forgets every reference, so that a pooled command keeps nothing alive. Control thread. */
    public void clear() {
        kind = 0;
        plan.set(null);
        retired = null;
        firstNode = null;
        if (more != null) {
            more.clear();
        }
        eventHead = -1;
        eventTail = -1;
        eventCount = 0;
        startFrame = Long.MIN_VALUE;
        capture = null;
        replaced = null;
        replacement = null;
        handover = null;
    }
}
