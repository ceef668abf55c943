package org.aetherdsp.nodes.std;

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
 * One-voice sampler, node type {@value #TYPE_ID}: plays a table loaded on the control side
 * through {@link Sampler} ({@code engine.nodeAs(handle, Sampler.class)}), resampled from
 * its own rate with 4-point cubic (Catmull-Rom) interpolation. With no table it outputs
 * silence.
 *
 * <p>Ports: input {@code trigger}, a rising edge through 0.5 (re)starts the table from its
 * first frame on that frame (a hard restart: shape it with an envelope); outputs {@code out}
 * (a mono table, or the left channel of a stereo one) and {@code right} (the right channel of a
 * stereo table; a mono table plays the same on both).
 *
 * <p>Parameters ({@code pitch} and {@code amp} per sample, the loop parameters once per
 * block):
 * <ul>
 *   <li>{@code pitch}: -24..24 semitones, default 0, smoothed over 20 ms. The playhead
 *       moves {@code (tableRate / sampleRate) * 2^(pitch/12)} table frames per frame: +12
 *       plays twice as fast, in half the time;</li>
 *   <li>{@code loop}: 0..1, default 0, not smoothed; 0.5 or more loops between
 *       {@code loop_start} and {@code loop_end}, otherwise the table plays once;</li>
 *   <li>{@code loop_start}, {@code loop_end}: 0..1 (defaults 0 and 1) of the table length,
 *       rounded to whole frames, not smoothed: the loop is frames
 *       {@code [round(loop_start * n), round(loop_end * n))}; reaching {@code loop_end}
 *       continues at {@code loop_start} plus the overshoot, and interpolation reads across
 *       the seam as the loop plays it (after the first wrap, the frame before
 *       {@code loop_start} is the loop's last). With {@code loop_end <= loop_start} nothing loops;</li>
 *   <li>{@code amp}: output level, 0..1, default 1, smoothed over 20 ms.</li>
 * </ul>
 * At pitch 0 with the table's rate equal to the engine's, the playhead lands on whole
 * frames and the output is the table sample for sample, times {@code amp}. A table that
 * does not loop ends after its last frame (a table of {@code n} frames at +12 lasts
 * {@code ceil(n / 2)} frames). Pitching up does not band-limit the table, so content near
 * the table's Nyquist frequency aliases.
 *
 * <p>State (version 1): the playhead, whether a note plays and has wrapped, and the trigger
 * memory. The
 * table is content the application loads, like a file, and is not part of the state: a
 * restored note continues on the table loaded into the restoring instance.
 * {@link #reset()} stops the note and keeps the table.
 */
public final class SamplePlayer implements DspNode, Sampler {

    /** The stable node type id. */
    public static final String TYPE_ID = "std.sampler";

    /** Input port: rising edge through 0.5 restarts. */
    public static final int IN_TRIGGER = 0;
    /** Output port: the table, played (its left channel, for a stereo table). */
    public static final int OUT = 0;
    /** Output port: the right channel of a stereo table; a mono table's only channel. */
    public static final int OUT_RIGHT = 1;
    /** Parameter: transposition in semitones. */
    public static final int P_PITCH = 0;
    /** Parameter: loop on (at least 0.5) or off. */
    public static final int P_LOOP = 1;
    /** Parameter: loop start as a fraction of the table. */
    public static final int P_LOOP_START = 2;
    /** Parameter: loop end as a fraction of the table. */
    public static final int P_LOOP_END = 3;
    /** Parameter: output level. */
    public static final int P_AMP = 4;

    /** Port {@code trigger} to {@code out} and {@code right}; parameters {@code pitch}, {@code loop}, {@code loop_start}, {@code loop_end}, {@code amp}. */
    public static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("Sampler")
            .input("trigger")
            .output("out")
            .output("right")
            .param(ParamSpec.of("pitch", -24f, 24f, 0f, "st", 20f))
            .param(ParamSpec.of("loop", 0f, 1f, 0f, "", 0f))
            .param(ParamSpec.of("loop_start", 0f, 1f, 0f, "", 0f))
            .param(ParamSpec.of("loop_end", 0f, 1f, 1f, "", 0f))
            .param(ParamSpec.of("amp", 0f, 1f, 1f, "", 20f))
            .build();

    private static final int STATE_VERSION = 1;
    private static final String UNKNOWN_STATE_VERSION = "unknown sampler state version; this build reads version 1";
    private static final String BAD_STATE = "sampler state is damaged: playhead not finite or negative";

    /** An immutable table built on the control side. */
    private static final class Table {
        /** The left channel, or the only one. */
        final float[] data;
        /** The right channel; the same array as {@link #data} for a mono table. */
        final float[] right;
        final double rate;

        Table(float[] data, float[] right, double rate) {
            this.data = data;
            this.right = right;
            this.rate = rate;
        }
    }

    /** Published by {@link #clear()}: no table. */
    private static final Table NONE = new Table(new float[0], new float[0], 1.0);

    // Handover: load() copies and validates the samples into a new Table (final fields) on
    // the control thread and publishes it with AtomicReference.set, a volatile store. The RT
    // thread takes it with getAndSet(null) at the start of a block; that volatile read
    // synchronises with the store, so the table's contents are seen complete. Only the RT
    // thread reads `table` and `voice` after that.
    private final AtomicReference<Table> pending = new AtomicReference<>();

    // ---- RT-thread state ----
    private float sampleRate = 48_000f;
    private float[] pitches = new float[0];
    private float[] amps = new float[0];
    /** What the next trigger plays; null when there is none. */
    private Table table;
    /** What the playing note plays; null when idle. */
    private Table voice;
    /** Playhead in frames of {@link #voice}. */
    private double position;
    private boolean triggerHigh;
    // The loop region of the voice for this block, in its frames.
    private boolean looping;
    private int loopStart;
    private int loopEnd;
    /** Whether the playhead has wrapped from the loop end to its start since the trigger. */
    private boolean wrapped;
    /**
     * Restored state said a note was playing but no table was loaded yet (an engine restores
     * nodes before the application can load their tables): resume that note, at the restored
     * playhead, when the table arrives.
     */
    private boolean resumeOnLoad;

    /** Creates an unprepared node with no table; call {@link #prepare} before {@link #process}. */
    public SamplePlayer() {
    }

    @Override
    public void prepare(ProcessContext context) {
        sampleRate = context.sampleRate();
        pitches = new float[context.blockSize()];
        amps = new float[context.blockSize()];
        reset();
    }

    @Override
    public void reset() {
        voice = null;
        position = 0.0;
        triggerHigh = false;
        wrapped = false;
        resumeOnLoad = false;
    }

    @Override
    public void process(float[][] inputs, float[][] outputs, ParamBlock params, ProcessContext context) {
        final int n = context.blockSize();
        final float[] trigger = inputs[IN_TRIGGER];
        final float[] out = outputs[OUT];
        final float[] outRight = outputs[OUT_RIGHT];
        takeNewTable();
        if (voice == null && table == null) {
            // Nothing playing and nothing a trigger could start: silence, and the trigger's
            // last level kept for the edge of the next block (what the loop below does then).
            for (int i = 0; i < n; i++) {
                out[i] = 0f;
                outRight[i] = 0f;
            }
            triggerHigh = trigger[n - 1] > 0.5f;
            return;
        }
        final Param pitch = params.get(P_PITCH);
        final boolean pitchRamps = pitch.isSmoothing();
        if (pitchRamps) {
            pitch.fill(pitches, n);
        }
        final double steadyTransposition = transposition(pitch.value());
        final Param amp = params.get(P_AMP);
        final boolean ampRamps = amp.isSmoothing();
        if (ampRamps) {
            amp.fill(amps, n);
        }
        final float steadyAmp = amp.value();
        final boolean loopOn = params.get(P_LOOP).value() >= 0.5f;
        final float loopStartFraction = params.get(P_LOOP_START).value();
        final float loopEndFraction = params.get(P_LOOP_END).value();
        if (voice != null) {
            setLoop(loopOn, loopStartFraction, loopEndFraction);
        }

        for (int i = 0; i < n; i++) {
            final boolean high = trigger[i] > 0.5f;
            if (high && !triggerHigh) {
                voice = table;
                position = 0.0;
                wrapped = false;
                if (voice != null) {
                    setLoop(loopOn, loopStartFraction, loopEndFraction);
                }
            }
            triggerHigh = high;
            final Table v = voice;
            if (v == null) {
                out[i] = 0f;
                outRight[i] = 0f;
                continue;
            }
            final float[] data = v.data;
            double p = position;
            if (!looping && p >= data.length) {
                voice = null;
                out[i] = 0f;
                outRight[i] = 0f;
                continue;
            }
            final float a = ampRamps ? amps[i] : steadyAmp;
            final float left = a * sampleAt(data, p);
            out[i] = left;
            outRight[i] = v.right == data ? left : a * sampleAt(v.right, p);
            p += v.rate / sampleRate * (pitchRamps ? transposition(pitches[i]) : steadyTransposition);
            if (looping && p >= loopEnd) {
                final int length = loopEnd - loopStart;
                p = loopStart + (p - loopStart) % length;
                wrapped = true;
            }
            position = p;
        }
    }

    /** Makes a table published by {@link #load} or {@link #clear} the one the next trigger plays. */
    private void takeNewTable() {
        // A volatile read first: nearly every block has nothing new, and the exchange is an
        // atomic read-modify-write. A table published after this read is taken next block,
        // as one published just after the exchange would be.
        if (pending.get() == null) {
            return;
        }
        final Table arrived = pending.getAndSet(null);
        if (arrived != null) {
            table = arrived.data.length == 0 ? null : arrived;
            if (resumeOnLoad && table != null) {
                voice = table;
                resumeOnLoad = false;
            }
        }
    }

    private static double transposition(float semitones) {
        return Math.pow(2.0, semitones / 12.0);
    }

    /** Derives the voice's loop region in frames from the parameters. */
    private void setLoop(boolean on, float startFraction, float endFraction) {
        final int length = voice.data.length;
        loopStart = (int) Math.round((double) startFraction * length);
        loopEnd = (int) Math.min(length, Math.round((double) endFraction * length));
        looping = on && loopEnd > loopStart;
    }

    /** Catmull-Rom interpolation at playhead {@code p}; exactly {@code data[p]} at whole frames. */
    private float sampleAt(float[] data, double p) {
        final int i = (int) p;
        final float f = (float) (p - i);
        final float x0 = frame(data, i);
        if (f == 0f) {
            return x0;
        }
        final float xm1 = frame(data, i - 1);
        final float x1 = frame(data, i + 1);
        final float x2 = frame(data, i + 2);
        final float c1 = 0.5f * (x1 - xm1);
        final float c2 = xm1 - 2.5f * x0 + 2f * x1 - 0.5f * x2;
        final float c3 = 0.5f * (x2 - xm1) + 1.5f * (x0 - x1);
        return ((c3 * f + c2) * f + c1) * f + x0;
    }

    /**
     * Frame {@code k} as playback meets it: past the loop end it continues at the loop start,
     * and once the playhead has wrapped, before the loop start means before the seam (the
     * loop's last frames); outside the table, silence.
     */
    private float frame(float[] data, int k) {
        if (looping) {
            final int length = loopEnd - loopStart;
            if (k >= loopEnd) {
                k = loopStart + (k - loopStart) % length;
            } else if (wrapped && k < loopStart) {
                k = loopEnd - 1 - (loopStart - 1 - k) % length;
            }
        }
        return k >= 0 && k < data.length ? data[k] : 0f;
    }

    // ---- Sampler: control thread ----

    @Override
    public void load(float[] samples, float sourceSampleRate) {
        final float[] copy = checkedCopy(samples, sourceSampleRate, "");
        pending.set(new Table(copy, copy, sourceSampleRate));
    }

    @Override
    public void load(float[] left, float[] right, float sourceSampleRate) {
        if (left.length != right.length) {
            throw new IllegalArgumentException("a stereo table's channels differ in length: " + left.length + " left, "
                    + right.length + " right");
        }
        final float[] l = checkedCopy(left, sourceSampleRate, " (left)");
        final float[] r = checkedCopy(right, sourceSampleRate, " (right)");
        pending.set(new Table(l, r, sourceSampleRate));
    }

    private static float[] checkedCopy(float[] samples, float sourceSampleRate, String channel) {
        if (!(sourceSampleRate > 0f) || Float.isInfinite(sourceSampleRate)) {
            throw new IllegalArgumentException("source sample rate must be positive and finite, got " + sourceSampleRate);
        }
        if (samples.length == 0) {
            throw new IllegalArgumentException("a sampler table needs at least one frame");
        }
        final float[] copy = samples.clone();
        for (int i = 0; i < copy.length; i++) {
            if (!Float.isFinite(copy[i])) {
                throw new IllegalArgumentException("sample " + i + channel + " of the table is " + copy[i]);
            }
        }
        return copy;
    }

    @Override
    public void clear() {
        pending.set(NONE);
    }

    // ---- State ----

    @Override
    public int stateSize() {
        return 8 + 1 + 1 + 1;
    }

    @Override
    public int stateVersion() {
        return STATE_VERSION;
    }

    @Override
    public void saveState(StateWriter out) {
        out.writeDouble(position);
        out.writeBoolean(voice != null);
        out.writeBoolean(triggerHigh);
        out.writeBoolean(wrapped);
    }

    @Override
    public void loadState(StateReader in, int version) {
        if (version != STATE_VERSION) {
            throw new IllegalArgumentException(UNKNOWN_STATE_VERSION);
        }
        final double p = in.readDouble();
        final boolean playing = in.readBoolean();
        final boolean high = in.readBoolean();
        final boolean seam = in.readBoolean();
        if (!(p >= 0.0) || Double.isInfinite(p)) {
            throw new IllegalArgumentException(BAD_STATE);
        }
        position = p;
        takeNewTable(); // a table loaded just before the restore is the one to continue on
        voice = playing ? table : null;
        resumeOnLoad = playing && table == null;
        triggerHigh = high;
        wrapped = seam;
    }
}
