package org.aetherdsp.benchmarks;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.nodes.std.Biquad;
import org.aetherdsp.nodes.std.Gain;
import org.aetherdsp.nodes.std.SawOscillator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 18's patch, the one measured against Pure Data, Csound, SuperCollider and Beads: 32
 * voices, each a band-limited saw (55 to 880 Hz, spread evenly in pitch) into a resonant RBJ
 * low-pass (1.5 kHz, Q 4) into a gain of 0.03; even voices summed into host channel 0, odd
 * ones into channel 1; 48 kHz, 64-frame blocks.
 *
 * <p>{@link #engine} runs it through the {@link Engine} with the standard nodes. The two plain
 * loops do the same arithmetic by hand, with the same wavetables (synthesised here from the
 * same harmonic series and level rule), the same Direct Form I biquad with its denormal
 * flush and its fused feedback (this machine has FMA), and the same float gain: {@link #plainStages} one loop per node and voice through
 * scratch arrays, as the engine runs it; {@link #plainFused} one loop per voice doing all
 * three, as a C engine's hand-fused voice would. The setup checks that the engine and both
 * loops agree (within 1e-6 of full scale, the tables being synthesised here by direct sums
 * instead of the node's FFT) for 200 blocks, so the three measure the same patch.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(5)
@State(Scope.Thread)
public class VoicePatchBenchmark {

    static final int BLOCK = 64;
    static final float RATE = 48_000f;
    static final int VOICES = 32;
    static final double LOW_HZ = 55.0;
    static final double HIGH_HZ = 880.0;
    static final float CUTOFF_HZ = 1_500f;
    static final float Q = 4f;
    static final float GAIN = 0.03f;

    /** Voice {@code v}'s frequency: 55 Hz to 880 Hz in 31 equal pitch steps. */
    static float frequency(int v) {
        return (float) (LOW_HZ * Math.pow(HIGH_HZ / LOW_HZ, v / (double) (VOICES - 1)));
    }

    private Engine engine;
    private final float[][] host = new float[2][BLOCK];
    private final PlainVoices stages = new PlainVoices();
    private final PlainVoices fused = new PlainVoices();
    private final float[][] plainOut = new float[2][BLOCK];

    @Setup(Level.Trial)
    public void setUp() {
        engine = buildEngine();
        final float[][] check = new float[2][BLOCK];
        for (int b = 0; b < 200; b++) {
            engine.process(host);
            stages.blockStages(plainOut);
            fused.blockFused(check);
            compare(host, plainOut, "plainStages", b);
            compare(host, check, "plainFused", b);
        }
        if (!engine.drainFaults().isEmpty() || engine.stats().nonFiniteSamples() != 0) {
            throw new IllegalStateException("the patch faulted or produced non-finite samples");
        }
    }

    /** The patch in an engine, its first block (the plan swap and the parameters) not yet run. */
    static Engine buildEngine() {
        Engine e = Engine.builder().sampleRate(RATE).blockSize(BLOCK).outputChannels(2)
                .initialNodeCapacity(3 * VOICES).commandCapacity(1024).maxCommandsPerBlock(1024).build();
        e.batch(b -> {
            for (int v = 0; v < VOICES; v++) {
                long saw = b.add(SawOscillator.TYPE_ID);
                b.setParam(saw, "freq", frequency(v), 0f);
                long lowPass = b.add(Biquad.TYPE_ID);
                b.setParam(lowPass, "freq", CUTOFF_HZ, 0f);
                b.setParam(lowPass, "q", Q, 0f);
                long gain = b.add(Gain.TYPE_ID);
                b.setParam(gain, "gain", GAIN, 0f);
                b.connect(saw, SawOscillator.OUT, lowPass, Biquad.IN);
                b.connect(lowPass, Biquad.OUT, gain, Gain.IN);
                b.connectOutput(gain, Gain.OUT, v % 2);
            }
        });
        return e;
    }

    private static void compare(float[][] engineOut, float[][] plain, String which, int block) {
        for (int ch = 0; ch < 2; ch++) {
            for (int i = 0; i < BLOCK; i++) {
                if (!(Math.abs(engineOut[ch][i] - plain[ch][i]) <= 1e-6f)) {
                    throw new IllegalStateException("block " + block + ", channel " + ch + ", frame " + i + ": engine "
                            + engineOut[ch][i] + ", " + which + " " + plain[ch][i] + ": not the same patch");
                }
            }
        }
    }

    /** One 64-frame block of the patch through the engine. */
    @Benchmark
    public float[][] engine() {
        engine.process(host);
        return host;
    }

    /** The same block by hand, one loop per stage and voice, through scratch arrays. */
    @Benchmark
    public float[][] plainStages() {
        stages.blockStages(plainOut);
        return plainOut;
    }

    /** The same block by hand, one fused loop per voice. */
    @Benchmark
    public float[][] plainFused() {
        fused.blockFused(plainOut);
        return plainOut;
    }

    /**
     * The patch's arithmetic without the engine: the saw's wavetable read (two mip levels
     * crossfaded by the phase increment, chosen once per block since nothing modulates the
     * frequency), the biquad's Direct Form I in double with its flush of tiny outputs, the
     * gain in float, the sum.
     */
    static final class PlainVoices {
        private static final double FLUSH = 1e-15;
        private static final double TINY = 1e-30;

        private final double[] phase = new double[VOICES];
        private final double[] increment = new double[VOICES];
        private final double[][] memory = new double[VOICES][4];
        private final float[] saw = new float[BLOCK];
        private final float[] filtered = new float[BLOCK];
        private final double b0;
        private final double b1;
        private final double b2;
        private final double a1;
        private final double a2;
        /** Stored in a field so the JIT cannot fold it into the loops. */
        private float gain = GAIN;

        PlainVoices() {
            for (int v = 0; v < VOICES; v++) {
                increment[v] = frequency(v) * (1.0 / RATE);
                int level = SawTables.level(increment[v]);
                SawTables.synthesise(level - 1);
                SawTables.synthesise(level);
            }
            // RBJ cookbook low-pass, normalised by a0, as std.filter.biquad computes it.
            double w0 = 2.0 * Math.PI * CUTOFF_HZ / RATE;
            double cosW = Math.cos(w0);
            double alpha = Math.sin(w0) / (2.0 * Q);
            double inv = 1.0 / (1.0 + alpha);
            b1 = (1.0 - cosW) * inv;
            b0 = 0.5 * (1.0 - cosW) * inv;
            b2 = b0;
            a1 = -2.0 * cosW * inv;
            a2 = (1.0 - alpha) * inv;
        }

        void blockStages(float[][] out) {
            Arrays.fill(out[0], 0f);
            Arrays.fill(out[1], 0f);
            final float g = gain;
            for (int v = 0; v < VOICES; v++) {
                sawStage(v);
                biquadStage(v);
                final float[] in = filtered;
                final float[] dst = out[v % 2];
                for (int i = 0; i < BLOCK; i++) {
                    dst[i] += in[i] * g;
                }
            }
        }

        private void sawStage(int v) {
            final double inc = increment[v];
            final int level = SawTables.level(inc);
            final double weight = SawTables.weight(level, inc);
            final double[] lower = SawTables.table(level - 1);
            final double[] upper = SawTables.table(level);
            final double lowerScale = lower.length - 1;
            final double upperScale = upper.length - 1;
            final float[] dst = saw;
            double p = phase[v];
            for (int i = 0; i < BLOCK; i++) {
                dst[i] = (float) SawTables.read(lower, lowerScale, upper, upperScale, weight, p);
                p += inc;
                if (p >= 1.0) {
                    p -= 1.0;
                }
            }
            phase[v] = p;
        }

        private void biquadStage(int v) {
            final double[] m = memory[v];
            double xm1 = m[0];
            double xm2 = m[1];
            double ym1 = m[2];
            double ym2 = m[3];
            final float[] in = saw;
            final float[] dst = filtered;
            for (int i = 0; i < BLOCK; i++) {
                final double x = in[i];
                double y = Math.fma(-a1, ym1, Math.fma(-a2, ym2, b0 * x + b1 * xm1 + b2 * xm2));
                if (Math.abs(y) < FLUSH) { // both tests need it, as in the node
                    if (Math.abs(y) + Math.abs(ym1) < FLUSH) {
                        y = 0.0;
                        ym1 = 0.0;
                    } else if (Math.abs(y) < TINY) {
                        y = 0.0;
                    }
                }
                xm2 = xm1;
                xm1 = x;
                ym2 = ym1;
                ym1 = y;
                dst[i] = (float) y;
            }
            m[0] = xm1;
            m[1] = xm2;
            m[2] = ym1;
            m[3] = ym2;
        }

        void blockFused(float[][] out) {
            Arrays.fill(out[0], 0f);
            Arrays.fill(out[1], 0f);
            final float g = gain;
            for (int v = 0; v < VOICES; v++) {
                final double inc = increment[v];
                final int level = SawTables.level(inc);
                final double weight = SawTables.weight(level, inc);
                final double[] lower = SawTables.table(level - 1);
                final double[] upper = SawTables.table(level);
                final double lowerScale = lower.length - 1;
                final double upperScale = upper.length - 1;
                final float[] dst = out[v % 2];
                final double[] m = memory[v];
                double xm1 = m[0];
                double xm2 = m[1];
                double ym1 = m[2];
                double ym2 = m[3];
                double p = phase[v];
                for (int i = 0; i < BLOCK; i++) {
                    final double x = (float) SawTables.read(lower, lowerScale, upper, upperScale, weight, p);
                    p += inc;
                    if (p >= 1.0) {
                        p -= 1.0;
                    }
                    double y = Math.fma(-a1, ym1, Math.fma(-a2, ym2, b0 * x + b1 * xm1 + b2 * xm2));
                    if (Math.abs(y) < FLUSH) {
                        if (Math.abs(y) + Math.abs(ym1) < FLUSH) {
                            y = 0.0;
                            ym1 = 0.0;
                        } else if (Math.abs(y) < TINY) {
                            y = 0.0;
                        }
                    }
                    xm2 = xm1;
                    xm1 = x;
                    ym2 = ym1;
                    ym1 = y;
                    dst[i] += (float) y * g;
                }
                phase[v] = p;
                m[0] = xm1;
                m[1] = xm2;
                m[2] = ym1;
                m[3] = ym2;
            }
        }
    }

    /**
     * The band-limited saw's mip levels, built here the way {@code BandLimitedWavetable}
     * documents them (every harmonic count to 16, then counts 1.15 apart to 1024, fading over
     * the top quarter of their range above 16 harmonics; tables of at
     * least 8 samples per top harmonic and 256 samples, plus a guard sample), but by direct
     * summation of the series: an independent copy, which the setup checks against the node.
     * Float samples held as doubles, and the whole part of the position built from bits, as
     * the node does: on JDK 17 a float-to-double or int-to-double conversion or a {@code Math.floor}
     * in this loop can cost three times the loop (see the README's bimodal saw).
     */
    static final class SawTables {
        private static final int DENSE = 16;
        private static final double RATIO = 1.15;
        private static final double FADE_FRACTION = 0.25;
        private static final int MAX = 1024;
        private static final int[] HARMONICS;
        private static final int[] LEVEL_FOR;
        private static final double[] ALIAS_LIMIT;
        private static final double[] FADE_SCALE;
        private static final double[][] TABLES;

        static {
            int[] h = new int[64];
            int count = 0;
            h[count++] = 1;
            for (int k = 1; k <= DENSE; k++) {
                h[count++] = k;
            }
            int next = DENSE;
            while (next < MAX) {
                next = Math.min(MAX, Math.max(next + 1, (int) Math.round(next * RATIO)));
                h[count++] = next;
            }
            HARMONICS = Arrays.copyOf(h, count);
            LEVEL_FOR = new int[MAX + 1];
            int level = 1;
            for (int k = 0; k <= MAX; k++) {
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
                double limit = 0.5 / HARMONICS[u];
                double nextHarmonics = u + 1 < count ? HARMONICS[u + 1] : HARMONICS[u] * RATIO;
                ALIAS_LIMIT[u] = limit;
                double width = limit - 0.5 / nextHarmonics;
                FADE_SCALE[u] = 1.0 / (HARMONICS[u] > DENSE ? FADE_FRACTION * width : width);
            }
            TABLES = new double[count][];
        }

        /** A level's table, once {@link #synthesise} has built it. */
        static double[] table(int level) {
            return TABLES[Math.max(level, 1)];
        }

        /** Builds a level's table if it is not built yet (setup only). */
        static synchronized void synthesise(int level) {
            int u = Math.max(level, 1);
            if (TABLES[u] == null) {
                int harmonics = HARMONICS[u];
                int n = Math.max(256, Integer.highestOneBit(8 * harmonics - 1) << 1);
                double[] t = new double[n + 1];
                for (int j = 0; j < n; j++) {
                    double sum = 0.0;
                    for (int k = 1; k <= harmonics; k++) {
                        sum += -2.0 / (Math.PI * k) * Math.sin(2.0 * Math.PI * ((long) k * j % n) / n);
                    }
                    t[j] = (float) sum;
                }
                t[n] = t[0];
                TABLES[u] = t;
            }
        }

        static int level(double increment) {
            double headroom = 0.5 / Math.abs(increment);
            return LEVEL_FOR[headroom < MAX ? (int) headroom : MAX];
        }

        static double weight(int level, double increment) {
            double w = (ALIAS_LIMIT[level] - Math.abs(increment)) * FADE_SCALE[level];
            if (!(w < 1.0)) {
                return 1.0;
            }
            return w > 0.0 ? w : 0.0;
        }

        /** Two levels crossfaded by the weight, or at a weight of exactly 1 the upper alone, as the node reads them. */
        static double read(double[] lower, double lowerScale, double[] upper, double upperScale, double weight, double phase) {
            final double up = interpolate(upper, upperScale, phase);
            if (weight == 1.0) {
                return up;
            }
            final double lo = interpolate(lower, lowerScale, phase);
            return lo + weight * (up - lo);
        }

        /** The node's read; {@code scale} is the table's length less its guard sample, as a double. */
        static double interpolate(double[] table, double scale, double phase) {
            double x = phase * scale;
            int i = (int) x;
            double y0 = table[i];
            return y0 + (x - whole(i)) * (table[i + 1] - y0);
        }

        /** {@code (double) i} for i >= 0 from bits, as the node's: the conversion has the false dependency. */
        static double whole(int i) {
            return Double.longBitsToDouble(0x4330000000000000L | i) - 0x1p52;
        }

        /** {@code Math.floor} for x >= 0 from the bits ({@link SawReadBenchmark}): {@code roundsd} has the false dependency too. */
        static double floor(double x) {
            final long bits = Double.doubleToRawLongBits(x);
            final int fractionBits = 1075 - (int) (bits >>> 52);
            if (fractionBits <= 0) {
                return x;
            }
            if (fractionBits > 52) {
                return 0.0;
            }
            return Double.longBitsToDouble(bits & (-1L << fractionBits));
        }
    }
}
