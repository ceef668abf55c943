package org.aetherdsp.nodes.std;

import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.Param;
import org.aetherdsp.api.ParamBlock;
import org.aetherdsp.api.ParamSpec;
import org.aetherdsp.api.ProcessContext;

/**
 * Equal-power mono panner, node type {@value #TYPE_ID}: with
 * {@code theta = (pan + 1) * pi / 4}, {@code left = in * cos(theta)} and
 * {@code right = in * sin(theta)}, so {@code left^2 + right^2 = in^2} at every position and
 * the centre is -3.01 dB on each side.
 *
 * <p>Ports: input {@code in}; outputs {@code left} and {@code right}. Parameter {@code pan}:
 * -1 (hard left) .. 1 (hard right), default 0 (centre), smoothed over 20 ms; while it ramps
 * the gains are computed per sample, otherwise once per block. No internal state.
 *
 * <p>The gains are evaluated as {@code sin((1 - u) pi/2)} and {@code sin(u pi/2)} with
 * {@code u = (pan + 1) / 2}, the same functions written so that both ends are exact: at
 * {@code pan = -1} the right gain is exactly 0 and the left exactly 1 (and the mirror at
 * {@code pan = 1}), where {@code cos(pi/2)} in floating point would leak 6e-17.
 */
public final class Pan implements DspNode {

    /** The stable node type id. */
    public static final String TYPE_ID = "std.pan";

    /** Input port: the mono signal. */
    public static final int IN = 0;
    /** Output port: left channel. */
    public static final int LEFT = 0;
    /** Output port: right channel. */
    public static final int RIGHT = 1;
    /** Parameter: position, -1 left .. 1 right. */
    public static final int P_PAN = 0;

    /** Port {@code in} to {@code left}, {@code right}; parameter {@code pan}. */
    public static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("Equal-power pan")
            .input("in")
            .output("left").output("right")
            .param(ParamSpec.of("pan", -1f, 1f, 0f, "", 20f))
            .build();

    private static final double HALF_PI = Math.PI / 2.0;

    /** Per-frame pan position while the parameter ramps. */
    private float[] positions = new float[0];
    /** The settled position the gains below were computed for (NaN: none yet). */
    private float steadyPosition = Float.NaN;
    private float steadyLeft;
    private float steadyRight;

    /** Creates an unprepared node; call {@link #prepare} before {@link #process}. */
    public Pan() {
    }

    /**
     * The left gain at a position.
     *
     * @param pan -1..1
     * @return {@code cos((pan + 1) pi / 4)}
     */
    static float leftGain(float pan) {
        return (float) Math.sin((1.0 - (pan + 1.0) * 0.5) * HALF_PI);
    }

    /**
     * The right gain at a position.
     *
     * @param pan -1..1
     * @return {@code sin((pan + 1) pi / 4)}
     */
    static float rightGain(float pan) {
        return (float) Math.sin((pan + 1.0) * 0.5 * HALF_PI);
    }

    @Override
    public void prepare(ProcessContext context) {
        positions = new float[context.blockSize()];
    }

    @Override
    public void process(float[][] inputs, float[][] outputs, ParamBlock params, ProcessContext context) {
        final int n = context.blockSize();
        final float[] in = inputs[IN];
        final float[] left = outputs[LEFT];
        final float[] right = outputs[RIGHT];
        final Param pan = params.get(P_PAN);
        if (pan.isSmoothing()) {
            final float[] p = positions;
            pan.fill(p, n);
            for (int i = 0; i < n; i++) {
                final float x = in[i];
                left[i] = x * leftGain(p[i]);
                right[i] = x * rightGain(p[i]);
            }
        } else {
            final float position = pan.value();
            if (position != steadyPosition) {
                // Two sines: more than the block's multiplies. Computed again only when the position moves.
                steadyLeft = leftGain(position);
                steadyRight = rightGain(position);
                steadyPosition = position;
            }
            final float gl = steadyLeft;
            final float gr = steadyRight;
            for (int i = 0; i < n; i++) {
                final float x = in[i];
                left[i] = x * gl;
                right[i] = x * gr;
            }
        }
    }
}
