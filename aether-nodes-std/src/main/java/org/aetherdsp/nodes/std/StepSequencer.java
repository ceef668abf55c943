package org.aetherdsp.nodes.std;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.Param;
import org.aetherdsp.api.ParamBlock;
import org.aetherdsp.api.ParamSpec;
import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.api.StateReader;
import org.aetherdsp.api.StateWriter;

/**
 * Step sequencer, node type {@value #TYPE_ID}: plays a pattern of up to 16 steps, each a
 * sixteenth note, as a gate and a pitch. The pattern is set on the control side through
 * {@link Sequencer} ({@code engine.nodeAs(handle, Sequencer.class)}); a new node plays 16
 * gated steps of 440 Hz until told otherwise.
 *
 * <p>Ports: no inputs; outputs {@code gate} (1 while a gated step sounds, else 0) and
 * {@code pitch} (the step's pitch in Hz; during rests it holds the last gated step's pitch,
 * so a release tail does not jump; 0 before the first gated step). To play an oscillator,
 * patch {@code pitch} into its {@code fm} input (Hz, added to its {@code freq}) and set its
 * {@code freq} to the minimum, 0.01 Hz; patch {@code gate} into an {@code std.adsr}.
 *
 * <p>Parameters (not smoothed; {@code bpm} is followed per frame while it ramps, the others
 * are read once per block):
 * <ul>
 *   <li>{@code bpm}: tempo in quarter notes per minute, 20..300, default 120;</li>
 *   <li>{@code steps}: how many steps of the pattern loop, 1..16 (rounded), default 16;</li>
 *   <li>{@code gate_length}: how long the gate stays on, as a fraction of a step, 0..1,
 *       default 0.5; at 1 the gate stays high into the next gated step (a tie, no new
 *       rising edge), at 0 it never opens;</li>
 *   <li>{@code swing}: how late every second step starts, as a fraction of a step,
 *       0..0.5, default 0.</li>
 * </ul>
 *
 * <h2>Exact timing</h2>
 * A step lasts {@code L = 60 * sampleRate / (4 * bpm)} frames (exact rational, not
 * rounded). Counting steps from 0 at the node's first frame, step {@code n} begins on frame
 * {@code ceil(n * L)} for even {@code n} and {@code ceil((n + swing) * L)} for odd
 * {@code n}; its gate falls on frame {@code ceil(start_n + gate_length * L)} where
 * {@code start_n} is that unrounded start ({@code n * L} or {@code (n + swing) * L}), or when
 * the next step begins if that is earlier. The phase is kept in integer ticks
 * ({@code 2^21} per bpm per frame, {@code 15 * sampleRate * 2^21} per step), in which every
 * float bpm and every whole sample rate is exact, so boundaries never drift. A tempo change
 * keeps the position within the step.
 *
 * <p>State (version 1): the tick position, the step, its gate and pitch, and the pattern
 * (so a saved patch keeps its pattern). A pattern set but not yet picked up is not part of
 * the state. {@link #reset()} returns to before step 0 and keeps the pattern, which is
 * content, like the parameters.
 */
public final class StepSequencer implements DspNode, Sequencer {

    /** The stable node type id. */
    public static final String TYPE_ID = "std.seq";

    /** Output port: the gate, 0 or 1. */
    public static final int OUT_GATE = 0;
    /** Output port: the pitch in Hz. */
    public static final int OUT_PITCH = 1;
    /** Parameter: tempo in bpm. */
    public static final int P_BPM = 0;
    /** Parameter: pattern length in steps. */
    public static final int P_STEPS = 1;
    /** Parameter: gate length as a fraction of a step. */
    public static final int P_GATE_LENGTH = 2;
    /** Parameter: swing as a fraction of a step. */
    public static final int P_SWING = 3;

    /** Outputs {@code gate}, {@code pitch}; parameters {@code bpm}, {@code steps}, {@code gate_length}, {@code swing}. */
    public static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("Step sequencer")
            .output("gate").output("pitch")
            .param(ParamSpec.of("bpm", 20f, 300f, 120f, "bpm", 0f))
            .param(ParamSpec.of("steps", 1f, MAX_STEPS, MAX_STEPS, "", 0f))
            .param(ParamSpec.of("gate_length", 0f, 1f, 0.5f, "", 0f))
            .param(ParamSpec.of("swing", 0f, 0.5f, 0f, "", 0f))
            .build();

    /** Ticks per frame per bpm: every float in [20, 300] times this is a whole number. */
    static final double TICKS_PER_BPM = 1 << 21;
    /** Highest pitch a step may have, in Hz. */
    public static final float MAX_HZ = 20_000f;
    /** The pitch of every step of a new node's pattern. */
    public static final float DEFAULT_HZ = 440f;

    private static final int STATE_VERSION = 1;
    private static final String UNKNOWN_STATE_VERSION = "unknown seq state version; this build reads version 1";
    private static final String BAD_STATE = "seq state is damaged: step or position out of range";

    /** An immutable pattern built on the control side. */
    private static final class Pattern {
        final float[] hz;
        final boolean[] gates;

        Pattern(float[] hz, boolean[] gates) {
            this.hz = hz;
            this.gates = gates;
        }
    }

    // Handover: setPattern builds a Pattern (final fields, its own arrays) on the control
    // thread and publishes it with AtomicReference.set (a volatile store). The RT thread takes
    // it with getAndSet(null) at a step boundary; the volatile read in getAndSet
    // synchronises with the store, so the arrays are seen complete, and the RT thread copies
    // them into its own. Dropping the Pattern reference there allocates nothing.
    private final AtomicReference<Pattern> pending = new AtomicReference<>();
    private volatile int publishedStep = -1;

    // ---- RT-thread state ----
    private final float[] hz = new float[MAX_STEPS];
    private final boolean[] gates = new boolean[MAX_STEPS];
    private float[] bpms = new float[0];
    /** Ticks per step at the prepared rate. */
    private long stepTicks;
    /** Tick position within the current pair of steps (even, odd), in [0, 2 * stepTicks). */
    private long tick;
    /** 0 during the even step of the pair, 1 during the odd one. */
    private int half;
    /** Tick (within the pair) where the current step began, unrounded. */
    private long stepStart;
    /** Index of the current step in the pattern; -1 before the first. */
    private int index = -1;
    private boolean stepGated;
    private float pitch;
    /** The steps parameter, rounded, for this block. */
    private int stepCount = MAX_STEPS;

    /** Creates an unprepared node playing the default pattern; call {@link #prepare} before {@link #process}. */
    public StepSequencer() {
        Arrays.fill(hz, DEFAULT_HZ);
        Arrays.fill(gates, true);
    }

    @Override
    public void prepare(ProcessContext context) {
        bpms = new float[context.blockSize()];
        stepTicks = (long) (15.0 * context.sampleRate() * TICKS_PER_BPM);
        reset();
    }

    @Override
    public void reset() {
        tick = 0L;
        half = 0;
        stepStart = 0L;
        index = -1;
        stepGated = false;
        pitch = 0f;
        publishedStep = -1;
    }

    @Override
    public void process(float[][] inputs, float[][] outputs, ParamBlock params, ProcessContext context) {
        final int n = context.blockSize();
        final float[] gateOut = outputs[OUT_GATE];
        final float[] pitchOut = outputs[OUT_PITCH];
        final Param bpm = params.get(P_BPM);
        final boolean bpmRamps = bpm.isSmoothing();
        if (bpmRamps) {
            bpm.fill(bpms, n);
        }
        final long steadyIncrement = (long) (bpm.value() * TICKS_PER_BPM);
        stepCount = Math.max(1, Math.min(MAX_STEPS, Math.round(params.get(P_STEPS).value())));
        final long step = stepTicks;
        final long pair = 2 * step;
        final long gateTicks = (long) Math.ceil(params.get(P_GATE_LENGTH).value() * (double) step);
        final long oddStart = step + (long) Math.ceil(params.get(P_SWING).value() * (double) step);

        for (int i = 0; i < n; i++) {
            if (index < 0) {
                nextStep();
            }
            while (true) {
                if (half == 0 && tick >= oddStart) {
                    half = 1;
                    stepStart = oddStart;
                    nextStep();
                } else if (half == 1 && tick >= pair) {
                    tick -= pair;
                    half = 0;
                    stepStart = 0L;
                    nextStep();
                } else {
                    break;
                }
            }
            gateOut[i] = stepGated && tick - stepStart < gateTicks ? 1f : 0f;
            pitchOut[i] = pitch;
            tick += bpmRamps ? (long) (bpms[i] * TICKS_PER_BPM) : steadyIncrement;
        }
        publishedStep = index;
    }

    /** Moves to the next step of the pattern, picking up a newly set pattern first. */
    private void nextStep() {
        final Pattern p = pending.getAndSet(null);
        if (p != null) {
            System.arraycopy(p.hz, 0, hz, 0, MAX_STEPS);
            System.arraycopy(p.gates, 0, gates, 0, MAX_STEPS);
        }
        index = index + 1 >= stepCount ? 0 : index + 1;
        stepGated = gates[index];
        if (stepGated) {
            pitch = hz[index];
        }
    }

    // ---- Sequencer: control thread ----

    @Override
    public void setPattern(float[] stepHz, boolean[] stepGates) {
        if (stepHz.length != stepGates.length) {
            throw new IllegalArgumentException("pattern has " + stepHz.length + " pitches but " + stepGates.length
                    + " gates; they must be the same length");
        }
        if (stepHz.length < 1 || stepHz.length > MAX_STEPS) {
            throw new IllegalArgumentException("pattern must have 1.." + MAX_STEPS + " steps, got " + stepHz.length);
        }
        final float[] h = new float[MAX_STEPS];
        final boolean[] g = new boolean[MAX_STEPS];
        for (int i = 0; i < stepHz.length; i++) {
            if (!(stepHz[i] >= 0f && stepHz[i] <= MAX_HZ)) {
                throw new IllegalArgumentException("step " + i + " pitch " + stepHz[i] + " Hz is outside 0.." + MAX_HZ);
            }
            h[i] = stepHz[i];
            g[i] = stepGates[i];
        }
        pending.set(new Pattern(h, g));
    }

    @Override
    public int currentStep() {
        return publishedStep;
    }

    // ---- State ----

    @Override
    public int stateSize() {
        // tick, half, stepStart, index, stepGated, pitch, then the pattern.
        return 8 + 4 + 8 + 4 + 1 + 4 + MAX_STEPS * (4 + 1);
    }

    @Override
    public int stateVersion() {
        return STATE_VERSION;
    }

    @Override
    public void saveState(StateWriter out) {
        out.writeLong(tick);
        out.writeInt(half);
        out.writeLong(stepStart);
        out.writeInt(index);
        out.writeBoolean(stepGated);
        out.writeFloat(pitch);
        out.writeFloats(hz, 0, MAX_STEPS);
        for (int i = 0; i < MAX_STEPS; i++) {
            out.writeBoolean(gates[i]);
        }
    }

    @Override
    public void loadState(StateReader in, int version) {
        if (version != STATE_VERSION) {
            throw new IllegalArgumentException(UNKNOWN_STATE_VERSION);
        }
        final long tk = in.readLong();
        final int hf = in.readInt();
        final long start = in.readLong();
        final int idx = in.readInt();
        final boolean gated = in.readBoolean();
        final float p = in.readFloat();
        if (tk < 0 || (hf != 0 && hf != 1) || start < 0 || idx < -1 || idx >= MAX_STEPS) {
            throw new IllegalArgumentException(BAD_STATE);
        }
        in.readFloats(hz, 0, MAX_STEPS);
        for (int i = 0; i < MAX_STEPS; i++) {
            gates[i] = in.readBoolean();
        }
        tick = tk;
        half = hf;
        stepStart = start;
        index = idx;
        stepGated = gated;
        pitch = p;
        publishedStep = idx;
    }
}
