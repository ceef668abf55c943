package org.aetherdsp.nodes.std;

import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.ParamSpec;
import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.api.StateReader;
import org.aetherdsp.api.StateWriter;

/**
 * What the standard oscillators share: the ports and parameters, a phase accumulator in
 * cycles and its state capture. Each subclass writes its own sample loop, so the waveform
 * is not a virtual call per sample.
 */
abstract class Oscillator implements DspNode {

    /** Input port: frequency modulation in Hz, added to {@code freq} per sample. */
    public static final int IN_FM = 0;
    /** Input port: phase modulation in cycles, added to the phase per sample. */
    public static final int IN_PM = 1;
    /** Output port: the signal. */
    public static final int OUT = 0;
    /** Parameter: frequency in Hz. */
    public static final int P_FREQ = 0;
    /** Parameter: linear amplitude. */
    public static final int P_AMP = 1;

    /** The only layout {@link #saveState} writes: one double, the phase in cycles. */
    private static final int STATE_VERSION = 1;

    /** Phase in cycles, always in [0, 1): a double so that long renders do not drift. */
    double phase;
    /** Per-frame {@code freq}, filled from the parameter each block. */
    float[] freqs = new float[0];
    /** Per-frame {@code amp}, filled from the parameter each block. */
    float[] amps = new float[0];

    static NodeDescriptor descriptor(String displayName) {
        return NodeDescriptor.builder(displayName)
                .input("fm").input("pm")
                .output("out")
                .param(ParamSpec.of("freq", 0.01f, 20_000f, 440f, "Hz", 20f))
                .param(ParamSpec.of("amp", 0f, 1f, 1f, "", 20f))
                .build();
    }

    @Override
    public void prepare(ProcessContext context) {
        freqs = new float[context.blockSize()];
        amps = new float[context.blockSize()];
        phase = 0.0;
    }

    @Override
    public void reset() {
        phase = 0.0;
    }

    @Override
    public int stateSize() {
        return Double.BYTES;
    }

    @Override
    public int stateVersion() {
        return STATE_VERSION;
    }

    @Override
    public void saveState(StateWriter out) {
        out.writeDouble(phase);
    }

    private static final String UNKNOWN_STATE_VERSION = "unknown oscillator state version; this build reads version 1";

    @Override
    public void loadState(StateReader in, int version) {
        if (version != STATE_VERSION) {
            // Constant message: loadState may run on the RT thread, where a failure builds no strings.
            throw new IllegalArgumentException(UNKNOWN_STATE_VERSION);
        }
        phase = wrap(in.readDouble());
    }

    /**
     * Folds a phase into [0, 1). Anything not finite (a NaN or infinite modulation input)
     * restarts the phase at 0 instead of poisoning every later sample.
     */
    static double wrap(double p) {
        double w = p - Math.floor(p);
        // p - floor(p) rounds to 1.0 for tiny negative p, and is NaN for infinities.
        return w < 1.0 ? w : 0.0;
    }
}
