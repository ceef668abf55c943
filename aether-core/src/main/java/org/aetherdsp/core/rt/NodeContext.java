package org.aetherdsp.core.rt;

import org.aetherdsp.api.ProcessContext;

/**
 * The context one position of a plan hands its node: the engine's block, plus which of the
 * node's inputs are connected. An input is connected exactly when the plan gives it a buffer
 * other than the shared silent one, so the answer costs nothing to keep: the plan's filler sets
 * {@link #inputs} with the node's input list, on the control side, before the plan is sealed.
 */
final class NodeContext implements ProcessContext {

    private final BlockContext block;
    /** The node's input buffers in the plan that owns this context; written only while it is filled. */
    float[][] inputs;
    /** The plan's silent buffer, which unconnected inputs read. */
    float[] silence;

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
        final float[][] in = inputs;
        return inputPort >= 0 && inputPort < in.length && in[inputPort] != silence;
    }
}
