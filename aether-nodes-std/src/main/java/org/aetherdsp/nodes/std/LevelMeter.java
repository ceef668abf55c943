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
 * Peak and RMS level meter, node type {@value #TYPE_ID}: passes its input through unchanged
 * and publishes the levels to the control side through {@link Meter} once per block, without
 * locks. Reach it with {@code engine.nodeAs(handle, Meter.class)}.
 *
 * <p>Ports: input {@code in}; output {@code out}, a copy of {@code in}.
 *
 * <p>Parameters (all read once per block, at its start; none is smoothed):
 * <ul>
 *   <li>{@code window}: the RMS window, 1..1000 ms, default 300. The RMS is exact over the
 *       last {@code round(window * sampleRate / 1000)} samples (a sliding boxcar, not an
 *       exponential average), so a steady sine of amplitude {@code A} reads {@code A/sqrt(2)}
 *       once the window is full. Changing it costs time proportional to the change, once.</li>
 *   <li>{@code hold}: how long the peak reading holds its value, 0..5000 ms, default 500.</li>
 *   <li>{@code fall}: how fast the peak reading falls after the hold, 1..1000 dB/s,
 *       default 20. A new sample at or above the reading raises it at once and restarts the
 *       hold. Below -200 dBFS the reading is flushed to 0 (no subnormals).</li>
 * </ul>
 *
 * <p>Non-finite input is measured as if it were finite: NaN counts as 0, infinities as
 * {@code Float.MAX_VALUE}, so a reading is always a finite number.
 *
 * <p>The running sum of squares is updated per sample by adding the new square and
 * subtracting the one leaving the window; to keep rounding from accumulating, a second sum
 * restarted every {@code window} samples replaces it whenever it has covered exactly one
 * window, so the error never spans more than one window's worth of updates.
 *
 * <p>State (version 1): peak reading and hold countdown, the window history and running
 * sums, the frame count.
 */
public final class LevelMeter implements DspNode, Meter {

    /** The stable node type id. */
    public static final String TYPE_ID = "std.meter";

    /** Input port: the signal. */
    public static final int IN = 0;
    /** Output port: the signal, unchanged. */
    public static final int OUT = 0;
    /** Parameter: RMS window in ms. */
    public static final int P_WINDOW = 0;
    /** Parameter: peak hold in ms. */
    public static final int P_HOLD = 1;
    /** Parameter: peak fall rate in dB/s. */
    public static final int P_FALL = 2;

    /** The longest RMS window, in ms; the history is sized for it in {@link #prepare}. */
    public static final float MAX_WINDOW_MS = 1000f;

    /** Port {@code in} to {@code out}; parameters {@code window}, {@code hold}, {@code fall}. */
    public static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("Level meter")
            .input("in")
            .output("out")
            .param(ParamSpec.of("window", 1f, MAX_WINDOW_MS, 300f, "ms", 0f))
            .param(ParamSpec.of("hold", 0f, 5000f, 500f, "ms", 0f))
            .param(ParamSpec.of("fall", 1f, 1000f, 20f, "dB/s", 0f))
            .build();

    private static final int STATE_VERSION = 1;
    /** -200 dBFS: below this the falling peak reading is flushed to 0. */
    private static final double PEAK_FLOOR = 1e-10;
    private static final String UNKNOWN_STATE_VERSION = "unknown meter state version; this build reads version 1";

    // ---- RT-thread state ----
    private float sampleRate = 48_000f;
    /** Absolute (sanitised) values of the last {@code history.length} samples, a ring. */
    private float[] history = new float[1];
    /** Where the next sample goes in {@link #history}. */
    private int pos;
    /** Samples in the RMS window; 0 before the first block chooses it. */
    private int window;
    /** Running sum of squares over the window. */
    private double sum;
    /** Sum of squares since the last resynchronisation, and how many samples it holds. */
    private double fresh;
    private int freshCount;
    /** The peak reading, a double so that a long fall does not accumulate float rounding. */
    private double peakLevel;
    private int holdLeft;
    private long frames;
    /** The fall parameter {@link #fallPerFrame} was computed for (NaN: none yet). */
    private float fallFor = Float.NaN;
    private double fallPerFrame = 1.0;

    // ---- Published to the control side ----
    // A sequence lock: the RT thread makes seq odd, writes the three values, makes it even
    // again. All four are volatile, so their accesses are totally ordered (JLS 17.4.4): a
    // reader that sees the same even seq before and after reading the values read between
    // two writes of seq, hence all from one block. The reader retries otherwise; the RT
    // thread never waits for anyone.
    private volatile int seq;
    private volatile float publishedPeak;
    private volatile float publishedRms;
    private volatile long publishedFrames;

    /** Creates an unprepared node; call {@link #prepare} before {@link #process}. */
    public LevelMeter() {
    }

    @Override
    public void prepare(ProcessContext context) {
        sampleRate = context.sampleRate();
        history = new float[Math.max(1, (int) Math.ceil(MAX_WINDOW_MS * (double) sampleRate / 1000.0))];
        reset();
    }

    @Override
    public void reset() {
        Arrays.fill(history, 0f);
        pos = 0;
        window = 0;
        sum = 0.0;
        fresh = 0.0;
        freshCount = 0;
        peakLevel = 0.0;
        holdLeft = 0;
        frames = 0L;
        publish(0f, 0f, 0L);
    }

    @Override
    public void process(float[][] inputs, float[][] outputs, ParamBlock params, ProcessContext context) {
        final int n = context.blockSize();
        final float[] in = inputs[IN];
        System.arraycopy(in, 0, outputs[OUT], 0, n);

        setWindow(frames(params.get(P_WINDOW).value()));
        final int holdFrames = frames(params.get(P_HOLD).value());
        final float fall = params.get(P_FALL).value();
        if (fall != fallFor) {
            fallFor = fall;
            fallPerFrame = Math.pow(10.0, -fall / (20.0 * sampleRate));
        }

        final float[] h = history;
        final int cap = h.length;
        final int w = window;
        final double fallGain = fallPerFrame;
        int p = pos;
        int old = p - w < 0 ? p - w + cap : p - w;
        double s = sum;
        double f = fresh;
        int fc = freshCount;
        double peak = peakLevel;
        int hold = holdLeft;
        for (int i = 0; i < n; i++) {
            float a = Math.abs(in[i]);
            if (!(a <= Float.MAX_VALUE)) {
                a = a == a ? Float.MAX_VALUE : 0f;
            }
            final double aa = (double) a * a;
            final double leaving = h[old];
            h[p] = a;
            s += aa - leaving * leaving;
            f += aa;
            if (++fc == w) {
                s = f;
                f = 0.0;
                fc = 0;
            }
            if (++p == cap) {
                p = 0;
            }
            if (++old == cap) {
                old = 0;
            }

            if (a >= peak) {
                peak = a;
                hold = holdFrames;
            } else if (hold > 0) {
                hold--;
            } else {
                peak *= fallGain;
                if (peak < PEAK_FLOOR) {
                    peak = 0.0;
                }
            }
        }
        pos = p;
        sum = s;
        fresh = f;
        freshCount = fc;
        peakLevel = peak;
        holdLeft = hold;
        frames += n;
        publish((float) peak, (float) Math.sqrt(Math.max(s, 0.0) / w), frames);
    }

    /** A duration in ms as whole frames at the prepared rate. */
    private int frames(float ms) {
        return (int) Math.round(ms * (double) sampleRate / 1000.0);
    }

    /**
     * Makes the window {@code frames} samples long (clamped to the history), adding or
     * removing the samples at its old end, and restarts the resynchronising sum.
     */
    private void setWindow(int frames) {
        final int w = Math.max(1, Math.min(frames, history.length));
        if (w == window) {
            return;
        }
        if (window == 0) {
            // First block after prepare or reset: the history is silent, the sum is 0.
            window = w;
            return;
        }
        final float[] h = history;
        final int cap = h.length;
        // The sample k frames back from the newest is at pos - 1 - k.
        double s = sum;
        for (int k = Math.min(w, window); k < Math.max(w, window); k++) {
            int at = pos - 1 - k;
            if (at < 0) {
                at += cap;
            }
            final double v = h[at];
            s += w > window ? v * v : -(v * v);
        }
        sum = s;
        window = w;
        fresh = 0.0;
        freshCount = 0;
    }

    private void publish(float peak, float rms, long frameCount) {
        seq = seq + 1; // odd: writing
        publishedPeak = peak;
        publishedRms = rms;
        publishedFrames = frameCount;
        seq = seq + 1; // even: consistent
    }

    // ---- Meter: control thread ----

    @Override
    public float peak() {
        return publishedPeak;
    }

    @Override
    public float rms() {
        return publishedRms;
    }

    @Override
    public Reading reading() {
        while (true) {
            final int before = seq;
            if ((before & 1) == 0) {
                final float peak = publishedPeak;
                final float rms = publishedRms;
                final long count = publishedFrames;
                if (seq == before) {
                    return new Reading(peak, rms, count);
                }
            }
            Thread.onSpinWait();
        }
    }

    // ---- State ----

    @Override
    public int stateSize() {
        // int pos, int window, double sum, double fresh, int freshCount, double peak,
        // int hold, long frames, int length, then the history.
        return 4 + 4 + 8 + 8 + 4 + 8 + 4 + 8 + 4 + 4 * history.length;
    }

    @Override
    public int stateVersion() {
        return STATE_VERSION;
    }

    @Override
    public void saveState(StateWriter out) {
        out.writeInt(pos);
        out.writeInt(window);
        out.writeDouble(sum);
        out.writeDouble(fresh);
        out.writeInt(freshCount);
        out.writeDouble(peakLevel);
        out.writeInt(holdLeft);
        out.writeLong(frames);
        out.writeInt(history.length);
        out.writeFloats(history, 0, history.length);
    }

    @Override
    public void loadState(StateReader in, int version) {
        if (version != STATE_VERSION) {
            throw new IllegalArgumentException(UNKNOWN_STATE_VERSION);
        }
        final int p = in.readInt();
        final int w = in.readInt();
        final double s = in.readDouble();
        final double f = in.readDouble();
        final int fc = in.readInt();
        final double peak = in.readDouble();
        final int hold = in.readInt();
        final long count = in.readLong();
        final int length = in.readInt();
        if (length != history.length || p < 0 || p >= length || w < 0 || w > length || fc < 0 || fc >= Math.max(w, 1)) {
            // Saved at another sample rate (or damaged): skip the history, start silent.
            for (int i = 0; i < length; i++) {
                in.readFloat();
            }
            reset();
            return;
        }
        in.readFloats(history, 0, length);
        pos = p;
        window = w;
        sum = s;
        fresh = f;
        freshCount = fc;
        peakLevel = peak;
        holdLeft = hold;
        frames = count;
        publish((float) peak, w == 0 ? 0f : (float) Math.sqrt(Math.max(s, 0.0) / w), count);
    }
}
