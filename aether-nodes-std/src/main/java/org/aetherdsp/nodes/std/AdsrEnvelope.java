package org.aetherdsp.nodes.std;

import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.Param;
import org.aetherdsp.api.ParamBlock;
import org.aetherdsp.api.ParamSpec;
import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.api.StateReader;
import org.aetherdsp.api.StateWriter;

/**
 * Linear ADSR envelope generator, node type {@value #TYPE_ID}.
 *
 * <p>Ports: input {@code gate}, on while above 0.5; output {@code out}, the envelope in
 * [0, 1].
 *
 * <p>Parameters:
 * <ul>
 *   <li>{@code attack}: 0..10000 ms, default 10, not smoothed;</li>
 *   <li>{@code decay}: 0..10000 ms, default 100, not smoothed;</li>
 *   <li>{@code sustain}: level, 0..1, default 0.7, smoothed over 10 ms (followed per sample
 *       during decay and sustain);</li>
 *   <li>{@code release}: 0..10000 ms, default 200, not smoothed.</li>
 * </ul>
 * A time {@code ms} lasts {@code round(ms * sampleRate / 1000)} frames. Each stage reads its
 * time once, on the frame it begins; changing a time affects the next stage that begins.
 *
 * <h2>Exact timing</h2>
 * The envelope is a piecewise-linear function of the frame index whose knees lie on the
 * frames where the gate changes. A segment that begins at frame {@code k} from level
 * {@code L} towards {@code target} over {@code N} frames outputs
 * {@code out[k + j] = L + (target - L) * j / N} for {@code 0 <= j <= N}: it takes over at
 * {@code k} with the level the previous segment has there (no jump), and lands exactly on
 * its target at frame {@code k + N}. So, for a gate rising at frame {@code k} and falling
 * at frame {@code m}, with {@code A}, {@code D}, {@code R} the stage lengths in frames:
 * <ul>
 *   <li>attack: from the current level to exactly 1.0 at frame {@code k + A};</li>
 *   <li>decay: from 1 to exactly {@code sustain} at frame {@code k + A + D};</li>
 *   <li>sustain: {@code sustain} while the gate stays on;</li>
 *   <li>release: begins at {@code m} from whatever level the envelope has there (in any
 *       stage), reaching exactly 0 at frame {@code m + R};</li>
 *   <li>a rising gate during the release (or anywhere) restarts the attack from the
 *       current level: a retrigger, with no jump.</li>
 * </ul>
 * A zero-length stage is complete on the frame it begins (attack 0: the output is 1, or
 * {@code sustain} with decay 0, on the gate's first frame).
 *
 * <p>State (version 1): the stage, its start level, length and progress, and the gate seen
 * on the last frame. Levels never become subnormal: a segment never starts from a level
 * below 1e-20, and linear segments land on exact targets.
 */
public final class AdsrEnvelope implements DspNode {

    /** The stable node type id. */
    public static final String TYPE_ID = "std.adsr";

    /** Input port: the gate, on above 0.5. */
    public static final int IN_GATE = 0;
    /** Output port: the envelope. */
    public static final int OUT = 0;
    /** Parameter: attack time in ms. */
    public static final int P_ATTACK = 0;
    /** Parameter: decay time in ms. */
    public static final int P_DECAY = 1;
    /** Parameter: sustain level. */
    public static final int P_SUSTAIN = 2;
    /** Parameter: release time in ms. */
    public static final int P_RELEASE = 3;

    /** Port {@code gate} to {@code out}; parameters {@code attack}, {@code decay}, {@code sustain}, {@code release}. */
    public static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("ADSR envelope")
            .input("gate")
            .output("out")
            .param(ParamSpec.of("attack", 0f, 10_000f, 10f, "ms", 0f))
            .param(ParamSpec.of("decay", 0f, 10_000f, 100f, "ms", 0f))
            .param(ParamSpec.of("sustain", 0f, 1f, 0.7f, "", 10f))
            .param(ParamSpec.of("release", 0f, 10_000f, 200f, "ms", 0f))
            .build();

    static final int IDLE = 0;
    static final int ATTACK = 1;
    static final int DECAY = 2;
    static final int SUSTAIN = 3;
    static final int RELEASE = 4;

    private static final int STATE_VERSION = 1;
    /** Levels below this start a segment from 0 instead, so nothing approaches subnormals. */
    private static final float TINY = 1e-20f;
    private static final String UNKNOWN_STATE_VERSION = "unknown adsr state version; this build reads version 1";
    private static final String BAD_STATE = "adsr state is damaged: stage or progress out of range";

    private float sampleRate = 48_000f;
    private float[] sustains = new float[0];

    private int stage = IDLE;
    /** The level the current segment started from. */
    private float from;
    /** The current segment's length in frames. */
    private int length;
    /** Frames since the current segment began (the frame being computed is frame t of it). */
    private int t;
    /** Whether the gate was on at the last frame processed. */
    private boolean gateOn;

    /** Creates an unprepared node; call {@link #prepare} before {@link #process}. */
    public AdsrEnvelope() {
    }

    @Override
    public void prepare(ProcessContext context) {
        sampleRate = context.sampleRate();
        sustains = new float[context.blockSize()];
        reset();
    }

    @Override
    public void reset() {
        stage = IDLE;
        from = 0f;
        length = 0;
        t = 0;
        gateOn = false;
    }

    @Override
    public void process(float[][] inputs, float[][] outputs, ParamBlock params, ProcessContext context) {
        final int n = context.blockSize();
        final float[] gate = inputs[IN_GATE];
        final float[] out = outputs[OUT];
        final Param sustain = params.get(P_SUSTAIN);
        final boolean sustainRamps = sustain.isSmoothing();
        if (sustainRamps) {
            sustain.fill(sustains, n);
        }
        final float steadySustain = sustain.value();

        for (int i = 0; i < n; i++) {
            float s = sustainRamps ? sustains[i] : steadySustain;
            if (s < TINY) {
                s = 0f;
            }
            final boolean on = gate[i] > 0.5f;
            if (on != gateOn) {
                gateOn = on;
                final float level = level(s);
                if (on) {
                    begin(ATTACK, level, frames(params.get(P_ATTACK).valueAt(i)));
                } else {
                    begin(RELEASE, level, frames(params.get(P_RELEASE).valueAt(i)));
                }
            }
            // Zero-length (or finished) segments hand over on this very frame.
            if (stage == ATTACK && t >= length) {
                begin(DECAY, 1f, frames(params.get(P_DECAY).valueAt(i)));
            }
            if (stage == DECAY && t >= length) {
                stage = SUSTAIN;
            } else if (stage == RELEASE && t >= length) {
                stage = IDLE;
            }
            out[i] = level(s);
            if (stage == ATTACK || stage == DECAY || stage == RELEASE) {
                t++;
            }
        }
    }

    /** The current segment's level at its frame {@link #t}, for sustain level {@code s}. */
    private float level(float s) {
        switch (stage) {
            case ATTACK:
                return segment(1f);
            case DECAY:
                return segment(s);
            case SUSTAIN:
                return s;
            case RELEASE:
                return segment(0f);
            default:
                return 0f;
        }
    }

    private float segment(float target) {
        if (t >= length) {
            return target;
        }
        return (float) (from + ((double) target - from) * t / length);
    }

    private void begin(int newStage, float level, int frames) {
        stage = newStage;
        from = level < TINY ? 0f : level;
        length = frames;
        t = 0;
    }

    /** A time in ms as whole frames, at least 0. */
    private int frames(float ms) {
        return (int) Math.max(0L, Math.round(ms * (double) sampleRate / 1000.0));
    }

    // ---- State ----

    @Override
    public int stateSize() {
        return 4 + 4 + 4 + 4 + 1;
    }

    @Override
    public int stateVersion() {
        return STATE_VERSION;
    }

    @Override
    public void saveState(StateWriter out) {
        out.writeInt(stage);
        out.writeFloat(from);
        out.writeInt(length);
        out.writeInt(t);
        out.writeBoolean(gateOn);
    }

    @Override
    public void loadState(StateReader in, int version) {
        if (version != STATE_VERSION) {
            throw new IllegalArgumentException(UNKNOWN_STATE_VERSION);
        }
        final int s = in.readInt();
        final float f = in.readFloat();
        final int len = in.readInt();
        final int progress = in.readInt();
        final boolean g = in.readBoolean();
        if (s < IDLE || s > RELEASE || len < 0 || progress < 0 || progress > len || !(f >= 0f && f <= 1f)) {
            throw new IllegalArgumentException(BAD_STATE);
        }
        stage = s;
        from = f;
        length = len;
        t = progress;
        gateOn = g;
    }
}
