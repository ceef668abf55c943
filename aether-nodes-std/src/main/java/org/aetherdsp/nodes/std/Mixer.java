package org.aetherdsp.nodes.std;

import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.Param;
import org.aetherdsp.api.ParamBlock;
import org.aetherdsp.api.ParamSpec;
import org.aetherdsp.api.ProcessContext;

/**
 * Eight-input mixer, node type {@value #TYPE_ID}: {@code out = in1*gain1 + ... + in8*gain8}.
 *
 * <p>Ports: inputs {@code in1}..{@code in8} (an unconnected input reads silence, so fewer
 * sources just work), output {@code out}. Parameters {@code gain1}..{@code gain8}: linear
 * factor of the input with the same number, 0..4, default 1, smoothed over 10 ms; a ramping
 * gain changes per sample. No internal state.
 */
public final class Mixer implements DspNode {

    /** The stable node type id. */
    public static final String TYPE_ID = "std.mix";

    /** Number of inputs, and of gains. */
    public static final int CHANNELS = 8;
    /** Output port: the sum. */
    public static final int OUT = 0;

    /**
     * Inputs {@code in1}..{@code in8} at ports 0..7 to {@code out}; parameter
     * {@code gainK} at index K-1 scales input {@code inK}.
     */
    public static final NodeDescriptor DESCRIPTOR = descriptor();

    /** Per-frame gain of one channel while its parameter ramps. */
    private float[] gains = new float[0];

    /** Creates an unprepared node; call {@link #prepare} before {@link #process}. */
    public Mixer() {
    }

    private static NodeDescriptor descriptor() {
        NodeDescriptor.Builder b = NodeDescriptor.builder("Mixer");
        for (int k = 1; k <= CHANNELS; k++) {
            b.input("in" + k);
        }
        b.output("out");
        for (int k = 1; k <= CHANNELS; k++) {
            b.param(ParamSpec.of("gain" + k, 0f, 4f, 1f, "", 10f));
        }
        return b.build();
    }

    @Override
    public void prepare(ProcessContext context) {
        gains = new float[context.blockSize()];
    }

    @Override
    public void process(float[][] inputs, float[][] outputs, ParamBlock params, ProcessContext context) {
        final int n = context.blockSize();
        final float[] out = outputs[OUT];
        for (int i = 0; i < n; i++) {
            out[i] = 0f;
        }
        for (int k = 0; k < CHANNELS; k++) {
            final float[] in = inputs[k];
            final Param gain = params.get(k);
            if (gain.isSmoothing()) {
                final float[] g = gains;
                gain.fill(g, n);
                for (int i = 0; i < n; i++) {
                    out[i] += in[i] * g[i];
                }
            } else {
                final float g = gain.value();
                if (g != 0f) {
                    for (int i = 0; i < n; i++) {
                        out[i] += in[i] * g;
                    }
                }
            }
        }
    }
}
