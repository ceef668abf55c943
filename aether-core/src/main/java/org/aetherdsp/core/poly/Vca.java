package org.aetherdsp.core.poly;

import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.ParamBlock;
import org.aetherdsp.api.ParamSpec;
import org.aetherdsp.api.ProcessContext;

/**
 * Voltage-controlled amplifier, node type {@value #TYPE_ID}: {@code out = in * cv * gain}, per
 * sample (an envelope into {@code cv} shapes a voice). Parameter {@code gain}: 0..16, default 1,
 * read once per block. No state.
 */
public final class Vca implements DspNode {

    /** The stable node type id. */
    public static final String TYPE_ID = "poly.vca";

    /** Ports {@code in}, {@code cv} to {@code out}; parameter {@code gain}. */
    public static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("VCA")
            .input("in").input("cv").output("out")
            .param(ParamSpec.of("gain", 0f, 16f, 1f, "", 0f))
            .build();

    /** Creates the node. */
    public Vca() {
    }

    @Override
    public void process(float[][] inputs, float[][] outputs, ParamBlock params, ProcessContext context) {
        final int n = context.blockSize();
        final float[] in = inputs[0];
        final float[] cv = inputs[1];
        final float[] out = outputs[0];
        final float gain = params.get(0).value();
        for (int i = 0; i < n; i++) {
            out[i] = in[i] * cv[i] * gain;
        }
    }
}
