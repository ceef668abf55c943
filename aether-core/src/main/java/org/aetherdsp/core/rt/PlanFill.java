package org.aetherdsp.core.rt;

import java.util.Arrays;
import org.aetherdsp.core.arena.Arena;

/**
 * Fills a {@link Plan} on the control side: {@link #begin}, then each node in execution order
 * ({@link #node}, after the fan-in sums it needs, {@link #mix}), the host channels
 * ({@link #channel}), the feedback copies ({@link #feedback}), optionally a cluster schedule
 * ({@link #clusters}), then {@link #seal}. Control thread, and only while no RT-side thread can
 * reach the plan (see {@link Plan}'s reuse rules); each plan has one, {@link Plan#fill()}.
 */
public final class PlanFill {

    private final Plan p;

    PlanFill(Plan plan) {
        this.p = plan;
    }

    /**
     * Starts filling this plan with {@code nodeCount} nodes. Control thread, and only while no
     * RT-side thread can reach the plan: a new plan, or one the RT thread has handed back (or
     * never took). The plan grows its arrays when it must and otherwise reuses them, so
     * refilling a plan of the same size allocates nothing. Until {@link #seal}, the lists the
     * previous fill held stay readable through {@link #previousInputs} and the like, for the
     * filler to reuse or take back.
     *
     * @param nodeCount    nodes in execution order
     * @param channelCount host channels
     * @param silent       the silent buffer unconnected inputs read (re-zeroed every block)
     */
    public void begin(int nodeCount, int channelCount, float[] silent) {
        if (p.state != Plan.FREE) {
            throw new IllegalStateException(p.state == Plan.FILLING ? "plan is already being filled"
                    : "plan was not handed back (retire) before refilling");
        }
        p.previousSize = p.size;
        p.previousMixCount = p.mixCount;
        if (p.slots.length < nodeCount) {
            int capacity = Math.max(nodeCount, p.slots.length + (p.slots.length >> 1));
            p.slots = Arrays.copyOf(p.slots, capacity);
            p.nodes = Arrays.copyOf(p.nodes, capacity);
            p.params = Arrays.copyOf(p.params, capacity);
            p.bypassed = new boolean[capacity];
            p.skipWith = Arrays.copyOf(p.skipWith, capacity);
            p.skipVoice = Arrays.copyOf(p.skipVoice, capacity);
            p.arenaIndex = new int[capacity];
            p.inputs = Arrays.copyOf(p.inputs, capacity);
            p.outputs = Arrays.copyOf(p.outputs, capacity);
            p.mixStart = Arrays.copyOf(p.mixStart, capacity + 1);
        }
        p.host.begin(channelCount);
        p.feedback.begin();
        p.size = nodeCount;
        p.silence = silent;
        p.mixCount = 0;
        p.schedule.count = 0;
        p.bufferCount = 0;
        p.state = Plan.FILLING;
    }

    /**
     * While filling: the input list position {@code p} held in the previous fill, for the
     * filler to reuse (a plan keeps its lists, so that refilling it with the same graph
     * writes nothing).
     *
     * @param position a position
     * @return the list, or null if the previous fill had no node there
     */
    public float[][] previousInputs(int position) {
        return position < p.previousSize ? p.inputs[position] : null;
    }

    /**
     * @param position a position
     * @return the output list the previous fill held there, or null
     * @see #previousInputs(int)
     */
    public float[][] previousOutputs(int position) {
        return position < p.previousSize ? p.outputs[position] : null;
    }

    /**
     * @param mix a fan-in sum's index
     * @return the source list the previous fill held there, or null
     * @see #previousInputs(int)
     */
    public float[][] previousMixSources(int mix) {
        return mix < p.previousMixCount ? p.mixSources[mix] : null;
    }

    /** @return how many nodes the previous fill had (0 for a new plan) */
    public int previousSize() {
        return p.previousSize;
    }

    /** @return how many fan-in sums the previous fill had */
    public int previousMixCount() {
        return p.previousMixCount;
    }

    /**
     * Puts a node at a position; positions are filled in order, each after the fan-in sums it
     * needs ({@link #mix}). Each array element is written only if it changes: the RT thread
     * then keeps in its cache what a refill left as it was, and the collector's write
     * barrier is not paid for it.
     *
     * @param position its place in execution order
     * @param slot     the node
     * @param in       its input buffers, one per input port
     * @param out      its output buffers, one per output port
     */
    public void node(int position, NodeSlot slot, float[][] in, float[][] out) {
        requireFilling();
        if (p.slots[position] != slot) {
            p.slots[position] = slot;
            // A slot's node and params are final: the same slot at a position means the same ones.
            if (p.nodes[position] != slot.node) {
                p.nodes[position] = slot.node;
            }
            if (p.params[position] != slot.params) {
                p.params[position] = slot.params;
            }
        }
        if (p.skipWith[position] != slot.skipWith) {
            p.skipWith[position] = slot.skipWith;
        }
        p.skipVoice[position] = slot.skipVoice;
        p.arenaIndex[position] = Arena.index(slot.handle);
        if (p.inputs[position] != in) {
            p.inputs[position] = in;
        }
        if (p.outputs[position] != out) {
            p.outputs[position] = out;
        }
        if (p.mixStart[position + 1] != p.mixCount) {
            p.mixStart[position + 1] = p.mixCount;
        }
    }

    /**
     * Adds a fan-in sum for the next node to be placed: before it runs, {@code target} is
     * filled with the sum of {@code sources}, in their order.
     *
     * @param target  the scratch buffer the node reads
     * @param sources the buffers to add, at least one
     */
    public void mix(float[] target, float[][] sources) {
        requireFilling();
        if (p.mixCount == p.mixTargets.length) {
            int capacity = Math.max(8, p.mixCount * 2);
            p.mixTargets = Arrays.copyOf(p.mixTargets, capacity);
            p.mixSources = Arrays.copyOf(p.mixSources, capacity);
        }
        if (p.mixTargets[p.mixCount] != target) {
            p.mixTargets[p.mixCount] = target;
        }
        if (p.mixSources[p.mixCount] != sources) {
            p.mixSources[p.mixCount] = sources;
        }
        p.mixCount++;
    }

    /**
     * @param channel a host channel
     * @param sources the buffers summed into it, in this order (empty: silence)
     */
    public void channel(int channel, float[][] sources) {
        requireFilling();
        p.host.channel(channel, sources);
    }

    /**
     * Adds a feedback connection: at the end of each block, after every node has run, the RT
     * thread copies {@code source} (the source node's output buffer in this plan, which must be
     * kept from reuse to the end of the block) into {@code line}, which the target reads as its
     * input during the next block. See {@link FeedbackCopies}.
     *
     * @param line   the connection's line, shared with every plan that runs the connection
     * @param source the buffer the source port writes in this plan
     */
    public void feedback(FeedbackLine line, float[] source) {
        requireFilling();
        p.feedback.add(line, source);
    }

    /**
     * Gives the plan a cluster schedule, for several workers (see the class comment). The caller
     * guarantees that the buffers are assigned so that clusters that may run at the same time
     * share none; {@link #seal} checks that each cluster waits only for earlier ones.
     *
     * @param count     clusters, from 1 to {@link Plan#MAX_CLUSTERS}
     * @param start     per cluster plus a sentinel, its first position (copied)
     * @param waitStart per cluster plus a sentinel, where its pairs start in {@code pairs} (copied)
     * @param pairs     pairs (earlier cluster, position in it) that clusters wait for (copied)
     */
    public void clusters(int count, int[] start, int[] waitStart, int[] pairs) {
        requireFilling();
        p.schedule.fill(count, start, waitStart, pairs, p.size);
    }

    /**
     * Ends filling: checks the schedule and indexes the nodes. After this the plan may be sent
     * to the RT thread, and must not be touched until it comes back.
     *
     * @param buffers how many distinct audio buffers the plan uses (for tests and diagnostics)
     */
    public void seal(int buffers) {
        requireFilling();
        int n = p.size;
        p.mixStart[0] = 0;
        for (int i = 0; i < n; i++) {
            if (p.slots[i] == null) {
                throw new IllegalStateException("position " + i + " of " + n + " has no node");
            }
        }
        p.host.check();
        p.feedback.seal();
        if (p.schedule.count > 0) {
            p.schedule.check(n);
        }
        // Forget what the previous fill held beyond this one, so that it does not keep removed
        // nodes (and their delay lines) reachable. The filler has taken back those lists.
        for (int i = n; i < p.previousSize; i++) {
            p.slots[i] = null;
            p.nodes[i] = null;
            p.params[i] = null;
            p.skipWith[i] = null;
            p.inputs[i] = null;
            p.outputs[i] = null;
        }
        for (int m = p.mixCount; m < p.previousMixCount; m++) {
            p.mixTargets[m] = null;
            p.mixSources[m] = null;
        }
        p.previousSize = 0;
        p.previousMixCount = 0;
        p.byHandle.index(p.slots, p.arenaIndex, n);
        p.bufferCount = buffers;
        p.state = Plan.SEALED;
    }

    private void requireFilling() {
        if (p.state != Plan.FILLING) {
            throw new IllegalStateException("call begin before filling a plan");
        }
    }
}
