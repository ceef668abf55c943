package org.aetherdsp.core.poly;

import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.ParamBlock;
import org.aetherdsp.api.ProcessContext;

/**
 * The sum of every voice's output, node type {@value #TYPE_ID}: each voice's {@code poly.out}
 * is connected to {@code in}, where the engine sums them (in voice order, so the sum is the
 * same on any number of workers); {@code out = in}. No state.
 *
 * <p>Its parameters describe the voice group, so that a snapshot or patch file of the flattened
 * nodes is bound again as voices ({@link Voices#bindAll}): {@code policy} (0 oldest, 1 quietest,
 * 2 same-note retrigger; see {@link StealPolicy}) and {@code bend} (pitch bend range in
 * semitones, default 2). They are read when the group is bound, not per block.
 */
public final class VoiceSum implements DspNode {

    /** The stable node type id. */
    public static final String TYPE_ID = "poly.sum";

    /** Port {@code in} to {@code out}. */
    public static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("Voice sum").input("in").output("out")
            .param(org.aetherdsp.api.ParamSpec.of("policy", 0f, 2f, 0f, "", 0f))
            .param(org.aetherdsp.api.ParamSpec.of("bend", 0f, 48f, 2f, "semitones", 0f))
            .build();

    /** Creates the node. */
    public VoiceSum() {
    }

    @Override
    public void process(float[][] inputs, float[][] outputs, ParamBlock params, ProcessContext context) {
        System.arraycopy(inputs[0], 0, outputs[0], 0, context.blockSize());
    }
}
