package org.aetherdsp.core.rt;

import java.util.concurrent.atomic.AtomicReference;
import org.aetherdsp.core.param.SmoothedParam;

/**
 * A pooled, mutable message from the control thread to the RT thread. The control side
 * fills one from its pool and offers it on the command ring; the RT thread applies it and
 * hands it back on the return ring (with whatever it let go of attached), so steady-state
 * automation allocates on neither side.
 */
public final class Command {

    /** Kinds of command. */
    public static final int SET_PARAM = 1;
    /** Replace the running plan with {@link #plan}'s content. */
    public static final int SWAP_PLAN = 2;
    /** Save node states into {@link #capture} at this block boundary. */
    public static final int CAPTURE_STATE = 3;
    /** Hand {@link #replaced}'s state and parameters to {@link #replacement}, then swap in {@link #plan}. */
    public static final int REPLACE_NODE = 4;

    int kind;
    /** The node whose parameter a {@link #SET_PARAM} changes: the RT thread tracks its ramp. */
    NodeSlot node;
    SmoothedParam param;
    float value;
    int frames;
    /**
     * The plan to swap in. An atomic slot rather than a plain field so that the control
     * side can replace a plan the RT thread has not taken yet ({@code compareAndSet})
     * instead of queueing a second swap: the RT thread takes it with {@code getAndSet(null)}.
     * Whichever wins, exactly one plan is installed and no plan is seen half-built,
     * because both operations are full fences.
     */
    final AtomicReference<Plan> plan = new AtomicReference<>();
    /** Set by the RT thread: the plan it replaced, to be dropped on the control side. */
    Plan retired;
    StateCapture capture;
    NodeSlot replaced;
    NodeSlot replacement;
    org.aetherdsp.api.StateBuffer handover;

    /**
     * Makes this a parameter change.
     *
     * @param owner the node
     * @param index the parameter's index in its descriptor
     * @param v     the target value
     * @param ramp  the ramp length in frames
     * @return this
     */
    public Command setParam(NodeSlot owner, int index, float v, int ramp) {
        kind = SET_PARAM;
        node = owner;
        param = owner.params.get(index);
        value = v;
        frames = ramp;
        return this;
    }

    /**
     * Makes this a plan swap.
     *
     * @param next the plan to install
     * @return this
     */
    public Command swapPlan(Plan next) {
        kind = SWAP_PLAN;
        plan.set(next);
        return this;
    }

    /**
     * Makes this a state capture.
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
     * then installs {@code next} (which runs the new node in the old one's place).
     *
     * @param old    the running node
     * @param fresh  its prepared replacement, of the same type
     * @param buffer preallocated space for the state
     * @param next   the plan with the replacement
     * @return this
     */
    public Command replaceNode(NodeSlot old, NodeSlot fresh, org.aetherdsp.api.StateBuffer buffer, Plan next) {
        kind = REPLACE_NODE;
        replaced = old;
        replacement = fresh;
        handover = buffer;
        plan.set(next);
        return this;
    }

    /**
     * Replaces the plan of a swap the RT thread has not applied yet.
     *
     * @param expected the plan this command carries now
     * @param next     the plan to carry instead
     * @return false if the RT thread has already taken {@code expected}
     */
    public boolean replacePendingPlan(Plan expected, Plan next) {
        return (kind == SWAP_PLAN || kind == REPLACE_NODE) && plan.compareAndSet(expected, next);
    }

    /** @return the kind ({@link #SET_PARAM}, {@link #SWAP_PLAN}) */
    public int kind() {
        return kind;
    }

    /** Forgets every reference so that a pooled command keeps nothing alive. Control side. */
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

    public void clear() {
        kind = 0;
        node = null;
        param = null;
        plan.set(null);
        retired = null;
        capture = null;
        replaced = null;
        replacement = null;
        handover = null;
    }
}
