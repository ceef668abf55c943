package org.aetherdsp.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The band-limited saw's table read for issue 18's 32 voices (55 to 880 Hz, one 64-frame
 * block each), written three ways that compute the same values, to show where the saw's
 * bimodal speed came from. Run it with several forks: the first two change speed from fork to
 * fork (and sometimes within one), the third does not.
 * <ul>
 *   <li>{@link #floatTables}: as {@code std.osc.saw} read before issue 18: float tables, the
 *       fraction as {@code x - (int) x}. Each frame converts four floats and one int to double.</li>
 *   <li>{@link #mathFloor}: double tables, the fraction as {@code x - Math.floor(x)}: no
 *       conversion left, but {@code Math.floor} is a {@code roundsd}.</li>
 *   <li>{@link #bitFloor}: double tables, the floor from the bits of the double (the node now
 *       builds {@code (double) (int) x} from bits instead, the same idea with fewer
 *       instructions).</li>
 * </ul>
 * JDK 17's C2 emits {@code vcvtss2sd}, {@code vcvtsi2sd} and {@code vroundsd} as
 * {@code op dst, dst, src}: the instruction merges into the upper half of its target, so it
 * waits for the last write of that register. Where the register allocator picks one written
 * late in the previous frame, the frames of the loop run one after another instead of
 * overlapping (JDK-8318562, fixed in JDK 23).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(6)
@State(Scope.Thread)
public class SawReadBenchmark {

    static final int VOICES = VoicePatchBenchmark.VOICES;
    static final int FRAMES = 64;

    private final double[][] lowerDouble = new double[VOICES][];
    private final double[][] upperDouble = new double[VOICES][];
    private final float[][] lowerFloat = new float[VOICES][];
    private final float[][] upperFloat = new float[VOICES][];
    private final double[] increment = new double[VOICES];
    private final double[] weight = new double[VOICES];
    private final double[] phase = new double[VOICES];
    private final float[] out = new float[FRAMES];

    @Setup
    public void setUp() {
        for (int v = 0; v < VOICES; v++) {
            increment[v] = VoicePatchBenchmark.frequency(v) * (1.0 / VoicePatchBenchmark.RATE);
            int level = VoicePatchBenchmark.SawTables.level(increment[v]);
            weight[v] = VoicePatchBenchmark.SawTables.weight(level, increment[v]);
            VoicePatchBenchmark.SawTables.synthesise(level - 1);
            VoicePatchBenchmark.SawTables.synthesise(level);
            lowerDouble[v] = VoicePatchBenchmark.SawTables.table(level - 1);
            upperDouble[v] = VoicePatchBenchmark.SawTables.table(level);
            lowerFloat[v] = narrow(lowerDouble[v]);
            upperFloat[v] = narrow(upperDouble[v]);
        }
    }

    private static float[] narrow(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }

    /** Float tables, {@code x - (int) x}: the read as it was. */
    @Benchmark
    public float[] floatTables() {
        for (int v = 0; v < VOICES; v++) {
            final float[] lo = lowerFloat[v];
            final float[] up = upperFloat[v];
            final double w = weight[v];
            final double inc = increment[v];
            double p = phase[v];
            for (int i = 0; i < FRAMES; i++) {
                double x = p * (lo.length - 1);
                int j = (int) x;
                double a0 = lo[j];
                double a = a0 + (x - j) * (lo[j + 1] - a0);
                double y = p * (up.length - 1);
                int k = (int) y;
                double b0 = up[k];
                double b = b0 + (y - k) * (up[k + 1] - b0);
                out[i] = (float) (a + w * (b - a));
                p += inc;
                if (p >= 1.0) {
                    p -= 1.0;
                }
            }
            phase[v] = p;
        }
        return out;
    }

    /** Double tables, {@code x - Math.floor(x)}. */
    @Benchmark
    public float[] mathFloor() {
        for (int v = 0; v < VOICES; v++) {
            final double[] lo = lowerDouble[v];
            final double[] up = upperDouble[v];
            final double w = weight[v];
            final double inc = increment[v];
            final double scale = lo.length - 1;
            double p = phase[v];
            for (int i = 0; i < FRAMES; i++) {
                final double x = p * scale;
                final double whole = Math.floor(x);
                final int j = (int) whole;
                final double f = x - whole;
                final double a0 = lo[j];
                final double a = a0 + f * (lo[j + 1] - a0);
                final double b0 = up[j];
                final double b = b0 + f * (up[j + 1] - b0);
                out[i] = (float) (a + w * (b - a));
                p += inc;
                if (p >= 1.0) {
                    p -= 1.0;
                }
            }
            phase[v] = p;
        }
        return out;
    }

    /** Double tables, the floor from the bits. */
    @Benchmark
    public float[] bitFloor() {
        for (int v = 0; v < VOICES; v++) {
            final double[] lo = lowerDouble[v];
            final double[] up = upperDouble[v];
            final double w = weight[v];
            final double inc = increment[v];
            final double scale = lo.length - 1;
            double p = phase[v];
            for (int i = 0; i < FRAMES; i++) {
                final double x = p * scale;
                final double whole = VoicePatchBenchmark.SawTables.floor(x);
                final int j = (int) x;
                final double f = x - whole;
                final double a0 = lo[j];
                final double a = a0 + f * (lo[j + 1] - a0);
                final double b0 = up[j];
                final double b = b0 + f * (up[j + 1] - b0);
                out[i] = (float) (a + w * (b - a));
                p += inc;
                if (p >= 1.0) {
                    p -= 1.0;
                }
            }
            phase[v] = p;
        }
        return out;
    }
}
