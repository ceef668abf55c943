package org.aetherdsp.nodes.std;

import org.aetherdsp.api.Param;
import org.aetherdsp.api.ParamBlock;
import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.api.StateReader;
import org.aetherdsp.api.StateWriter;

/**
 * What the wavetable oscillators (saw, square, triangle) add to {@link Oscillator}: the
 * last {@code pm} sample, so that the mip level of {@link BandLimitedWavetable} is chosen by
 * the increment of the phase actually read ({@code freq + fm} and the change of {@code pm}),
 * which keeps fast phase modulation from pushing harmonics past Nyquist too.
 *
 * <p>State layout, version 2: the phase (double), then the last {@code pm} sample (double,
 * NaN before the first block). Version 1, the phase alone as the PolyBLEP saw wrote it, is
 * still read.
 */
abstract class BandLimitedOscillator extends Oscillator {

    private static final int STATE_VERSION = 2;
    private static final int PHASE_ONLY_STATE_VERSION = 1;
    private static final String UNKNOWN_STATE_VERSION =
            "unknown band-limited oscillator state version; this build reads versions 1 and 2";

    /**
     * The waveform. Held per instance, and taken in the constructor, so that the tables are
     * built (class initialisation of {@link BandLimitedWavetable}, about 1.4 MiB and a few
     * dozen FFTs) when the control thread creates the first oscillator, not on the RT thread
     * in its first {@code process}.
     */
    final BandLimitedWavetable table;

    /**
     * The {@code pm} input's last sample of the previous block; NaN when there was none, so
     * that a constant offset at the start reads as a start phase and not as a jump.
     */
    double lastPm = Double.NaN;

    /** The glide path's per-frame increments and gains, in double: see {@link #processGlide}. */
    private double[] glideIncrements = new double[0];
    private double[] glideGains = new double[0];

    /** The increment the steady path last found its levels for (NaN: none yet), and those levels. */
    private double steadyIncrement = Double.NaN;
    private int steadyLevel;
    private double steadyWeight;

    BandLimitedOscillator(BandLimitedWavetable table) {
        this.table = table;
    }

    @Override
    public void prepare(ProcessContext context) {
        super.prepare(context);
        glideIncrements = new double[context.blockSize()];
        glideGains = new double[context.blockSize()];
        lastPm = Double.NaN;
    }

    @Override
    public void reset() {
        super.reset();
        lastPm = Double.NaN;
    }

    @Override
    public int stateSize() {
        return 2 * Double.BYTES;
    }

    @Override
    public int stateVersion() {
        return STATE_VERSION;
    }

    @Override
    public void saveState(StateWriter out) {
        out.writeDouble(phase);
        out.writeDouble(lastPm);
    }

    @Override
    public void loadState(StateReader in, int version) {
        if (version != STATE_VERSION && version != PHASE_ONLY_STATE_VERSION) {
            // Constant message: loadState may run on the RT thread, where a failure builds no strings.
            throw new IllegalArgumentException(UNKNOWN_STATE_VERSION);
        }
        phase = wrap(in.readDouble());
        lastPm = version == STATE_VERSION ? in.readDouble() : Double.NaN;
    }

    /**
     * The phase increment actually read: that of {@code freq + fm}, plus the change of
     * {@code pm} taken modulo whole cycles, since a jump of a whole cycle (a wrapping phase
     * ramp on {@code pm}) reads the same point of the waveform and is no jump at all.
     */
    static double readIncrement(double increment, double pmChange) {
        return increment + (pmChange - Math.rint(pmChange));
    }

    /** The pm value the first sample of this block is compared with. */
    static double previousPm(double lastPm, float[] pm) {
        return lastPm == lastPm ? lastPm : pm[0];
    }

    /**
     * Whether this block can take the steady path: nothing on {@code fm} or {@code pm} and a
     * {@code freq} and {@code amp} that do not move, so that the phase increment, and with it
     * the mip levels and their crossfade, and the gain are the same for every frame of the
     * block.
     */
    static boolean steady(ProcessContext context, Param freq, Param amp) {
        return !freq.isSmoothing() && !amp.isSmoothing() && !context.isConnected(IN_FM) && !context.isConnected(IN_PM);
    }

    /**
     * Reads the band-limited table at the phase, choosing the mip level from the actual read
     * speed ({@code freq + fm} plus the change of {@code pm}). Subclasses whose waveform is
     * not a single table read override it.
     */
    @Override
    public void process(float[][] inputs, float[][] outputs, ParamBlock params, ProcessContext context) {
        final int n = context.blockSize();
        final Param freqParam = params.get(P_FREQ);
        final Param ampParam = params.get(P_AMP);
        final double invSampleRate = 1.0 / context.sampleRate();
        if (steady(context, freqParam, ampParam)) {
            processSteady(outputs[OUT], n, freqParam.value() * invSampleRate, ampParam.value());
            return;
        }
        final float[] amp = FrameValues.of(ampParam, amps, n);
        final float[] fm = inputs[IN_FM];
        final float[] pm = inputs[IN_PM];
        final float[] out = outputs[OUT];
        final float[] freq = freqs;
        freqParam.fill(freq, n);
        if (!context.isConnected(IN_FM) && !context.isConnected(IN_PM) && processGlide(out, n, freq, amp, invSampleRate)) {
            return;
        }
        final BandLimitedWavetable wavetable = table;

        double p = phase;
        double prevPm = previousPm(lastPm, pm);
        for (int i = 0; i < n; i++) {
            final double inc = ((double) freq[i] + fm[i]) * invSampleRate;
            final double readInc = readIncrement(inc, pm[i] - prevPm);
            prevPm = pm[i];
            double t = p + pm[i];
            if (t >= 1.0 || t < 0.0) {
                t = wrap(t);
            }
            final int level = BandLimitedWavetable.level(readInc);
            out[i] = (float) (amp[i] * wavetable.read(level, BandLimitedWavetable.weight(level, readInc), t));
            p += inc;
            if (p >= 1.0 || p < 0.0) {
                p = wrap(p);
            }
        }
        phase = p;
        lastPm = prevPm;
    }

    /**
     * The general loop of {@link #process} when nothing is on {@code fm} or {@code pm} but
     * {@code freq} or {@code amp} moves (a glide, automation), for a block whose frames all read
     * one level alone: the level of its smallest increment is that of its largest, at a weight
     * of 1 there (level and weight are monotone in the increment, so every frame between reads
     * that level at weight 1). Then no frame needs the general loop's division and lookups, or
     * its second table read. The same operations on the same values otherwise (a silent
     * {@code pm} adds 0 to the phase and nothing to the increment), so the same output to the
     * last bit, and the same state. The increments and gains are taken to double in a pass of
     * their own, so the read loop converts nothing but its output (see
     * {@link BandLimitedWavetable#interpolate} for why).
     *
     * @return false, having written nothing, when the block needs the general loop: its
     *         increments span more than one level or reach its fade, or the last block's
     *         {@code pm} ended away from 0 (its change would move the first frame's read)
     */
    private boolean processGlide(float[] out, int n, float[] freq, float[] amp, double invSampleRate) {
        if (lastPm != 0.0 && lastPm == lastPm) {
            return false;
        }
        // freq is a parameter: finite and at least 0.01 Hz, so every increment is positive. The
        // increment is monotone in freq, so the block's lowest and highest freq decide, before any
        // increment is computed for a block that then goes to the general loop.
        float lowest = freq[0];
        float highest = freq[0];
        for (int i = 1; i < n; i++) {
            final float f = freq[i];
            if (f < lowest) { // plain compares: Math.min and max pay for NaN and -0, which cannot occur here
                lowest = f;
            }
            if (f > highest) {
                highest = f;
            }
        }
        final int level = BandLimitedWavetable.level((double) lowest * invSampleRate);
        final double largest = (double) highest * invSampleRate;
        if (level != BandLimitedWavetable.level(largest) || BandLimitedWavetable.weight(level, largest) != 1.0) {
            return false;
        }
        final double[] inc = glideIncrements;
        final double[] gain = glideGains;
        for (int i = 0; i < n; i++) {
            inc[i] = (double) freq[i] * invSampleRate;
            gain[i] = amp[i];
        }
        final double[] upper = table.levelTable(level);
        final double scale = table.levelScale(level);
        double p = phase;
        for (int i = 0; i < n; i++) {
            out[i] = (float) (gain[i] * BandLimitedWavetable.interpolate(upper, scale, p));
            p += inc[i];
            if (p >= 1.0) {
                p = wrap(p);
            }
        }
        phase = p;
        lastPm = 0.0;
        return true;
    }

    /**
     * The general loop of {@link #process} when {@link #steady} holds, with what does not
     * change hoisted out of it: the increment, the levels and their weight once per block (the
     * general loop finds them per frame, from a division); at a weight of exactly 1 (most
     * notes: see {@link BandLimitedWavetable#FADE_FRACTION}), one level read alone, as
     * {@link BandLimitedWavetable#read} does then; otherwise, when the two levels' tables have
     * the same length (all but the few pairs that straddle a doubling of the table size), one
     * index and fraction for both reads. The same operations on the same values, so the same
     * output to the last bit; and the same state after it ({@code pm} read silence, so its last
     * sample is 0).
     */
    private void processSteady(float[] out, int n, double inc, double amp) {
        if (inc != steadyIncrement) {
            // A new note: find its levels (a division and three lookups), then keep them while it lasts.
            steadyLevel = BandLimitedWavetable.level(inc);
            steadyWeight = BandLimitedWavetable.weight(steadyLevel, inc);
            steadyIncrement = inc;
        }
        final int level = steadyLevel;
        final double weight = steadyWeight;
        final double[] lower = table.levelTable(level - 1);
        final double[] upper = table.levelTable(level);
        double p = phase;
        final double scale = table.levelScale(level);
        final boolean alone = weight == 1.0;
        if (alone || scale == table.levelScale(level - 1)) {
            // The phase scaled to the table, stepped as it is: scaling by a power of two is
            // exact and commutes with the rounding of each step, so x is p * scale at every
            // frame, to the bit, and the multiply leaves the loop. At a weight of 1 the upper
            // level is read alone (as BandLimitedWavetable.read does then), whatever the lower
            // one's length; otherwise both share the index and fraction.
            final double step = inc * scale;
            double x = p * scale;
            for (int i = 0; i < n; i++) {
                // BandLimitedWavetable.interpolate, once for both levels; no conversions (see there).
                final int j = (int) x;
                final double f = x - BandLimitedWavetable.whole(j);
                final int at = 2 * j;
                double v = upper[at] + f * upper[at + 1];
                if (!alone) {
                    final double lo = lower[at] + f * lower[at + 1];
                    v = lo + weight * (v - lo);
                }
                out[i] = (float) (amp * v);
                x += step;
                if (x >= scale) { // p >= 1 (inc > 0: freq is at least 0.01 Hz and nothing is added to it)
                    x = wrap(x / scale) * scale;
                }
            }
            p = x / scale;
        } else {
            final BandLimitedWavetable wavetable = table;
            for (int i = 0; i < n; i++) {
                out[i] = (float) (amp * wavetable.read(level, weight, p));
                p += inc;
                if (p >= 1.0 || p < 0.0) {
                    p = wrap(p);
                }
            }
        }
        phase = p;
        lastPm = 0.0;
    }
}
