package org.aetherdsp.core.param;

import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.ParamBlock;

/**
 * The host side of a node's parameters: one {@link SmoothedParam} per parameter of its
 * descriptor, in descriptor order. The node receives it as the read-only {@link ParamBlock};
 * the engine, or a test driving a node by hand, sets targets and advances the ramps.
 *
 * <pre>{@code
 * SmoothedParams params = new SmoothedParams(descriptor);
 * params.get(params.indexOf("cutoff")).setTarget(800f, 0);
 * node.process(inputs, outputs, params, context);
 * params.advance(context.blockSize());
 * }</pre>
 */
public final class SmoothedParams implements ParamBlock {

    private static final SmoothedParam[] NONE = new SmoothedParam[0];

    private final SmoothedParam[] params;

    /**
     * Creates settled parameters at their defaults for a descriptor.
     *
     * @param descriptor the node's descriptor
     */
    public SmoothedParams(NodeDescriptor descriptor) {
        int n = descriptor.params().size();
        this.params = n == 0 ? NONE : new SmoothedParam[n];
        for (int i = 0; i < n; i++) {
            params[i] = new SmoothedParam(descriptor.params().get(i));
        }
    }

    @Override
    public SmoothedParam get(int index) {
        return params[index];
    }

    @Override
    public int size() {
        return params.length;
    }

    /**
     * Advances every parameter's ramp by {@code frames}: what the engine does after the node's
     * {@code process}. RT thread.
     *
     * @param frames frames elapsed
     */
    public void advance(int frames) {
        for (SmoothedParam p : params) {
            p.advance(frames);
        }
    }

    /** @return whether any parameter is in a ramp or has a change pending (RT thread) */
    public boolean anySmoothing() {
        for (SmoothedParam p : params) {
            if (p.isSmoothing()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Takes over another block's exact positions, targets and ramps, parameter by parameter: a
     * replacement node continues the automation without a step. RT thread.
     *
     * @param other the parameters of a node of the same type
     */
    public void copyFrom(SmoothedParams other) {
        for (int i = 0; i < params.length; i++) {
            params[i].copyFrom(other.params[i]);
        }
    }
}
