package com.acme.tremolo;

import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.ParamBlock;
import org.aetherdsp.api.ParamSpec;
import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.api.StateReader;
import org.aetherdsp.api.StateWriter;

/**
 * Tremolo: the input's level swung by a sine LFO. {@code gain = 1 - depth * (0.5 - 0.5 cos(2 pi phase))},
 * so depth 0 passes the input unchanged and depth 1 swings between full level and silence.
 *
 * <ul>
 *   <li>{@code rate}: LFO frequency, 0.1 to 20 Hz (default 5), smoothed per sample;</li>
 *   <li>{@code depth}: 0 to 1 (default 0.5), smoothed per sample.</li>
 * </ul>
 * State: the LFO phase, so that a saved patch continues on the same beat.
 */
public final class Tremolo implements DspNode {

    /** The node type id, written into patch files: never rename it. */
    public static final String ID = "acme.tremolo";

    static final int RATE = 0;
    static final int DEPTH = 1;

    static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("Tremolo")
            .input("in")
            .output("out")
            .param(ParamSpec.of("rate", 0.1f, 20f, 5f, "Hz", 20f))
            .param(ParamSpec.of("depth", 0f, 1f, 0.5f, "", 20f))
            .build();

    private static final double TWO_PI = 2 * Math.PI;

    private float[] rate;
    private float[] depth;
    private double phase;

    /** Control thread: a fresh node; {@link #prepare} allocates its buffers. */
    public Tremolo() {
    }

    @Override
    public void prepare(ProcessContext context) {
        rate = new float[context.blockSize()];
        depth = new float[context.blockSize()];
    }

    @Override
    public void process(float[][] inputs, float[][] outputs, ParamBlock params, ProcessContext context) {
        int n = context.blockSize();
        params.get(RATE).fill(rate, n);
        params.get(DEPTH).fill(depth, n);
        float[] in = inputs[0];
        float[] out = outputs[0];
        double invRate = 1.0 / context.sampleRate();
        double p = phase;
        for (int i = 0; i < n; i++) {
            double swing = 0.5 - 0.5 * Math.cos(TWO_PI * p);
            out[i] = in[i] * (float) (1.0 - depth[i] * swing);
            p += rate[i] * invRate;
            if (p >= 1.0) {
                p -= 1.0;
            }
        }
        phase = p;
    }

    @Override
    public void reset() {
        phase = 0;
    }

    @Override
    public int stateSize() {
        return Double.BYTES;
    }

    @Override
    public void saveState(StateWriter out) {
        out.writeDouble(phase);
    }

    @Override
    public void loadState(StateReader in, int version) {
        phase = in.readDouble();
    }
}
