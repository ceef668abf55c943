package org.aetherdsp.nodes.std;

import java.util.Arrays;

/**
 * A periodic waveform stored as a set of mip levels, each a single-cycle table holding only
 * the first {@code H} harmonics of the waveform, so that a read at phase increment {@code d}
 * (cycles per sample) can pick a level whose highest harmonic stays below Nyquist
 * ({@code H * |d| < 0.5}): no harmonic can alias, whatever the sample rate.
 *
 * <p>The levels hold every harmonic count from 1 to {@value #DENSE_LEVELS}, then counts
 * about {@value #LEVEL_RATIO} apart up to {@value #MAX_HARMONICS}. A read crossfades between
 * two neighbouring levels by the increment, so sweeping the frequency fades each top
 * harmonic out smoothly as it nears Nyquist instead of switching it off (no zipper, no
 * click). Above {@value #DENSE_LEVELS} harmonics the fade takes the top
 * {@value #FADE_FRACTION} of a level's increment range: the harmonics a level adds to the
 * one below fade out together while its top harmonic lies within about 3.5% of Nyquist
 * (above about 23.1 kHz at 48 kHz, when the lowest of them is above about 20 kHz); below
 * that the level is read alone, at full strength ({@link #weight} exactly 1, one table read
 * instead of two). Notes with {@code H <} {@value #DENSE_LEVELS} harmonics fade their top
 * harmonic over the whole range, from {@code H / (H + 1)} of Nyquist up (a 10 kHz saw's
 * second harmonic fades from 16 kHz up), since those harmonics are loud and audible. Notes
 * below {@code sampleRate / (2 * MAX_HARMONICS)} (23 Hz at 48 kHz) lack their harmonics
 * above {@code MAX_HARMONICS * f}.
 *
 * <p>Tables are at least 8 samples per period of their highest harmonic, read with linear
 * interpolation; its images lie at least 34 dB below that (already quietest) harmonic.
 *
 * <p>Instances are immutable and built once in a static initialiser on the control side;
 * {@link #level}, {@link #weight} and {@link #read} are allocation-free, for the RT thread.
 */
final class BandLimitedWavetable {

    /** Every harmonic count up to this one has its own level. */
    static final int DENSE_LEVELS = 16;
    /** Above {@link #DENSE_LEVELS}, the ratio between the harmonic counts of neighbouring levels. */
    static final double LEVEL_RATIO = 1.15;
    /**
     * Above {@link #DENSE_LEVELS}, the part at the top of a level's increment range (from the
     * alias limit of the next level up to its own) over which it fades out toward the level
     * below. A quarter: the harmonics that fade are then all near or above 20 kHz at 48 kHz,
     * and a steady note reads one table for three quarters of the range (the whole range,
     * before, fading harmonics from about 18 kHz up and reading two tables always).
     */
    static final double FADE_FRACTION = 0.25;
    /** The most harmonics any level holds. */
    static final int MAX_HARMONICS = 1024;
    private static final int MIN_TABLE = 256;
    private static final int SAW_SERIES = 0;
    private static final int TRIANGLE_SERIES = 1;
    private static final int SAMPLES_PER_TOP_HARMONIC = 8;

    /**
     * Harmonic count of each level, ascending. Level 0 is a copy of level 1 (the
     * fundamental alone), so that a read may always blend level {@code u} with {@code u - 1}.
     */
    private static final int[] HARMONICS;
    /** {@code LEVEL_FOR[h]}: the highest level with at most {@code max(h, 1)} harmonics. */
    private static final int[] LEVEL_FOR;
    /** Increment above which a level would alias: 0.5 / H (infinite for the fundamental alone). */
    private static final double[] ALIAS_LIMIT;
    /** 1 / (width of the increment range over which a level fades out toward the next lower one). */
    private static final double[] FADE_SCALE;

    static {
        int[] h = new int[64];
        int count = 0;
        h[count++] = 1;
        for (int k = 1; k <= DENSE_LEVELS; k++) {
            h[count++] = k;
        }
        int next = DENSE_LEVELS;
        while (next < MAX_HARMONICS) {
            next = Math.min(MAX_HARMONICS, Math.max(next + 1, (int) Math.round(next * LEVEL_RATIO)));
            h[count++] = next;
        }
        HARMONICS = Arrays.copyOf(h, count);

        LEVEL_FOR = new int[MAX_HARMONICS + 1];
        int level = 1;
        for (int k = 0; k <= MAX_HARMONICS; k++) {
            while (level + 1 < count && HARMONICS[level + 1] <= k) {
                level++;
            }
            LEVEL_FOR[k] = level;
        }

        ALIAS_LIMIT = new double[count];
        FADE_SCALE = new double[count];
        ALIAS_LIMIT[0] = Double.POSITIVE_INFINITY;
        ALIAS_LIMIT[1] = Double.POSITIVE_INFINITY;
        FADE_SCALE[0] = 1.0;
        FADE_SCALE[1] = 1.0;
        for (int u = 2; u < count; u++) {
            // Level u is the top level for increments between the alias limits of u + 1
            // and u; across that range it fades from full to nothing.
            double limit = 0.5 / HARMONICS[u];
            double nextHarmonics = u + 1 < count ? HARMONICS[u + 1] : HARMONICS[u] * LEVEL_RATIO;
            ALIAS_LIMIT[u] = limit;
            double width = limit - 0.5 / nextHarmonics;
            FADE_SCALE[u] = 1.0 / (HARMONICS[u] > DENSE_LEVELS ? FADE_FRACTION * width : width);
        }
    }

    /** Rising ramp from -1 to 1 per cycle: {@code 2p - 1 = -(2/π) Σ sin(2πkp) / k}. */
    static final BandLimitedWavetable SAW = new BandLimitedWavetable(SAW_SERIES);
    /** Triangle in sine phase (0 at p = 0, 1 at p = 1/4, -1 at p = 3/4): {@code (8/π²) Σ odd k (-1)^((k-1)/2) sin(2πkp) / k²}. */
    static final BandLimitedWavetable TRIANGLE = new BandLimitedWavetable(TRIANGLE_SERIES);

    /** The k-th sine-series coefficient of a waveform. */
    private static double coefficient(int series, int k) {
        if (series == SAW_SERIES) {
            return -2.0 / (Math.PI * k);
        }
        if (k % 2 == 0) {
            return 0.0;
        }
        double c = 8.0 / (Math.PI * Math.PI * k * (double) k);
        return (k / 2) % 2 == 0 ? c : -c;
    }

    /**
     * {@code tables[u]}: one cycle of level u, {@code n} samples, as pairs: at {@code 2i} the
     * sample {@code s[i]}, at {@code 2i + 1} the step to the next one, {@code s[i + 1] - s[i]}
     * (the last one to {@code s[0]}), so that a read loads two neighbouring doubles and
     * subtracts nothing. The samples are rounded to float, as the tables always were; the
     * steps are computed in double from them, as a read used to compute them. See
     * {@link #interpolate} for why the read avoids every conversion it can.
     */
    private final double[][] tables;
    /** {@code scales[u]}: the number of samples of level u, {@code n}, as a double. */
    private final double[] scales;

    private BandLimitedWavetable(int series) {
        tables = new double[HARMONICS.length][];
        scales = new double[HARMONICS.length];
        for (int u = 1; u < HARMONICS.length; u++) {
            tables[u] = synthesise(series, HARMONICS[u]);
        }
        tables[0] = tables[1];
        for (int u = 0; u < HARMONICS.length; u++) {
            scales[u] = tables[u].length / 2;
        }
    }

    /** Sums the first {@code harmonics} terms of the series with one inverse FFT. */
    private static double[] synthesise(int series, int harmonics) {
        int n = Math.max(MIN_TABLE, Integer.highestOneBit(SAMPLES_PER_TOP_HARMONIC * harmonics - 1) << 1);
        double[] re = new double[n];
        double[] im = new double[n];
        // A forward FFT of the conjugate spectrum: x[j] = Σ b_k sin(2π k j / n) is real, so
        // X = Σ_k Z_k e^{-2πikj/n} with Z_k = +i b_k / 2 and Z_{n-k} = -i b_k / 2.
        for (int k = 1; k <= harmonics; k++) {
            double b = coefficient(series, k);
            im[k] = b / 2.0;
            im[n - k] = -b / 2.0;
        }
        fft(re, im);
        double[] samples = new double[n + 1];
        for (int j = 0; j < n; j++) {
            samples[j] = (float) re[j];
        }
        samples[n] = samples[0];
        double[] pairs = new double[2 * n];
        for (int j = 0; j < n; j++) {
            pairs[2 * j] = samples[j];
            pairs[2 * j + 1] = samples[j + 1] - samples[j];
        }
        return pairs;
    }

    /** In-place radix-2 complex FFT (forward, e^{-2πi kn/N}); control side only. */
    static void fft(double[] re, double[] im) {
        new Fft(re.length).transform(re, im);
    }

    /**
     * The top level to read at a phase increment: the one with the most harmonics that all
     * stay below Nyquist. Not finite or zero increments read the richest level; increments
     * of half a cycle or more per sample read the fundamental alone.
     *
     * @param increment phase change per sample in cycles, either sign
     * @return a level for {@link #weight} and {@link #read}, at least 1
     */
    static int level(double increment) {
        double headroom = 0.5 / Math.abs(increment);
        return LEVEL_FOR[headroom < MAX_HARMONICS ? (int) headroom : MAX_HARMONICS];
    }

    /**
     * How much of {@code level} (against {@code level - 1}) a read at this increment takes:
     * exactly 1 while its top harmonic is well below Nyquist (for levels above
     * {@link #DENSE_LEVELS} harmonics, the lower {@code 1 - }{@link #FADE_FRACTION} of the
     * level's increment range), falling linearly to 0 as it reaches it.
     *
     * @param level     from {@link #level} for the same increment
     * @param increment phase change per sample in cycles, either sign
     * @return a weight in [0, 1]
     */
    static double weight(int level, double increment) {
        double w = (ALIAS_LIMIT[level] - Math.abs(increment)) * FADE_SCALE[level];
        if (!(w < 1.0)) {
            return 1.0; // also NaN, from a NaN increment
        }
        return w > 0.0 ? w : 0.0;
    }

    /**
     * One sample of the waveform, blended from two levels; at a weight of exactly 1, the upper
     * level alone (one table read, and the same bits as {@link #interpolate} of it).
     *
     * @param level  from {@link #level}
     * @param weight from {@link #weight}
     * @param phase  in cycles, in [0, 1)
     * @return the waveform's value there
     */
    double read(int level, double weight, double phase) {
        return read(tables[level - 1], scales[level - 1], tables[level], scales[level], weight, phase);
    }

    /**
     * {@link #read(int, double, double)} on two levels' tables held by the caller (a loop that
     * reads the same two levels throughout keeps them in locals). The same bits.
     *
     * @param lower      {@link #levelTable} of {@code level - 1}
     * @param lowerScale {@link #levelScale} of {@code level - 1}
     * @param upper      {@link #levelTable} of {@code level}
     * @param upperScale {@link #levelScale} of {@code level}
     * @param weight     from {@link #weight}
     * @param phase      in cycles, in [0, 1)
     * @return the waveform's value there
     */
    static double read(double[] lower, double lowerScale, double[] upper, double upperScale, double weight, double phase) {
        final double up = interpolate(upper, upperScale, phase);
        if (weight == 1.0) {
            return up;
        }
        final double lo = interpolate(lower, lowerScale, phase);
        return lo + weight * (up - lo);
    }

    /**
     * The table of one level, for loops that read it directly (a block at a constant
     * increment reads the same two levels throughout). Read-only: callers must not write it.
     *
     * @param level a level, 0 to {@link #levelCount()} - 1
     * @return one cycle as (sample, step to the next sample) pairs; the sample count, half
     *         the length, is a power of two
     */
    double[] levelTable(int level) {
        return tables[level];
    }

    /**
     * Linear interpolation in a table at a phase in [0, 1).
     *
     * <p>Written so that C2 emits no scalar conversion and no {@code roundsd} here. On JDK 17,
     * C2 encodes those (float to double, int to double, {@code Math.floor}) as
     * {@code op dst, dst, src}: the instruction keeps the upper half of its target register,
     * so it waits for whatever wrote that register last (JDK-8318562, fixed in JDK 23). When
     * the register allocator happens to pick a register written late in the previous frame,
     * each frame's read waits for the previous frame's result, and the loop runs at the
     * latency of the whole read instead of its throughput: 12 ns per sample instead of 2.7
     * here, and which of the two a run gets depends on how that compilation allocated its
     * registers. So the tables are doubles (a plain load), {@link #scales} are doubles, and
     * the whole part of the position comes from {@link #whole} (bit operations; the moves
     * between register files write the whole register).
     */
    static double interpolate(double[] table, double scale, double phase) {
        // The sample count is a power of two, so the product is exact and stays below it for
        // phase < 1.
        final double x = phase * scale;
        final int i = (int) x;
        final int at = 2 * i;
        return table[at] + (x - whole(i)) * table[at + 1];
    }

    /** 2^52 as the bits of a double: ORing a whole number below 2^52 into its mantissa adds it. */
    private static final long TWO_POW_52_BITS = 0x4330000000000000L;

    /**
     * {@code (double) i} for {@code i >= 0}, to the bit, without an int-to-double conversion:
     * the double {@code 2^52 + i} is built from bits and {@code 2^52} subtracted, both exact. So
     * for a phase position {@code x >= 0}, {@code x - whole((int) x)} is {@code x - Math.floor(x)}
     * exactly. See {@link #interpolate} for why not the conversion or {@code Math.floor}.
     *
     * @param i not negative
     * @return i as a double
     */
    static double whole(int i) {
        return Double.longBitsToDouble(TWO_POW_52_BITS | i) - 0x1p52;
    }

    /**
     * @param level a level
     * @return the length of its table less the guard sample, as a double
     */
    double levelScale(int level) {
        return scales[level];
    }

    /** @return how many levels there are, counting the duplicate level 0 */
    static int levelCount() {
        return HARMONICS.length;
    }

    /**
     * @param level a level
     * @return its harmonic count
     */
    static int harmonics(int level) {
        return HARMONICS[level];
    }

    /** @return the number of doubles in all levels of this waveform (two per sample: the sample and its step) */
    int totalSamples() {
        int total = 0;
        for (int u = 1; u < tables.length; u++) {
            total += tables[u].length;
        }
        return total;
    }
}
