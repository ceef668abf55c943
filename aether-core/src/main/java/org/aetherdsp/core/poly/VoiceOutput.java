package org.aetherdsp.core.poly;

import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.ParamBlock;
import org.aetherdsp.api.ProcessContext;

/**
 * One output of one voice, node type {@value #TYPE_ID}: {@code out = in}, and the block's peak
 * reported to the voice's allocator ({@link VoiceAllocator#reportLevel}), which frees a
 * released voice once it is silent and steals the quietest. No parameters, no state.
 */
public final class VoiceOutput implements DspNode {

    /** The stable node type id. */
    public static final String TYPE_ID = "poly.out";

    /** Port {@code in} to {@code out}. */
    public static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("Voice output").input("in").output("out").build();

    private volatile VoiceAllocator voices;
    private volatile int voice;
    private volatile int output;

    /** A node attached to no allocator: a plain copy. */
    public VoiceOutput() {
    }

    /**
     * Attaches the allocator this output reports to. Control thread, before the node runs.
     *
     * @param allocator the allocator
     * @param index     the voice
     * @param port      the voice output, below {@code allocator.outputs()}
     */
    public void attach(VoiceAllocator allocator, int index, int port) {
        if (index < 0 || index >= allocator.voices() || port < 0 || port >= allocator.outputs()) {
            throw new IllegalArgumentException("voice " + index + " output " + port + " is not one of the allocator's "
                    + allocator.voices() + " voices x " + allocator.outputs() + " outputs");
        }
        this.voice = index;
        this.output = port;
        this.voices = allocator;
    }

    @Override
    public void process(float[][] inputs, float[][] outputs, ParamBlock params, ProcessContext context) {
        final int n = context.blockSize();
        final float[] in = inputs[0];
        final float[] out = outputs[0];
        float peak = 0f;
        for (int i = 0; i < n; i++) {
            final float x = in[i];
            out[i] = x;
            peak = Math.max(peak, Math.abs(x));
        }
        final VoiceAllocator a = voices;
        if (a != null) {
            a.reportLevel(voice, output, peak);
        }
    }
}
