package org.aetherdsp.core.rt;

import java.util.Arrays;

/**
 * The parameter changes of a transaction after its first (which the command holds inline): a
 * committed batch's. Filled on the control side, applied whole by the RT thread at one block
 * boundary, together with the transaction's plan. Its arrays grow on the control side and are
 * kept when the command carrying it is recycled, so steady automation allocates nothing.
 */
final class ParamChanges {

    private static final NodeSlot[] NO_NODES = {};
    private static final int[] NO_INTS = {};
    private static final float[] NO_FLOATS = {};

    // Empty until the first change: an engine pools thousands of commands, most of which never
    // carry one (plan swaps, captures), and building them must stay cheap.
    private NodeSlot[] nodes = NO_NODES;
    private int[] params = NO_INTS;
    private float[] values = NO_FLOATS;
    private int[] frames = NO_INTS;
    private int count;

    /** Adds a change; control thread, before the command is sent. */
    void add(NodeSlot node, int param, float value, int rampFrames) {
        if (count == nodes.length) {
            int capacity = Math.max(4, count * 2);
            nodes = Arrays.copyOf(nodes, capacity);
            params = Arrays.copyOf(params, capacity);
            values = Arrays.copyOf(values, capacity);
            frames = Arrays.copyOf(frames, capacity);
        }
        nodes[count] = node;
        params[count] = param;
        values[count] = value;
        frames[count] = rampFrames;
        count++;
    }

    /** @return the number of changes */
    int size() {
        return count;
    }

    /**
     * Starts every change's ramp. RT thread, at the block boundary, after the transaction's plan
     * (if any) was swapped in. Each node with a ramp in progress is handed to the scheduler's
     * list of ramping nodes.
     */
    void apply(Scheduler scheduler) {
        final NodeSlot[] n = nodes;
        for (int k = 0, end = count; k < end; k++) {
            start(n[k], params[k], values[k], frames[k], scheduler);
        }
    }

    /** Starts one change's ramp; a node left ramping goes on the scheduler's list. RT thread. */
    static void start(NodeSlot slot, int param, float value, int rampFrames, Scheduler scheduler) {
        final org.aetherdsp.core.param.SmoothedParam p = slot.params.get(param);
        scheduler.plainChange(p);
        p.setTarget(value, rampFrames);
        if (p.isSmoothing()) {
            scheduler.track(slot);
        } else {
            slot.params.publish(param);
        }
    }

    /** Forgets every change and the nodes it named. Control thread, when the command is recycled. */
    void clear() {
        Arrays.fill(nodes, 0, count, null);
        count = 0;
    }
}
