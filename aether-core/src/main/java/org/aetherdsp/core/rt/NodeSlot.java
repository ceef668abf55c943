package org.aetherdsp.core.rt;

import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.StateBuffer;
import org.aetherdsp.core.param.SmoothedParams;

/**
 * A node as the RT thread runs it: the node, its parameters, and its fault state. Created
 * on the control side when the node is added; the same slot moves from plan to plan, so a
 * node keeps its state (and its fault) across plan swaps.
 */
public final class NodeSlot {

    final DspNode node;
    final SmoothedParams params;
    final long handle;
    final String typeId;

    /** Set on the RT thread when {@code process} throws; the node is bypassed from then on. */
    boolean faulted;
    /** RT thread: whether the scheduler's list of ramping nodes holds this slot. */
    boolean ramping;
    /**
     * Control side: whether a plan holding this slot has been sent to the RT thread. Until then
     * the control side may set its parameters directly (a node added in a batch starts at the
     * values the batch gives it); afterwards only through a command.
     */
    private boolean published;
    /** The voice whose idleness skips this node (null: never skipped); set before the slot is published. */
    org.aetherdsp.core.poly.VoiceAllocator skipWith;
    int skipVoice;
    /** Control side: whether this slot's fault has been reported (drained or kept). */
    private boolean faultReported;
    /**
     * What the node threw. Written once by the RT thread, read by the control thread: the
     * volatile write publishes the exception object, which was built on the RT thread.
     */
    private volatile Throwable fault;

    /**
     * @param node   the prepared node
     * @param params its parameters
     * @param handle its handle in the graph
     * @param typeId its node type id
     */
    public NodeSlot(DspNode node, SmoothedParams params, long handle, String typeId) {
        this.node = node;
        this.params = params;
        this.handle = handle;
        this.typeId = typeId;
    }

    /** @return the node */
    public DspNode node() {
        return node;
    }

    /** @return its parameters (touched by the RT thread once running) */
    public SmoothedParams params() {
        return params;
    }

    /** @return its graph handle */
    public long handle() {
        return handle;
    }

    /** @return its node type id */
    public String typeId() {
        return typeId;
    }

    /** @return whether a plan holding this slot has been sent to the RT thread (control side) */
    public boolean isPublished() {
        return published;
    }

    /** Records that a plan holding this slot has been sent to the RT thread (control side). */
    public void markPublished() {
        published = true;
    }

    /**
     * Makes the scheduler skip this node (its outputs silent) in every block for which
     * {@code voices} reports {@code voice} idle. Control side, before the slot is published
     * (a plan picks it up when compiled).
     *
     * @param voices the allocator, or null to never skip
     * @param voice  the voice
     */
    public void skipWhileIdle(org.aetherdsp.core.poly.VoiceAllocator voices, int voice) {
        skipWith = voices;
        skipVoice = voice;
    }

    /** @return whether both nodes belong to one voice (skipped while the same voice is idle); control side */
    public boolean sameVoice(NodeSlot other) {
        return skipWith != null && skipWith == other.skipWith && skipVoice == other.skipVoice;
    }

    /** Skips this node when {@code other} is skipped (a replacement keeps its voice). Control side. */
    public void skipLike(NodeSlot other) {
        skipWith = other.skipWith;
        skipVoice = other.skipVoice;
    }

    /**
     * Takes this slot's fault for a report, once. Control side.
     *
     * @return what the node threw, if it faulted and the fault was not taken before; else null
     */
    public Throwable takeFault() {
        Throwable t = fault;
        if (t == null || faultReported) {
            return null;
        }
        faultReported = true;
        return t;
    }

    /** @return what the node threw on the RT thread, or {@code null} if it never faulted */
    public Throwable fault() {
        return fault;
    }

    /**
     * Continues where {@code old} is: its state through {@code buffer} and every parameter's
     * exact ramp. RT thread, at a block boundary, no allocation. A faulted (bypassed) node
     * hands over no state: replacing it is how it is revived, fresh. If the state cannot be
     * handed over, the new node keeps its fresh state and the failure becomes its fault
     * report, but it is not bypassed: a fresh node still plays.
     *
     * @return false if the state could not be handed over
     */
    boolean takeOver(NodeSlot old, StateBuffer buffer) {
        boolean handedOver = true;
        if (!old.faulted) {
            buffer.clear();
            try {
                old.node.saveState(buffer);
                node.loadState(buffer, old.node.stateVersion());
            } catch (Throwable t) {
                fault = t;
                handedOver = false;
            }
        }
        params.copyFrom(old.params);
        return handedOver;
    }

    /** @return whether any parameter is in a ramp (RT thread) */
    boolean anySmoothing() {
        return params.anySmoothing();
    }

    void markFaulted(Throwable t) {
        faulted = true;
        fault = t;
    }
}
