package com.acme.tremolo;

import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.ParamBlock;
import org.aetherdsp.api.ParamSpec;
import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.api.StateReader;
import org.aetherdsp.api.StateWriter;

/**
 * Bitcrusher: sample-and-hold to a lower rate, then quantisation to fewer bits.
 *
 * <ul>
 *   <li>{@code bits}: 1 to 16 (default 8), read once per block; the signal is rounded to steps of
 *       {@code 2^(1-bits)}, so 1 bit leaves -1, 0 and 1;</li>
 *   <li>{@code hold}: keep each sample for this many frames, 1 to 64 (default 4), read once per
 *       block and rounded to a whole number;</li>
 *   <li>{@code mix}: 0 (dry) to 1 (crushed, the default), smoothed per sample.</li>
 * </ul>
 * State: the held sample and how many frames it has been held.
 */
public final class Bitcrusher implements DspNode {

    /** The node type id, written into patch files: never rename it. */
    public static final String ID = "acme.bitcrusher";

    static final int BITS = 0;
    static final int HOLD = 1;
    static final int MIX = 2;

    static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("Bitcrusher")
            .input("in")
            .output("out")
            .param(ParamSpec.of("bits", 1f, 16f, 8f, "bit", 0f))
            .param(ParamSpec.of("hold", 1f, 64f, 4f, "frames", 0f))
            .param(ParamSpec.of("mix", 0f, 1f, 1f, "", 20f))
            .build();

    private float[] mix;
    private float held;
    private int heldFor;

    /** Control thread: a fresh node; {@link #prepare} allocates its buffers. */
    public Bitcrusher() {
    }

    @Override
    public void prepare(ProcessContext context) {
        mix = new float[context.blockSize()];
        reset();
    }

    @Override
    public void process(float[][] inputs, float[][] outputs, ParamBlock params, ProcessContext context) {
        int n = context.blockSize();
        float levels = (float) Math.pow(2, params.get(BITS).value() - 1);
        float step = 1f / levels;
        int hold = Math.round(params.get(HOLD).value());
        params.get(MIX).fill(mix, n);
        float[] in = inputs[0];
        float[] out = outputs[0];
        for (int i = 0; i < n; i++) {
            if (heldFor >= hold) {
                // Clamp first: full-scale input must not round beyond +-1.
                float x = Math.max(-1f, Math.min(1f, in[i]));
                held = Math.round(x * levels) * step;
                heldFor = 0;
            }
            heldFor++;
            out[i] = in[i] + mix[i] * (held - in[i]);
        }
    }

    @Override
    public void reset() {
        held = 0f;
        heldFor = Integer.MAX_VALUE; // the first frame after a reset takes a new sample
    }

    @Override
    public int stateSize() {
        return Float.BYTES + Integer.BYTES;
    }

    @Override
    public void saveState(StateWriter out) {
        out.writeFloat(held);
        out.writeInt(heldFor);
    }

    @Override
    public void loadState(StateReader in, int version) {
        held = in.readFloat();
        heldFor = in.readInt();
    }
}
