package org.aetherdsp.core.rt;

import org.aetherdsp.api.ProcessContext;

/**
 * The context a worker hands each node it runs: the engine's block, plus which of that node's
 * inputs are connected. One per worker thread (the RT thread, each helper), confined to it: the
 * worker points it at the plan and position before each {@code process} call, two stores into a
 * line that stays in its cache. An input is connected exactly when the plan gives it a buffer
 * other than the shared silent one, so the answer costs nothing to keep, and refilling a plan
 * writes nothing for it.
 */
public final class NodeContext implements ProcessContext {

    private final BlockContext block;
    /** The plan and position of the node being processed; written by the owning worker only. */
    Plan plan;
    int position;

    NodeContext(BlockContext block) {
        this.block = block;
    }

    @Override
    public float sampleRate() {
        return block.sampleRate();
    }

    @Override
    public int blockSize() {
        return block.blockSize();
    }

    @Override
    public long samplePosition() {
        return block.samplePosition();
    }

    @Override
    public boolean isConnected(int inputPort) {
        return plan.isConnected(position, inputPort);
    }
}
