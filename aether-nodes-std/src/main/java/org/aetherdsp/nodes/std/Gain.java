package org.aetherdsp.nodes.std;

import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.Param;
import org.aetherdsp.api.ParamBlock;
import org.aetherdsp.api.ParamSpec;
import org.aetherdsp.api.ProcessContext;

/**
 * Linear gain, node type {@value #TYPE_ID}: {@code out = in * gain}.
 *
 * <p>Ports: input {@code in}, output {@code out}. Parameter {@code gain}: linear factor,
 * 0..16, default 1, smoothed over 10 ms; while it ramps the factor changes per sample,
 * otherwise one factor serves the whole block. No internal state.
 */
public final class Gain implements DspNode {

    /** The stable node type id. */
    public static final String TYPE_ID = "std.gain";

    /** Input port: the signal. */
    public static final int IN = 0;
    /** Output port: the scaled signal. */
    public static final int OUT = 0;
    /** Parameter: linear gain factor. */
    public static final int P_GAIN = 0;

    /** Port {@code in} to {@code out}; parameter {@code gain}. */
    public static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("Gain")
            .input("in")
            .output("out")
            .param(ParamSpec.of("gain", 0f, 16f, 1f, "", 10f))
            .build();

    /** Per-frame gain while the parameter ramps. */
    private float[] gains = new float[0];

    /** Creates an unprepared node; call {@link #prepare} before {@link #process}. */
    public Gain() {
    }

    @Override
    public void prepare(ProcessContext context) {
        gains = new float[context.blockSize()];
    }

    @Override
    public void process(float[][] inputs, float[][] outputs, ParamBlock params, ProcessContext context) {
        final int n = context.blockSize();
        final float[] in = inputs[IN];
        final float[] out = outputs[OUT];
        final Param gain = params.get(P_GAIN);
        if (gain.isSmoothing()) {
            final float[] g = gains;
            gain.fill(g, n);
            for (int i = 0; i < n; i++) {
                out[i] = in[i] * g[i];
            }
        } else {
            final float g = gain.value();
            for (int i = 0; i < n; i++) {
                out[i] = in[i] * g;
            }
        }
    }
}
