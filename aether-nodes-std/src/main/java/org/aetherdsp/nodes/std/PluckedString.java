package org.aetherdsp.nodes.std;

import java.util.Arrays;

import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.Param;
import org.aetherdsp.api.ParamBlock;
import org.aetherdsp.api.ParamSpec;
import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.api.StateReader;
import org.aetherdsp.api.StateWriter;

/**
 * Karplus-Strong plucked string, node type {@value #TYPE_ID}: a delay loop one period long
 * with a lowpass and a gain in it, excited by a short burst of seeded noise.
 *
 * <p>Ports:
 * <ul>
 *   <li>input {@code trigger}: a rising edge through 0.5 plucks (adds a one-period burst of
 *       lowpassed noise, its mean removed, to whatever the string is doing);</li>
 *   <li>input {@code excite}: audio added into the loop every sample (bow it, feed it
 *       another signal; silence leaves the string alone);</li>
 *   <li>output {@code out}: the string, times {@code amp}.</li>
 * </ul>
 * Parameters ({@code freq}, {@code decay}, {@code brightness} and {@code seed} are read once
 * per block, {@code amp} per sample):
 * <ul>
 *   <li>{@code freq}: pitch, 20..5000 Hz (and at most 0.45 x the sample rate), default 220,
 *       smoothed over 20 ms;</li>
 *   <li>{@code decay}: time for the fundamental to fall by 60 dB, 0.05..30 s, default 2, not
 *       smoothed. The loop gain is also capped so that the loop's DC mode falls 60 dB within
 *       twice this time; where the loop lowpass alone loses more than that per period (a
 *       dark, high string) the note rings shorter than asked;</li>
 *   <li>{@code brightness}: 0..1, default 0.5, not smoothed: 0 is the classic two-point
 *       average in the loop (overtones die fast) and a dull pluck, 1 no loop lowpass (all
 *       partials decay alike) and a bright pluck;</li>
 *   <li>{@code amp}: output level, 0..1, default 1, smoothed over 20 ms;</li>
 *   <li>{@code seed}: 0..65535 (rounded), default 1, not smoothed: the noise of pluck
 *       number {@code p} is a function of {@code (seed, p)} only, so a render is
 *       repeatable, and different seeds give different plucks.</li>
 * </ul>
 *
 * <h2>Tuning</h2>
 * The loop's delay at the fundamental must be exactly {@code sampleRate / freq} samples: an
 * integer delay line, plus the loop lowpass {@code (1 - s) + s z^-1}, plus a first-order
 * allpass for the fraction. The lowpass's phase delay at the fundamental is computed
 * exactly, and the allpass coefficient is solved in closed form so that its phase delay at
 * the fundamental is exactly the remaining fraction (in [0.5, 1.5) samples), not the usual
 * low-frequency approximation, so high notes are in tune too. The delay line is allocated
 * in {@code prepare} for the lowest note.
 *
 * <p>Denormals: every value fed back into the loop (the line and the allpass memory) is
 * flushed to 0 below 1e-20, so a decayed string holds exact zeros.
 *
 * <p>State (version 1): the delay line and its position, the filter memories, the trigger
 * memory, the burst in progress (its noise generator, filter, mean and frames left) and the
 * pluck count.
 */
public final class PluckedString implements DspNode {

    /** The stable node type id. */
    public static final String TYPE_ID = "std.karplus";

    /** Input port: rising edge through 0.5 plucks. */
    public static final int IN_TRIGGER = 0;
    /** Input port: audio added into the loop. */
    public static final int IN_EXCITE = 1;
    /** Output port: the string. */
    public static final int OUT = 0;
    /** Parameter: pitch in Hz. */
    public static final int P_FREQ = 0;
    /** Parameter: T60 of the fundamental in seconds. */
    public static final int P_DECAY = 1;
    /** Parameter: brightness 0..1. */
    public static final int P_BRIGHTNESS = 2;
    /** Parameter: output level. */
    public static final int P_AMP = 3;
    /** Parameter: noise seed. */
    public static final int P_SEED = 4;

    /** The lowest pitch; the delay line is sized for it. */
    public static final float MIN_FREQ = 20f;

    /** Ports {@code trigger}, {@code excite} to {@code out}; parameters {@code freq}, {@code decay}, {@code brightness}, {@code amp}, {@code seed}. */
    public static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("Plucked string (Karplus-Strong)")
            .input("trigger").input("excite")
            .output("out")
            .param(ParamSpec.of("freq", MIN_FREQ, 5000f, 220f, "Hz", 20f))
            .param(ParamSpec.of("decay", 0.05f, 30f, 2f, "s", 0f))
            .param(ParamSpec.of("brightness", 0f, 1f, 0.5f, "", 0f))
            .param(ParamSpec.of("amp", 0f, 1f, 1f, "", 20f))
            .param(ParamSpec.of("seed", 0f, 65535f, 1f, "", 0f))
            .build();

    private static final int STATE_VERSION = 1;
    /** Loop values below this are flushed to 0. */
    static final float FLUSH = 1e-20f;
    /** The loop gain stays below 1 by at least this much, whatever the parameters. */
    private static final double MAX_LOOP_GAIN = 1.0 - 1e-6;
    private static final String UNKNOWN_STATE_VERSION = "unknown karplus state version; this build reads version 1";
    private static final String BAD_STATE = "karplus state is damaged: position or burst out of range";

    private float sampleRate = 48_000f;
    private float[] amps = new float[0];

    // ---- Loop coefficients, recomputed when freq, decay or brightness change ----
    private float coefFreq = Float.NaN;
    private float coefDecay = Float.NaN;
    private float coefBrightness = Float.NaN;
    /** Integer part of the loop delay, at least 1. */
    private int delay;
    /** Lowpass {@code a0 + a1 z^-1}. */
    private float a0;
    private float a1;
    /** Allpass {@code (c + z^-1) / (1 + c z^-1)}. */
    private float c;
    private float gain;
    /** One period in whole frames: the burst length. */
    private int period;

    // ---- DSP state ----
    private float[] line = new float[1];
    private int mask;
    private int write;
    /** Lowpass memory: the previous sample read from the line. */
    private float lpIn;
    /** Allpass memories: its previous input and output. */
    private float apIn;
    private float apOut;
    private boolean triggerHigh;
    private int burstLeft;
    private long noise;
    /** One-pole lowpass shaping the burst, and the burst's mean, subtracted. */
    private float burstLp;
    private float burstMean;
    private long plucks;

    /** Creates an unprepared node; call {@link #prepare} before {@link #process}. */
    public PluckedString() {
    }

    @Override
    public void prepare(ProcessContext context) {
        sampleRate = context.sampleRate();
        amps = new float[context.blockSize()];
        final int longest = (int) Math.ceil(sampleRate / MIN_FREQ) + 4;
        line = new float[Integer.highestOneBit(longest - 1) << 1];
        mask = line.length - 1;
        coefFreq = Float.NaN;
        reset();
    }

    @Override
    public void reset() {
        Arrays.fill(line, 0f);
        write = 0;
        lpIn = 0f;
        apIn = 0f;
        apOut = 0f;
        triggerHigh = false;
        burstLeft = 0;
        noise = 0L;
        burstLp = 0f;
        burstMean = 0f;
        plucks = 0L;
    }

    @Override
    public void process(float[][] inputs, float[][] outputs, ParamBlock params, ProcessContext context) {
        final int n = context.blockSize();
        final float[] trigger = inputs[IN_TRIGGER];
        final float[] excite = inputs[IN_EXCITE];
        final float[] out = outputs[OUT];
        final float brightness = params.get(P_BRIGHTNESS).value();
        updateCoefficients(params.get(P_FREQ).value(), params.get(P_DECAY).value(), brightness);
        final Param amp = params.get(P_AMP);
        final boolean ampRamps = amp.isSmoothing();
        if (ampRamps) {
            amp.fill(amps, n);
        }
        final float steadyAmp = amp.value();
        final long seed = Math.round(params.get(P_SEED).value());
        final float burstPole = 0.15f + 0.85f * brightness;

        final float[] buf = line;
        final int m = mask;
        final int d = delay;
        final float b0 = a0;
        final float b1 = a1;
        final float ap = c;
        final float g = gain;
        int w = write;
        float x1 = lpIn;
        float ax1 = apIn;
        float ay1 = apOut;
        for (int i = 0; i < n; i++) {
            final boolean high = trigger[i] > 0.5f;
            if (high && !triggerHigh) {
                pluck(seedFor(seed, plucks++), burstPole);
            }
            triggerHigh = high;

            final float x = buf[(w - d) & m];
            final float lp = b0 * x + b1 * x1;
            x1 = x;
            float y1 = ap * lp + ax1 - ap * ay1;
            if (Math.abs(y1) < FLUSH) {
                y1 = 0f;
            }
            ax1 = lp;
            ay1 = y1;
            float y = g * y1 + excite[i];
            if (burstLeft > 0) {
                burstLp += burstPole * (nextNoise() - burstLp);
                y += burstLp - burstMean;
                if (--burstLeft == 0) {
                    burstLp = 0f;
                }
            }
            if (!(Math.abs(y) >= FLUSH)) {
                y = 0f; // also catches NaN from a non-finite excite input, which would ring forever
            }
            buf[w] = y;
            w = (w + 1) & m;
            out[i] = (ampRamps ? amps[i] : steadyAmp) * y;
        }
        write = w;
        lpIn = x1;
        apIn = ax1;
        apOut = ay1;
    }

    /**
     * Starts a burst of one period of lowpassed noise from generator state {@code state}. The
     * burst is generated twice: once here to measure its mean, then sample by sample with the
     * mean removed, so that a pluck puts no DC into the loop (the loop's DC mode decays
     * slowest; a DC offset would linger after the note).
     */
    private void pluck(long state, float pole) {
        noise = state;
        float lp = 0f;
        double total = 0.0;
        for (int k = 0; k < period; k++) {
            lp += pole * (nextNoise() - lp);
            total += lp;
        }
        noise = state;
        burstLp = 0f;
        burstMean = (float) (total / period);
        burstLeft = period;
    }

    /** Derives the loop from the parameters, when they changed since the last block. */
    private void updateCoefficients(float freq, float decay, float brightness) {
        if (freq == coefFreq && decay == coefDecay && brightness == coefBrightness) {
            return;
        }
        coefFreq = freq;
        coefDecay = decay;
        coefBrightness = brightness;
        final double f = Math.min(freq, 0.45 * sampleRate);
        final double total = sampleRate / f;
        final double w = 2.0 * Math.PI * f / sampleRate;
        final double s = 0.5 * (1.0 - brightness);
        // Lowpass (1 - s) + s e^{-jw}: its phase delay and gain at the fundamental.
        final double re = 1.0 - s + s * Math.cos(w);
        final double im = s * Math.sin(w);
        final double lpDelay = Math.atan2(im, re) / w;
        final double lpGain = Math.hypot(re, im);
        final double rest = total - lpDelay;
        int whole = (int) Math.floor(rest - 0.5);
        if (whole < 1) {
            whole = 1;
        }
        whole = Math.min(whole, line.length - 2);
        final double frac = rest - whole;
        delay = whole;
        a0 = (float) (1.0 - s);
        a1 = (float) s;
        c = (float) allpassCoefficient(frac, w);
        // Per period the fundamental is scaled by gain * lpGain; 60 dB over `decay` seconds.
        // The DC mode is scaled by gain alone: cap the gain so that it falls 60 dB within
        // twice the decay, or a dark high string (small lpGain) would hum on forever.
        final double perPeriod = Math.pow(10.0, -3.0 / (f * decay));
        final double dcPerPeriod = Math.pow(10.0, -3.0 / (f * 2.0 * decay));
        gain = (float) Math.min(Math.min(perPeriod / lpGain, dcPerPeriod), MAX_LOOP_GAIN);
        period = Math.max(1, (int) Math.round(total));
    }

    /**
     * The coefficient {@code c} of {@code (c + z^-1) / (1 + c z^-1)} whose phase delay at
     * {@code w} radians per sample is exactly {@code d} samples. The phase of the allpass is
     * {@code -w + 2 atan2(c sin w, 1 + c cos w)}; setting it to {@code -w d} and solving gives
     * {@code c = sin(phi) / sin(w - phi)} with {@code phi = w (1 - d) / 2}. For d near 1 and
     * small w this is the familiar {@code (1 - d) / (1 + d)}.
     */
    static double allpassCoefficient(double d, double w) {
        final double phi = w * (1.0 - d) / 2.0;
        final double coefficient = Math.sin(phi) / Math.sin(w - phi);
        return Math.max(-0.999, Math.min(0.999, coefficient));
    }

    /** A nonzero noise state for pluck {@code p} with seed {@code seed} (SplitMix64 finaliser). */
    private static long seedFor(long seed, long p) {
        long z = seed * 0x9E3779B97F4A7C15L + p + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return z == 0 ? 0x2545F4914F6CDD1DL : z;
    }

    /** Xorshift64*: the next noise sample, uniform in [-1, 1). */
    private float nextNoise() {
        long s = noise;
        s ^= s >>> 12;
        s ^= s << 25;
        s ^= s >>> 27;
        noise = s;
        return ((s * 0x2545F4914F6CDD1DL) >>> 40) * 0x1.0p-23f - 1f;
    }

    // ---- State ----

    @Override
    public int stateSize() {
        // line length, write, burstLeft, triggerHigh, noise, plucks, lpIn, apIn, apOut, burstLp,
        // burstMean, line.
        return 4 + 4 + 4 + 1 + 8 + 8 + 5 * 4 + 4 * line.length;
    }

    @Override
    public int stateVersion() {
        return STATE_VERSION;
    }

    @Override
    public void saveState(StateWriter out) {
        out.writeInt(line.length);
        out.writeInt(write);
        out.writeInt(burstLeft);
        out.writeBoolean(triggerHigh);
        out.writeLong(noise);
        out.writeLong(plucks);
        out.writeFloat(lpIn);
        out.writeFloat(apIn);
        out.writeFloat(apOut);
        out.writeFloat(burstLp);
        out.writeFloat(burstMean);
        out.writeFloats(line, 0, line.length);
    }

    @Override
    public void loadState(StateReader in, int version) {
        if (version != STATE_VERSION) {
            throw new IllegalArgumentException(UNKNOWN_STATE_VERSION);
        }
        final int length = in.readInt();
        final int w = in.readInt();
        final int left = in.readInt();
        final boolean high = in.readBoolean();
        final long state = in.readLong();
        final long count = in.readLong();
        final float x1 = in.readFloat();
        final float ax1 = in.readFloat();
        final float ay1 = in.readFloat();
        final float lp = in.readFloat();
        final float mean = in.readFloat();
        if (w < 0 || w >= Math.max(length, 1) || left < 0 || (left > 0 && state == 0)) {
            throw new IllegalArgumentException(BAD_STATE);
        }
        if (length != line.length) {
            // Saved at another sample rate: the string cannot continue; start it silent.
            for (int i = 0; i < length; i++) {
                in.readFloat();
            }
            reset();
            return;
        }
        in.readFloats(line, 0, length);
        write = w;
        burstLeft = left;
        triggerHigh = high;
        noise = state;
        plucks = count;
        lpIn = x1;
        apIn = ax1;
        apOut = ay1;
        burstLp = lp;
        burstMean = mean;
    }
}
