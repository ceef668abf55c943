package org.aetherdsp.core.param;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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
    private static final float[] NO_VALUES = new float[0];
    /**
     * Opaque access to {@link #playing}: the RT thread writes each element with one writer, the
     * control side reads it whenever it likes. Opaque is enough: a reader wants a recent value
     * of one float, not an ordering with other memory, and it must not be hoisted out of a
     * polling loop; on x86 and ARM it is a plain load and store.
     */
    private static final VarHandle PLAYING = MethodHandles.arrayElementVarHandle(float[].class);

    private final SmoothedParam[] params;
    /**
     * The value each parameter played at the last frame of the last block the RT thread ran (or
     * was set to at a block boundary), published for {@link #playing(int)}.
     */
    private final float[] playing;

    /**
     * Creates settled parameters at their defaults for a descriptor.
     *
     * @param descriptor the node's descriptor
     */
    public SmoothedParams(NodeDescriptor descriptor) {
        int n = descriptor.params().size();
        this.params = n == 0 ? NONE : new SmoothedParam[n];
        this.playing = n == 0 ? NO_VALUES : new float[n];
        for (int i = 0; i < n; i++) {
            params[i] = new SmoothedParam(descriptor.params().get(i));
            playing[i] = params[i].value();
        }
    }

    /**
     * The value a parameter is playing: what the RT thread published at its last frame (after a
     * block), or at the block boundary where a jump landed. Includes every source of change (the
     * control side's, frame-stamped MIDI events, the automation timeline). Any thread, no lock;
     * lags the RT thread by at most a block.
     *
     * @param index parameter index
     * @return the value last published
     */
    public float playing(int index) {
        return (float) PLAYING.getOpaque(playing, index);
    }

    /**
     * Publishes a parameter's value at the first frame of the current block, after a change
     * applied at the block boundary. RT thread.
     *
     * @param index parameter index
     */
    public void publish(int index) {
        PLAYING.setOpaque(playing, index, params[index].valueAt(0));
    }

    /**
     * Sets a parameter at once before the node runs anywhere (a patch's initial value, a node
     * added in a batch), and publishes it. Control side, only while no RT thread can reach the
     * node; the plan that carries it there publishes these writes.
     *
     * @param index parameter index
     * @param value the value, range-checked
     */
    public void preset(int index, float value) {
        params[index].setTarget(value, 0);
        playing[index] = value;
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
        final SmoothedParam[] ps = params;
        final float[] out = playing;
        for (int i = 0; i < ps.length; i++) {
            final SmoothedParam p = ps[i];
            PLAYING.setOpaque(out, i, p.valueAt(frames - 1));
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
            publish(i);
        }
    }
}
