package org.aetherdsp.core.rt;

import java.util.Arrays;

/**
 * The parameter changes of one transaction (a committed batch or a single {@code setParam}):
 * filled on the control side, applied whole by the RT thread at one block boundary, together
 * with the transaction's plan. Its arrays grow on the control side and are kept when the
 * command carrying it is recycled, so steady automation allocates nothing.
 */
final class ParamChanges {

    private NodeSlot[] nodes = new NodeSlot[4];
    private int[] params = new int[4];
    private float[] values = new float[4];
    private int[] frames = new int[4];
    private int count;

    /** Adds a change; control thread, before the command is sent. */
    void add(NodeSlot node, int param, float value, int rampFrames) {
        if (count == nodes.length) {
            int capacity = count * 2;
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
            final NodeSlot slot = n[k];
            final org.aetherdsp.core.param.SmoothedParam p = slot.params.get(params[k]);
            p.setTarget(values[k], frames[k]);
            if (p.isSmoothing()) {
                scheduler.track(slot);
            }
        }
    }

    /** Forgets every change and the nodes it named. Control thread, when the command is recycled. */
    void clear() {
        Arrays.fill(nodes, 0, count, null);
        count = 0;
    }
}
