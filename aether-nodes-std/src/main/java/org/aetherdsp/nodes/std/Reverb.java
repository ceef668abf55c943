package org.aetherdsp.nodes.std;

import java.util.Arrays;

import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.ParamBlock;
import org.aetherdsp.api.ParamSpec;
import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.api.StateReader;
import org.aetherdsp.api.StateWriter;

/**
 * Stereo reverb after Jezar's Freeverb, node type {@value #TYPE_ID}. Per channel, eight
 * parallel feedback comb filters with a one-pole lowpass in each loop, then four series
 * "allpass" filters with Freeverb's own recurrence ({@code buf = in + 0.5 buf},
 * {@code out = buf - in}; not a true allpass: its gain ripples between 1 and 1.67, part of
 * Freeverb's colour). The right channel's delays are 23 samples longer than the
 * left's (Freeverb's stereo spread), which decorrelates the two tails. Freeverb's delays are
 * given in samples at 44.1 kHz; here they are scaled to the prepared sample rate, so the
 * reverb sounds the same at any rate.
 *
 * <p>The input feeds every comb at {@code 2 * 0.015} (Freeverb's fixed gain for the sum of
 * its two inputs, both fed the same mono signal). Each comb loop is
 * {@code store = out * (1 - d) + store * d}, {@code d = 0.4 * damp}, fed back at
 * {@code 0.7 + 0.28 * room}. Outputs:
 * {@code left = (1 - mix) * in + 3 mix (w1 * wetL + w2 * wetR)}, right likewise with wetL and
 * wetR swapped, with {@code w1 = (1 + width) / 2}, {@code w2 = (1 - width) / 2}.
 *
 * <p>Ports: input {@code in}; outputs {@code left}, {@code right}.
 * <p>Parameters, all 0..1 and smoothed over 50 ms:
 * <ul>
 *   <li>{@code room}: room size, the comb feedback 0.7..0.98, default 0.5;</li>
 *   <li>{@code damp}: high-frequency damping in the loops, default 0.5;</li>
 *   <li>{@code width}: stereo width, 0 (mono) .. 1, default 1;</li>
 *   <li>{@code mix}: dry/wet, default 0.33 (wet gain 3 * mix, Freeverb's wet scale).</li>
 * </ul>
 * All 24 buffers are allocated in {@link #prepare}. State: every buffer, its position and
 * every comb's lowpass memory (version 1).
 */
public final class Reverb implements DspNode {

    /** The stable node type id. */
    public static final String TYPE_ID = "std.reverb";

    /** Input port: the (mono) signal. */
    public static final int IN = 0;
    /** Output port: left channel. */
    public static final int LEFT = 0;
    /** Output port: right channel. */
    public static final int RIGHT = 1;
    /** Parameter: room size. */
    public static final int P_ROOM = 0;
    /** Parameter: damping. */
    public static final int P_DAMP = 1;
    /** Parameter: stereo width. */
    public static final int P_WIDTH = 2;
    /** Parameter: dry/wet mix. */
    public static final int P_MIX = 3;

    /** Port {@code in} to {@code left}, {@code right}; parameters room, damp, width, mix. */
    public static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("Reverb (Freeverb)")
            .input("in")
            .output("left").output("right")
            .param(ParamSpec.of("room", 0f, 1f, 0.5f, "", 50f))
            .param(ParamSpec.of("damp", 0f, 1f, 0.5f, "", 50f))
            .param(ParamSpec.of("width", 0f, 1f, 1f, "", 50f))
            .param(ParamSpec.of("mix", 0f, 1f, 0.33f, "", 50f))
            .build();

    /** Freeverb's tunings, in samples at 44.1 kHz. */
    private static final int[] COMB_TUNING = {1116, 1188, 1277, 1356, 1422, 1491, 1557, 1617};
    private static final int[] ALLPASS_TUNING = {556, 441, 341, 225};
    private static final int STEREO_SPREAD = 23;
    private static final double TUNING_RATE = 44_100.0;

    private static final float FIXED_GAIN = 2f * 0.015f;
    private static final float SCALE_WET = 3f;
    private static final float SCALE_DAMP = 0.4f;
    private static final float SCALE_ROOM = 0.28f;
    private static final float OFFSET_ROOM = 0.7f;
    private static final float ALLPASS_FEEDBACK = 0.5f;

    private static final int COMBS = COMB_TUNING.length;
    private static final int ALLPASSES = ALLPASS_TUNING.length;
    private static final int STATE_VERSION = 1;

    /** Combs of the left channel at 0..7, of the right at 8..15; allpasses likewise 0..3, 4..7. */
    private float[][] combs = new float[0][];
    private int[] combPos = new int[0];
    private float[] combStore = new float[0];
    private float[][] allpasses = new float[0][];
    private int[] allpassPos = new int[0];

    private float[] rooms = new float[0];
    private float[] damps = new float[0];
    private float[] widths = new float[0];
    private float[] mixes = new float[0];

    /** Creates an unprepared node; call {@link #prepare} before {@link #process}. */
    public Reverb() {
    }

    @Override
    public void prepare(ProcessContext context) {
        final double scale = context.sampleRate() / TUNING_RATE;
        combs = new float[2 * COMBS][];
        combPos = new int[2 * COMBS];
        combStore = new float[2 * COMBS];
        for (int c = 0; c < COMBS; c++) {
            combs[c] = new float[scaled(COMB_TUNING[c], scale)];
            combs[COMBS + c] = new float[scaled(COMB_TUNING[c] + STEREO_SPREAD, scale)];
        }
        allpasses = new float[2 * ALLPASSES][];
        allpassPos = new int[2 * ALLPASSES];
        for (int a = 0; a < ALLPASSES; a++) {
            allpasses[a] = new float[scaled(ALLPASS_TUNING[a], scale)];
            allpasses[ALLPASSES + a] = new float[scaled(ALLPASS_TUNING[a] + STEREO_SPREAD, scale)];
        }
        final int n = context.blockSize();
        rooms = new float[n];
        damps = new float[n];
        widths = new float[n];
        mixes = new float[n];
    }

    private static int scaled(int samplesAt44k, double scale) {
        return Math.max(1, (int) Math.round(samplesAt44k * scale));
    }

    @Override
    public void process(float[][] inputs, float[][] outputs, ParamBlock params, ProcessContext context) {
        final int n = context.blockSize();
        final float[] in = inputs[IN];
        final float[] left = outputs[LEFT];
        final float[] right = outputs[RIGHT];
        final float[] room = FrameValues.of(params.get(P_ROOM), rooms, n);
        final float[] damp = FrameValues.of(params.get(P_DAMP), damps, n);
        final float[] width = FrameValues.of(params.get(P_WIDTH), widths, n);
        final float[] mix = FrameValues.of(params.get(P_MIX), mixes, n);
        for (int i = 0; i < n; i++) {
            final float x = in[i];
            final float input = x * FIXED_GAIN;
            final float feedback = OFFSET_ROOM + SCALE_ROOM * room[i];
            final float damp1 = SCALE_DAMP * damp[i];
            final float damp2 = 1f - damp1;
            final float wetL = allpassChain(0, combSum(0, input, feedback, damp1, damp2));
            final float wetR = allpassChain(ALLPASSES, combSum(COMBS, input, feedback, damp1, damp2));
            final float wet = SCALE_WET * mix[i];
            final float wet1 = wet * (0.5f + 0.5f * width[i]);
            final float wet2 = wet * (0.5f - 0.5f * width[i]);
            final float dry = (1f - mix[i]) * x;
            left[i] = dry + wetL * wet1 + wetR * wet2;
            right[i] = dry + wetR * wet1 + wetL * wet2;
        }
    }

    /** Runs the eight combs from {@code first} on one input sample and returns their sum. */
    private float combSum(int first, float input, float feedback, float damp1, float damp2) {
        float sum = 0f;
        for (int c = first; c < first + COMBS; c++) {
            final float[] buf = combs[c];
            int p = combPos[c];
            final float out = buf[p];
            final float store = InterpolatingDelayLine.flush(out * damp2 + combStore[c] * damp1);
            combStore[c] = store;
            buf[p] = InterpolatingDelayLine.flush(input + store * feedback);
            if (++p == buf.length) {
                p = 0;
            }
            combPos[c] = p;
            sum += out;
        }
        return sum;
    }

    /** Runs one sample through the four series allpasses from {@code first}. */
    private float allpassChain(int first, float input) {
        float x = input;
        for (int a = first; a < first + ALLPASSES; a++) {
            final float[] buf = allpasses[a];
            int p = allpassPos[a];
            final float delayed = buf[p];
            buf[p] = InterpolatingDelayLine.flush(x + delayed * ALLPASS_FEEDBACK);
            if (++p == buf.length) {
                p = 0;
            }
            allpassPos[a] = p;
            x = delayed - x;
        }
        return x;
    }

    @Override
    public void reset() {
        for (float[] buf : combs) {
            Arrays.fill(buf, 0f);
        }
        for (float[] buf : allpasses) {
            Arrays.fill(buf, 0f);
        }
        Arrays.fill(combPos, 0);
        Arrays.fill(combStore, 0f);
        Arrays.fill(allpassPos, 0);
    }

    @Override
    public int stateSize() {
        int floats = combStore.length;
        for (float[] buf : combs) {
            floats += buf.length;
        }
        for (float[] buf : allpasses) {
            floats += buf.length;
        }
        final int ints = 1 + combs.length + allpasses.length;
        return floats * Float.BYTES + ints * Integer.BYTES;
    }

    @Override
    public int stateVersion() {
        return STATE_VERSION;
    }

    @Override
    public void saveState(StateWriter out) {
        out.writeInt(combs[0].length);
        for (int c = 0; c < combs.length; c++) {
            out.writeInt(combPos[c]);
            out.writeFloats(combs[c], 0, combs[c].length);
        }
        out.writeFloats(combStore, 0, combStore.length);
        for (int a = 0; a < allpasses.length; a++) {
            out.writeInt(allpassPos[a]);
            out.writeFloats(allpasses[a], 0, allpasses[a].length);
        }
    }

    private static final String UNKNOWN_STATE_VERSION = "unknown reverb state version; this build reads version 1";
    private static final String OTHER_RATE = "reverb state was saved at another sample rate";

    @Override
    public void loadState(StateReader in, int version) {
        if (version != STATE_VERSION) {
            throw new IllegalArgumentException(UNKNOWN_STATE_VERSION);
        }
        if (in.readInt() != combs[0].length) {
            throw new IllegalArgumentException(OTHER_RATE);
        }
        for (int c = 0; c < combs.length; c++) {
            combPos[c] = position(in.readInt(), combs[c].length);
            in.readFloats(combs[c], 0, combs[c].length);
        }
        in.readFloats(combStore, 0, combStore.length);
        for (int a = 0; a < allpasses.length; a++) {
            allpassPos[a] = position(in.readInt(), allpasses[a].length);
            in.readFloats(allpasses[a], 0, allpasses[a].length);
        }
    }

    private static int position(int p, int length) {
        return p >= 0 && p < length ? p : 0;
    }
}
