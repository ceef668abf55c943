package org.aetherdsp.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The arithmetic of a std node's common case ({@link NodeBenchmark}'s {@code common}: default
 * parameters, settled, modulation inputs unconnected) as a plain loop over 64 frames: no node,
 * no parameter objects, no context, every constant computed once in the setup. The score is
 * per sample, like {@link NodeBenchmark}'s, so the two can be divided: the node's overhead
 * over its own algorithm.
 *
 * <p>Each {@code algorithm} is named after the node whose loop it copies. The oscillators read
 * the saw tables of {@link VoicePatchBenchmark.SawTables} (the triangle's loop is the saw's
 * with other table contents, so {@code std.osc.saw} stands for both). The loops of the nodes
 * with more state are in {@link PlainNodeLoops}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(2)
@State(Scope.Thread)
public class PlainLoopBenchmark {

    static final int FRAMES = 64;
    static final double RATE = 48_000.0;

    @Param({"std.osc.sine", "std.osc.saw", "std.osc.square", "std.noise", "std.filter.biquad", "std.filter.svf",
        "std.filter.ladder", "std.gain", "std.mix", "std.pan", "std.lfo", "std.karplus", "std.sampler", "std.adsr",
        "std.seq", "std.filter.formant", "std.delay", "std.chorus", "std.reverb", "std.compressor", "std.waveshaper",
        "std.granular", "std.meter", "std.record"})
    public String algorithm;

    final float[][] in = new float[8][FRAMES];
    final float[][] out = new float[4][FRAMES];
    private int which;
    // The loops of PlainNodeLoops: only the chosen one is made.
    private PlainNodeLoops.Lfo lfo;
    private PlainNodeLoops.Karplus karplus;
    private PlainNodeLoops.Sampler sampler;
    private PlainNodeLoops.Adsr adsr;
    private PlainNodeLoops.Seq seq;
    private PlainNodeLoops.Formant formant;
    private PlainNodeLoops.Delay delay;
    private PlainNodeLoops.Chorus chorus;
    private PlainNodeLoops.Reverb reverb;
    private PlainNodeLoops.Compressor compressor;
    private PlainNodeLoops.Waveshaper waveshaper;
    private PlainNodeLoops.Granular granular;
    PlainNodeLoops.Meter meter;
    PlainNodeLoops.Record record;

    // Oscillators: 440 Hz, amp 1 (std.osc.*'s defaults); square width 0.5.
    private double phase;
    private double increment = 440.0 / RATE;
    private double[] lower;
    private double[] upper;
    private double weight;
    private double lowerScale;
    private double upperScale;
    private int level;
    /** std.noise's generator state for its default seed 1: SplitMix64 mixing {@code 1 * gamma + 0x2545F4914F6CDD1D}. */
    private long rng = mix(0x9E3779B97F4A7C15L + 0x2545F4914F6CDD1DL);
    // Filters at their defaults: 1 kHz, Q 0.7071 (biquad low-pass, SVF), ladder resonance 0, drive 0 dB.
    private double b0;
    private double b1;
    private double b2;
    private double a1;
    private double a2;
    private double x1;
    private double x2;
    private double y1;
    private double y2;
    private double svfA1;
    private double svfA2;
    private double svfA3;
    private double svfK;
    private double ladderBig;
    private double m1;
    private double m2;
    private double m3;
    private double m4;
    private int ladderSeed = 1;
    /** The ladder's feedback (4.4 x resonance 0) and drive gain (0 dB), in fields like the node's values. */
    private double ladderFeedback = 0.0;
    private double ladderDrive = 1.0;
    /** Gains in fields, so the JIT cannot fold them. */
    private float gain = 1f;
    private final float[] mixGains = {1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f};
    private float panLeft = (float) Math.sin(0.5 * Math.PI * 0.5);
    private float panRight = (float) Math.sin(0.5 * Math.PI * 0.5);

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(1);
        for (float[] x : in) {
            for (int i = 0; i < FRAMES; i++) {
                x[i] = (float) (random.nextDouble() * 2 - 1);
            }
        }
        which = switch (algorithm) {
            case "std.osc.sine" -> 0;
            case "std.osc.saw" -> 1;
            case "std.osc.square" -> 2;
            case "std.noise" -> 3;
            case "std.filter.biquad" -> 4;
            case "std.filter.svf" -> 5;
            case "std.filter.ladder" -> 6;
            case "std.gain" -> 7;
            case "std.mix" -> 8;
            case "std.pan" -> 9;
            case "std.lfo" -> 10;
            case "std.karplus" -> 11;
            case "std.sampler" -> 12;
            case "std.adsr" -> 13;
            case "std.seq" -> 14;
            case "std.filter.formant" -> 15;
            case "std.delay" -> 16;
            case "std.chorus" -> 17;
            case "std.reverb" -> 18;
            case "std.compressor" -> 19;
            case "std.waveshaper" -> 20;
            case "std.granular" -> 21;
            case "std.meter" -> 22;
            case "std.record" -> 23;
            default -> throw new IllegalArgumentException(algorithm);
        };
        switch (which) {
            case 10 -> lfo = new PlainNodeLoops.Lfo();
            case 11 -> karplus = new PlainNodeLoops.Karplus();
            case 12 -> sampler = new PlainNodeLoops.Sampler();
            case 13 -> adsr = new PlainNodeLoops.Adsr();
            case 14 -> seq = new PlainNodeLoops.Seq();
            case 15 -> formant = new PlainNodeLoops.Formant();
            case 16 -> delay = new PlainNodeLoops.Delay();
            case 17 -> chorus = new PlainNodeLoops.Chorus();
            case 18 -> reverb = new PlainNodeLoops.Reverb();
            case 19 -> compressor = new PlainNodeLoops.Compressor();
            case 20 -> waveshaper = new PlainNodeLoops.Waveshaper();
            case 21 -> granular = new PlainNodeLoops.Granular();
            case 22 -> meter = new PlainNodeLoops.Meter();
            case 23 -> record = new PlainNodeLoops.Record();
            default -> {
            }
        }
        level = VoicePatchBenchmark.SawTables.level(increment);
        weight = VoicePatchBenchmark.SawTables.weight(level, increment);
        VoicePatchBenchmark.SawTables.synthesise(level - 1);
        VoicePatchBenchmark.SawTables.synthesise(level);
        lower = VoicePatchBenchmark.SawTables.table(level - 1);
        upper = VoicePatchBenchmark.SawTables.table(level);
        lowerScale = lower.length - 1;
        upperScale = upper.length - 1;

        double w0 = 2.0 * Math.PI * 1_000.0 / RATE;
        double cosW = Math.cos(w0);
        double alpha = Math.sin(w0) / (2.0 * 0.7071f);
        double inv = 1.0 / (1.0 + alpha);
        b1 = (1.0 - cosW) * inv;
        b0 = 0.5 * (1.0 - cosW) * inv;
        b2 = b0;
        a1 = -2.0 * cosW * inv;
        a2 = (1.0 - alpha) * inv;

        double g = Math.tan(1_000.0 * (Math.PI / RATE));
        svfK = 1.0 / 0.7071f;
        svfA1 = 1.0 / (1.0 + g * (g + svfK));
        svfA2 = g * svfA1;
        svfA3 = g * svfA2;
        ladderBig = g / (1.0 + g);
    }

    /** One block of the chosen loop, scored per sample. */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public float[][] loop() {
        switch (which) {
            case 0 -> sine();
            case 1 -> saw();
            case 2 -> square();
            case 3 -> noise();
            case 4 -> biquad();
            case 5 -> svf();
            case 6 -> ladder();
            case 7 -> gain();
            case 8 -> mix();
            case 9 -> pan();
            case 10 -> lfo.run(in, out);
            case 11 -> karplus.run(in, out);
            case 12 -> sampler.run(in, out);
            case 13 -> adsr.run(in, out);
            case 14 -> seq.run(in, out);
            case 15 -> formant.run(in, out);
            case 16 -> delay.run(in, out);
            case 17 -> chorus.run(in, out);
            case 18 -> reverb.run(in, out);
            case 19 -> compressor.run(in, out);
            case 20 -> waveshaper.run(in, out);
            case 21 -> granular.run(in, out);
            case 22 -> meter.run(in, out);
            default -> record.run(in, out);
        }
        return out;
    }

    private void sine() {
        final float[] o = out[0];
        double p = phase;
        for (int i = 0; i < FRAMES; i++) {
            o[i] = (float) sinTurns(p);
            p += increment;
            if (p >= 1.0) {
                p -= 1.0;
            }
        }
        phase = p;
    }

    private double read(double[] lo, double[] up, double w, double p) {
        return VoicePatchBenchmark.SawTables.read(lo, lowerScale, up, upperScale, w, p);
    }

    private void saw() {
        final float[] o = out[0];
        final double[] lo = lower;
        final double[] up = upper;
        final double w = weight;
        double p = phase;
        for (int i = 0; i < FRAMES; i++) {
            o[i] = (float) read(lo, up, w, p);
            p += increment;
            if (p >= 1.0) {
                p -= 1.0;
            }
        }
        phase = p;
    }

    private void square() {
        final float[] o = out[0];
        final double[] lo = lower;
        final double[] up = upper;
        final double w = weight;
        double p = phase;
        for (int i = 0; i < FRAMES; i++) {
            double lagged = p - 0.5;
            if (lagged < 0.0) {
                lagged += 1.0;
            }
            o[i] = (float) (read(lo, up, w, lagged) - read(lo, up, w, p));
            p += increment;
            if (p >= 1.0) {
                p -= 1.0;
            }
        }
        phase = p;
    }

    /**
     * {@code sin(2π t)} as {@code std.osc.sine} computes it (an independent copy of its
     * {@code FastSine}): rounded to the nearest whole cycle by adding and subtracting
     * {@code 1.5 * 2^52}, folded onto a quarter cycle, the Taylor series to {@code x^17} by Estrin's scheme; fused
     * multiply-adds, as the node uses on a machine with FMA (like the biquad loop here).
     */
    static double sinTurns(double t) {
        final double u = t - ((t + 0x1.8p52) - 0x1.8p52);
        final double a = Math.abs(u);
        if (!(a <= 0.5)) {
            return 0.0 * u;
        }
        final double x = Math.min(a, 0.5 - a) * (2.0 * Math.PI);
        final double x2 = x * x;
        final double x4 = x2 * x2;
        final double s01 = Math.fma(Math.fma(1.0 / 362880.0, x2, -1.0 / 5040.0), x4, Math.fma(1.0 / 120.0, x2, -1.0 / 6.0));
        final double s23 = Math.fma(Math.fma(1.0 / 355687428096000.0, x2, -1.0 / 1307674368000.0), x4,
                Math.fma(1.0 / 6227020800.0, x2, -1.0 / 39916800.0));
        final double q = Math.fma(s23, x4 * x4, s01);
        return Math.copySign(Math.fma(x * x2, q, x), u);
    }


    private static long mix(long state) {
        long z = state;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private void noise() {
        final float[] o = out[0];
        final float a = gain;
        long s = rng;
        for (int i = 0; i < FRAMES; i++) {
            s += 0x9E3779B97F4A7C15L;
            long z = s;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z ^= z >>> 31;
            o[i] = ((int) (z >>> 40) * (1.0f / (1 << 23)) - 1.0f) * a;
        }
        rng = s;
    }

    private void biquad() {
        final float[] x0 = in[0];
        final float[] o = out[0];
        double xm1 = x1;
        double xm2 = x2;
        double ym1 = y1;
        double ym2 = y2;
        for (int i = 0; i < FRAMES; i++) {
            final double x = x0[i];
            double y = Math.fma(-a1, ym1, Math.fma(-a2, ym2, b0 * x + b1 * xm1 + b2 * xm2));
            if (Math.abs(y) < 1e-15) { // both tests need it, as in the node
                if (Math.abs(y) + Math.abs(ym1) < 1e-15) {
                    y = 0.0;
                    ym1 = 0.0;
                } else if (Math.abs(y) < 1e-30) {
                    y = 0.0;
                }
            }
            xm2 = xm1;
            xm1 = x;
            ym2 = ym1;
            ym1 = y;
            o[i] = (float) y;
        }
        x1 = xm1;
        x2 = xm2;
        y1 = ym1;
        y2 = ym2;
    }

    private static double flush(double x) {
        return Math.abs(x) < 1e-15 ? 0.0 : x;
    }

    private void svf() {
        final float[] x0 = in[0];
        final float[] lp = out[0];
        final float[] hp = out[1];
        final float[] bp = out[2];
        final float[] notch = out[3];
        final double c1 = svfA1;
        final double c2 = svfA2;
        final double c3 = svfA3;
        final double k = svfK;
        double s1 = m1;
        double s2 = m2;
        for (int i = 0; i < FRAMES; i++) {
            final double x = x0[i];
            final double v3 = x - s2;
            final double v1 = c1 * s1 + c2 * v3;
            final double v2 = s2 + c2 * s1 + c3 * v3;
            s1 = flush(2.0 * v1 - s1);
            s2 = flush(2.0 * v2 - s2);
            final double band = k * v1;
            lp[i] = (float) v2;
            hp[i] = (float) (x - band - v2);
            bp[i] = (float) band;
            notch[i] = (float) (x - band);
        }
        m1 = s1;
        m2 = s2;
    }

    /** The ladder at its defaults (resonance 0, drive 0 dB), with the node's per-sample arithmetic and one tanh. */
    private void ladder() {
        final float[] x0 = in[0];
        final float[] o = out[0];
        final double big = ladderBig;
        final double oneMinusBig = 1.0 - big;
        final double big2 = big * big;
        final double k = ladderFeedback;
        final double drive = ladderDrive;
        double n1 = m1;
        double n2 = m2;
        double n3 = m3;
        double n4 = m4;
        int r = ladderSeed;
        for (int i = 0; i < FRAMES; i++) {
            r = r * 1_664_525 + 1_013_904_223;
            final double x = x0[i] * drive + r * (1e-9 / 2_147_483_648.0);
            final double sigma = oneMinusBig * (n4 + big * (n3 + big * (n2 + big * n1)));
            final double u = Math.tanh((x - k * sigma) / (1.0 + k * big2 * big2));
            final double v1 = big * (u - n1);
            final double z1 = v1 + n1;
            n1 = flush(z1 + v1);
            final double v2 = big * (z1 - n2);
            final double z2 = v2 + n2;
            n2 = flush(z2 + v2);
            final double v3 = big * (z2 - n3);
            final double z3 = v3 + n3;
            n3 = flush(z3 + v3);
            final double v4 = big * (z3 - n4);
            final double z4 = v4 + n4;
            n4 = flush(z4 + v4);
            o[i] = (float) z4;
        }
        m1 = n1;
        m2 = n2;
        m3 = n3;
        m4 = n4;
        ladderSeed = r;
    }

    private void gain() {
        final float[] x0 = in[0];
        final float[] o = out[0];
        final float g = gain;
        for (int i = 0; i < FRAMES; i++) {
            o[i] = x0[i] * g;
        }
    }

    private void mix() {
        final float[] o = out[0];
        for (int i = 0; i < FRAMES; i++) {
            o[i] = 0f;
        }
        for (int k = 0; k < 8; k++) {
            final float[] x = in[k];
            final float g = mixGains[k];
            for (int i = 0; i < FRAMES; i++) {
                o[i] += x[i] * g;
            }
        }
    }

    private void pan() {
        final float[] x0 = in[0];
        final float[] left = out[0];
        final float[] right = out[1];
        final float gl = panLeft;
        final float gr = panRight;
        for (int i = 0; i < FRAMES; i++) {
            final float x = x0[i];
            left[i] = x * gl;
            right[i] = x * gr;
        }
    }
}
