package org.aetherdsp.benchmarks;

/**
 * The plain loops of {@link PlainLoopBenchmark} for the std nodes whose algorithm needs more
 * state than a few fields: one class per node, named after it, each holding its own state in
 * fields and plain arrays and computing, in {@code run}, one block of the node's common case as
 * {@link NodeBenchmark} measures it (48 kHz, 64 frames, default parameters, settled; the
 * modulation inputs unconnected; the signal inputs on the benchmark's noise). Every constant a
 * settled parameter gives is computed once, in the constructor, by the node's own formula; the
 * per-sample arithmetic is the node's, operation for operation, so that the output is the
 * node's to the bit ({@code PlainLoopEquivalenceTest} checks it, block by block). What the
 * common case never reaches (a ramp, another mode or shape, a connected modulation input, a
 * loaded table, a drained recording) is left out.
 */
final class PlainNodeLoops {

    static final double RATE = 48_000.0;
    static final float RATE_F = 48_000f;

    private PlainNodeLoops() {
    }

    /** Flushes magnitudes below 1e-15, as the nodes' delay lines do. */
    static float flush(float x) {
        return Math.abs(x) < 1e-15f ? 0f : x;
    }

    static float hermite(float xm1, float x0, float x1, float x2, float t) {
        final float c1 = 0.5f * (x1 - xm1);
        final float c2 = xm1 - 2.5f * x0 + 2f * x1 - 0.5f * x2;
        final float c3 = 0.5f * (x2 - xm1) + 1.5f * (x0 - x1);
        return ((c3 * t + c2) * t + c1) * t + x0;
    }

    /** The sample written {@code k} writes before {@code pos} in ring {@code buf}. */
    static float tap(float[] buf, int pos, int k) {
        int j = pos - k;
        if (j < 0) {
            j += buf.length;
        }
        return buf[j];
    }

    /** A fractional-delay read of ring {@code buf} (longest delay its length less 4), as the nodes' delay line reads. */
    static float read(float[] buf, int pos, double delay) {
        double d = delay;
        if (d < 1.0) {
            d = 1.0;
        } else if (d > buf.length - 4) {
            d = buf.length - 4;
        }
        final int i = (int) d;
        final float t = (float) (d - i);
        if (i < 2) {
            final float x0 = tap(buf, pos, 1);
            return x0 + t * (tap(buf, pos, 2) - x0);
        }
        return hermite(tap(buf, pos, i - 1), tap(buf, pos, i), tap(buf, pos, i + 1), tap(buf, pos, i + 2), t);
    }

    /** {@code std.lfo}: sine, 1 Hz, depth 1, offset 0; {@code sync} unconnected. */
    static final class Lfo {
        private final double increment = 1f * (1.0 / RATE_F);
        private final float depth = 1f;
        private final float offset = 0f;
        private double phase;

        void run(float[][] in, float[][] out) {
            final float[] o = out[0];
            final double inc = increment;
            final float d = depth;
            final float off = offset;
            double p = phase;
            for (int i = 0; i < PlainLoopBenchmark.FRAMES; i++) {
                o[i] = off + d * (float) PlainLoopBenchmark.sinTurns(p);
                p += inc;
                if (p >= 1.0) {
                    p -= Math.floor(p);
                }
            }
            phase = p;
        }
    }

    /**
     * {@code std.karplus}: 220 Hz, decay 2 s, brightness 0.5, amp 1, seed 1; {@code trigger} on
     * the noise (so a pluck about every fourth sample, each generating a period of burst twice),
     * {@code excite} unconnected.
     */
    static final class Karplus {
        private static final float FLUSH = 1e-20f;
        private final float[] line = new float[4096];
        private final int mask = line.length - 1;
        private final int delay;
        private final float a0;
        private final float a1;
        private final float c;
        private final float gain;
        private final int period;
        private final float amp = 1f;
        private final long seed = Math.round(1f);
        private final float burstPole = 0.15f + 0.85f * 0.5f;
        private int write;
        private float lpIn;
        private float apIn;
        private float apOut;
        private boolean triggerHigh;
        private int burstLeft;
        private long noise;
        private float burstLp;
        private float burstMean;
        private long plucks;

        Karplus() {
            final float freq = 220f;
            final float decay = 2f;
            final float brightness = 0.5f;
            final double f = Math.min(freq, 0.45 * RATE_F);
            final double total = RATE_F / f;
            final double w = 2.0 * Math.PI * f / RATE_F;
            final double s = 0.5 * (1.0 - brightness);
            final double re = 1.0 - s + s * Math.cos(w);
            final double im = s * Math.sin(w);
            final double lpDelay = Math.atan2(im, re) / w;
            final double lpGain = Math.hypot(re, im);
            final double rest = total - lpDelay;
            int whole = Math.max(1, (int) Math.floor(rest - 0.5));
            whole = Math.min(whole, line.length - 2);
            final double frac = rest - whole;
            delay = whole;
            a0 = (float) (1.0 - s);
            a1 = (float) s;
            final double phi = w * (1.0 - frac) / 2.0;
            c = (float) Math.max(-0.999, Math.min(0.999, Math.sin(phi) / Math.sin(w - phi)));
            final double perPeriod = Math.pow(10.0, -3.0 / (f * decay));
            final double dcPerPeriod = Math.pow(10.0, -3.0 / (f * 2.0 * decay));
            gain = (float) Math.min(Math.min(perPeriod / lpGain, dcPerPeriod), 1.0 - 1e-6);
            period = Math.max(1, (int) Math.round(total));
        }

        private static long seedFor(long seed, long p) {
            long z = seed * 0x9E3779B97F4A7C15L + p + 0x632BE59BD9B4E019L;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z ^= z >>> 31;
            return z == 0 ? 0x2545F4914F6CDD1DL : z;
        }

        private float nextNoise() {
            long s = noise;
            s ^= s >>> 12;
            s ^= s << 25;
            s ^= s >>> 27;
            noise = s;
            return ((s * 0x2545F4914F6CDD1DL) >>> 40) * 0x1.0p-23f - 1f;
        }

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

        void run(float[][] in, float[][] out) {
            final float[] trigger = in[0];
            final float[] o = out[0];
            final float[] buf = line;
            final int m = mask;
            final int d = delay;
            final float b0 = a0;
            final float b1 = a1;
            final float ap = c;
            final float g = gain;
            final float a = amp;
            final float pole = burstPole;
            int w = write;
            float x1 = lpIn;
            float ax1 = apIn;
            float ay1 = apOut;
            for (int i = 0; i < PlainLoopBenchmark.FRAMES; i++) {
                final boolean high = trigger[i] > 0.5f;
                if (high && !triggerHigh) {
                    pluck(seedFor(seed, plucks++), pole);
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
                float y = g * y1;
                if (burstLeft > 0) {
                    burstLp += pole * (nextNoise() - burstLp);
                    y += burstLp - burstMean;
                    if (--burstLeft == 0) {
                        burstLp = 0f;
                    }
                }
                if (!(Math.abs(y) >= FLUSH)) {
                    y = 0f;
                }
                buf[w] = y;
                w = (w + 1) & m;
                o[i] = a * y;
            }
            write = w;
            lpIn = x1;
            apIn = ax1;
            apOut = ay1;
        }
    }

    /**
     * {@code std.sampler} with no table loaded (as {@link NodeBenchmark} runs it): silence on both
     * outputs; a trigger has nothing to start, so only its last level is kept.
     */
    static final class Sampler {
        private boolean triggerHigh;

        void run(float[][] in, float[][] out) {
            final float[] left = out[0];
            final float[] right = out[1];
            for (int i = 0; i < PlainLoopBenchmark.FRAMES; i++) {
                left[i] = 0f;
                right[i] = 0f;
            }
            triggerHigh = in[0][PlainLoopBenchmark.FRAMES - 1] > 0.5f;
        }
    }

    /** {@code std.adsr}: attack 10 ms, decay 100 ms, sustain 0.7, release 200 ms; {@code gate} on the noise. */
    static final class Adsr {
        private static final int IDLE = 0;
        private static final int ATTACK = 1;
        private static final int DECAY = 2;
        private static final int SUSTAIN = 3;
        private static final int RELEASE = 4;
        private static final float TINY = 1e-20f;
        private final float sustain = 0.7f;
        private final int attackFrames = frames(10f);
        private final int decayFrames = frames(100f);
        private final int releaseFrames = frames(200f);
        private int stage = IDLE;
        private float from;
        private int length;
        private int t;
        private boolean gateOn;

        private static int frames(float ms) {
            return (int) Math.max(0L, Math.round(ms * (double) RATE_F / 1000.0));
        }

        private float segment(float target) {
            if (t >= length) {
                return target;
            }
            return (float) (from + ((double) target - from) * t / length);
        }

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

        private void begin(int newStage, float level, int frames) {
            stage = newStage;
            from = level < TINY ? 0f : level;
            length = frames;
            t = 0;
        }

        void run(float[][] in, float[][] out) {
            final float[] gate = in[0];
            final float[] o = out[0];
            final float s = sustain;
            for (int i = 0; i < PlainLoopBenchmark.FRAMES; i++) {
                final boolean on = gate[i] > 0.5f;
                if (on != gateOn) {
                    gateOn = on;
                    final float level = level(s);
                    if (on) {
                        begin(ATTACK, level, attackFrames);
                    } else {
                        begin(RELEASE, level, releaseFrames);
                    }
                }
                if (stage == ATTACK && t >= length) {
                    begin(DECAY, 1f, decayFrames);
                }
                if (stage == DECAY && t >= length) {
                    stage = SUSTAIN;
                } else if (stage == RELEASE && t >= length) {
                    stage = IDLE;
                }
                o[i] = level(s);
                if (stage == ATTACK || stage == DECAY || stage == RELEASE) {
                    t++;
                }
            }
        }
    }

    /** {@code std.seq}: 120 bpm, 16 steps of 440 Hz, all gated, gate length 0.5, no swing. */
    static final class Seq {
        private static final int STEPS = 16;
        private static final double TICKS_PER_BPM = 1 << 21;
        private final float[] hz = new float[STEPS];
        private final boolean[] gates = new boolean[STEPS];
        private final long step = (long) (15.0 * RATE_F * TICKS_PER_BPM);
        private final long increment = (long) (120f * TICKS_PER_BPM);
        private final long gateTicks = (long) Math.ceil(0.5f * (double) step);
        private final long oddStart = step + (long) Math.ceil(0f * (double) step);
        private long tick;
        private int half;
        private long stepStart;
        private int index = -1;
        private boolean stepGated;
        private float pitch;

        Seq() {
            java.util.Arrays.fill(hz, 440f);
            java.util.Arrays.fill(gates, true);
        }

        private void nextStep() {
            index = index + 1 >= STEPS ? 0 : index + 1;
            stepGated = gates[index];
            if (stepGated) {
                pitch = hz[index];
            }
        }

        void run(float[][] in, float[][] out) {
            final float[] gateOut = out[0];
            final float[] pitchOut = out[1];
            final long pair = 2 * step;
            final long inc = increment;
            for (int i = 0; i < PlainLoopBenchmark.FRAMES; i++) {
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
                tick += inc;
            }
        }
    }

    /** {@code std.filter.formant}: vowel A, Q 8, no shift: three SVF band-passes summed with gains 1, 0.5, 0.25. */
    static final class Formant {
        private static final double[][] FORMANT_HZ = {{730, 1090, 2440}, {530, 1840, 2480}};
        private static final double[] FORMANT_GAIN = {1.0, 0.5, 0.25};
        private final double[] a1 = new double[3];
        private final double[] a2 = new double[3];
        private final double[] a3 = new double[3];
        /** {@code gain * k} per formant. */
        private final double[] gk = new double[3];
        private final double[] ic1 = new double[3];
        private final double[] ic2 = new double[3];

        Formant() {
            final double k = 1.0 / 8f;
            final double logShift = 0f * (Math.log(2.0) / 12.0);
            final double maxHz = 0.49 * RATE_F;
            final double piOverRate = Math.PI / RATE_F;
            for (int j = 0; j < 3; j++) {
                final double lo = Math.log(FORMANT_HZ[0][j]);
                final double logHz = lo + 0.0 * (Math.log(FORMANT_HZ[1][j]) - lo);
                final double hz = Math.min(Math.exp(logHz + logShift), maxHz);
                final double g = Math.tan(hz * piOverRate);
                a1[j] = 1.0 / (1.0 + g * (g + k));
                a2[j] = g * a1[j];
                a3[j] = g * a2[j];
                gk[j] = FORMANT_GAIN[j] * k;
            }
        }

        private static double flush(double x) {
            return Math.abs(x) < 1e-15 ? 0.0 : x;
        }

        void run(float[][] in, float[][] out) {
            final float[] x0 = in[0];
            final float[] o = out[0];
            for (int i = 0; i < PlainLoopBenchmark.FRAMES; i++) {
                o[i] = 0f;
            }
            for (int j = 0; j < 3; j++) {
                final double c1 = a1[j];
                final double c2 = a2[j];
                final double c3 = a3[j];
                final double g = gk[j];
                double s1 = ic1[j];
                double s2 = ic2[j];
                for (int i = 0; i < PlainLoopBenchmark.FRAMES; i++) {
                    final double v3 = x0[i] - s2;
                    final double v1 = c1 * s1 + c2 * v3;
                    final double v2 = s2 + c2 * s1 + c3 * v3;
                    s1 = flush(2.0 * v1 - s1);
                    s2 = flush(2.0 * v2 - s2);
                    o[i] += (float) (g * v1);
                }
                ic1[j] = s1;
                ic2[j] = s2;
            }
        }
    }

    /** {@code std.delay}: 250 ms, feedback 0.35, mix 0.5. */
    static final class Delay {
        private final float[] buffer = new float[(int) Math.ceil(2000f * (RATE_F / 1000.0)) + 4];
        private final double delay = 250f * (RATE_F / 1000.0);
        private final float feedback = 0.35f;
        private final float mix = 0.5f;
        private int pos;

        void run(float[][] in, float[][] out) {
            final float[] x0 = in[0];
            final float[] o = out[0];
            final float[] buf = buffer;
            final float fb = feedback;
            final float m = mix;
            final int i0 = (int) delay;
            final float t = (float) (delay - i0);
            int p = pos;
            for (int i = 0; i < PlainLoopBenchmark.FRAMES; i++) {
                final float x = x0[i];
                final float wet = hermite(tap(buf, p, i0 - 1), tap(buf, p, i0), tap(buf, p, i0 + 1), tap(buf, p, i0 + 2), t);
                buf[p] = flush(x + fb * wet);
                if (++p == buf.length) {
                    p = 0;
                }
                o[i] = (1f - m) * x + m * wet;
            }
            pos = p;
        }
    }

    /** {@code std.chorus}: 0.6 Hz, depth 2 ms, delay 12 ms, mix 0.5, 2 voices. */
    static final class Chorus {
        private static final double TWO_PI = 2.0 * Math.PI;
        private final float[] buffer = new float[(int) Math.ceil((30f + 10f) * (RATE_F / 1000.0)) + 4];
        private final double increment = 0.6f * (1.0 / RATE_F);
        private final double centre = 12f * (RATE_F / 1000.0);
        private final double sweep = 2f * (RATE_F / 1000.0);
        private final float mix = 0.5f;
        private final int voices = 2;
        private final float perVoice = 1f / voices;
        private final double[] offsetCos = new double[voices];
        private final double[] offsetSin = new double[voices];
        private int pos;
        private double phase;

        Chorus() {
            for (int v = 0; v < voices; v++) {
                offsetCos[v] = Math.cos(TWO_PI * v / voices);
                offsetSin[v] = Math.sin(TWO_PI * v / voices);
            }
        }

        void run(float[][] in, float[][] out) {
            final float[] x0 = in[0];
            final float[] left = out[0];
            final float[] right = out[1];
            final float[] buf = buffer;
            final double inc = increment;
            final double cd = centre;
            final double sw = sweep;
            final float m = mix;
            final float pv = perVoice;
            final double[] oc = offsetCos;
            final double[] os = offsetSin;
            int at = pos;
            double p = phase;
            for (int i = 0; i < PlainLoopBenchmark.FRAMES; i++) {
                final double s = PlainLoopBenchmark.sinTurns(p);
                final double c = PlainLoopBenchmark.sinTurns(p + 0.25);
                float wetL = 0f;
                float wetR = 0f;
                for (int v = 0; v < oc.length; v++) {
                    wetL += read(buf, at, cd + sw * (s * oc[v] + c * os[v]));
                    wetR += read(buf, at, cd + sw * (c * oc[v] - s * os[v]));
                }
                final float x = x0[i];
                buf[at] = x;
                if (++at == buf.length) {
                    at = 0;
                }
                final float dry = (1f - m) * x;
                left[i] = dry + m * (wetL * pv);
                right[i] = dry + m * (wetR * pv);
                p += inc;
                if (p >= 1.0) {
                    p -= 1.0;
                }
            }
            pos = at;
            phase = p;
        }
    }

    /** {@code std.reverb} (Freeverb): room 0.5, damp 0.5, width 1, mix 0.33. */
    static final class Reverb {
        private static final int[] COMB_TUNING = {1116, 1188, 1277, 1356, 1422, 1491, 1557, 1617};
        private static final int[] ALLPASS_TUNING = {556, 441, 341, 225};
        private final float[][] combs = new float[16][];
        private final int[] combPos = new int[16];
        private final float[] combStore = new float[16];
        private final float[][] allpasses = new float[8][];
        private final int[] allpassPos = new int[8];
        private final float input = 2f * 0.015f;
        private final float feedback = 0.7f + 0.28f * 0.5f;
        private final float damp1 = 0.4f * 0.5f;
        private final float damp2 = 1f - damp1;
        private final float wet1 = 3f * 0.33f * (0.5f + 0.5f * 1f);
        private final float wet2 = 3f * 0.33f * (0.5f - 0.5f * 1f);
        private final float dry = 1f - 0.33f;

        Reverb() {
            final double scale = RATE_F / 44_100.0;
            for (int c = 0; c < 8; c++) {
                combs[c] = new float[Math.max(1, (int) Math.round(COMB_TUNING[c] * scale))];
                combs[8 + c] = new float[Math.max(1, (int) Math.round((COMB_TUNING[c] + 23) * scale))];
            }
            for (int a = 0; a < 4; a++) {
                allpasses[a] = new float[Math.max(1, (int) Math.round(ALLPASS_TUNING[a] * scale))];
                allpasses[4 + a] = new float[Math.max(1, (int) Math.round((ALLPASS_TUNING[a] + 23) * scale))];
            }
        }

        private float combSum(int first, float in, float fb, float d1, float d2) {
            float sum = 0f;
            for (int c = first; c < first + 8; c++) {
                final float[] buf = combs[c];
                int p = combPos[c];
                final float y = buf[p];
                final float store = flush(y * d2 + combStore[c] * d1);
                combStore[c] = store;
                buf[p] = flush(in + store * fb);
                if (++p == buf.length) {
                    p = 0;
                }
                combPos[c] = p;
                sum += y;
            }
            return sum;
        }

        private float allpassChain(int first, float in) {
            float x = in;
            for (int a = first; a < first + 4; a++) {
                final float[] buf = allpasses[a];
                int p = allpassPos[a];
                final float delayed = buf[p];
                buf[p] = flush(x + delayed * 0.5f);
                if (++p == buf.length) {
                    p = 0;
                }
                allpassPos[a] = p;
                x = delayed - x;
            }
            return x;
        }

        void run(float[][] in, float[][] out) {
            final float[] x0 = in[0];
            final float[] left = out[0];
            final float[] right = out[1];
            final float fb = feedback;
            final float d1 = damp1;
            final float d2 = damp2;
            final float w1 = wet1;
            final float w2 = wet2;
            final float dr = dry;
            for (int i = 0; i < PlainLoopBenchmark.FRAMES; i++) {
                final float x = x0[i];
                final float scaled = x * input;
                final float wetL = allpassChain(0, combSum(0, scaled, fb, d1, d2));
                final float wetR = allpassChain(4, combSum(8, scaled, fb, d1, d2));
                final float d = dr * x;
                left[i] = d + wetL * w1 + wetR * w2;
                right[i] = d + wetR * w1 + wetL * w2;
            }
        }
    }

    /** {@code std.compressor}: -20 dB, 4:1, knee 6 dB, attack 10 ms, release 100 ms, no makeup, internal detection. */
    static final class Compressor {
        private static final double FLOOR = 1e-30;
        private static final double DB_TO_LN = Math.log(10.0) / 20.0;
        private final double rms = 1.0 - Math.exp(-1.0 / (5.0 * 0.001 * RATE_F));
        private final double attack = Math.exp(-1.0 / (10f * 0.001 * RATE_F));
        private final double release = Math.exp(-1.0 / (100f * 0.001 * RATE_F));
        private final double threshold = -20f;
        private final double slope = 1.0 / 4f - 1.0;
        private final double knee = 6f;
        private final float makeup = 0f;
        private double meanSquare;
        private double gainDb;

        void run(float[][] in, float[][] out) {
            final float[] x0 = in[0];
            final float[] o = out[0];
            final double r = rms;
            final double att = attack;
            final double rel = release;
            final double th = threshold;
            final double sl = slope;
            final double kn = knee;
            final float mk = makeup;
            double ms = meanSquare;
            double g = gainDb;
            for (int i = 0; i < PlainLoopBenchmark.FRAMES; i++) {
                final double s = x0[i];
                ms += r * (s * s - ms);
                if (ms < FLOOR) {
                    ms = 0.0;
                }
                final double level = 10.0 * Math.log10(2.0 * ms + FLOOR);
                final double over = level - th;
                final double target;
                if (2.0 * over <= -kn) {
                    target = 0.0;
                } else if (2.0 * over < kn) {
                    final double d = over + 0.5 * kn;
                    target = sl * d * d / (2.0 * kn);
                } else {
                    target = sl * over;
                }
                final double a = target < g ? att : rel;
                g = a * g + (1.0 - a) * target;
                if (g > -1e-12) {
                    g = 0.0;
                }
                o[i] = (float) (x0[i] * Math.exp((g + mk) * DB_TO_LN));
            }
            meanSquare = ms;
            gainDb = g;
        }
    }

    /** {@code std.waveshaper}: tanh, drive 6 dB, mix 1. */
    static final class Waveshaper {
        private final float gain = (float) Math.exp(6f * (Math.log(10.0) / 20.0));
        private final float mix = 1f;

        void run(float[][] in, float[][] out) {
            final float[] x0 = in[0];
            final float[] o = out[0];
            final float g = gain;
            final float m = mix;
            for (int i = 0; i < PlainLoopBenchmark.FRAMES; i++) {
                final float x = x0[i];
                o[i] = (1f - m) * x + m * (float) Math.tanh(g * x);
            }
        }
    }

    /** {@code std.granular}: 80 ms grains, 20 a second, no pitch, scatter 0.1, position 100 ms, mix 0.5. */
    static final class Granular {
        private static final int POINTS = 1024;
        private static final float[] WINDOW = new float[POINTS + 2];
        private static final int MAX_GRAINS = 128;

        static {
            for (int k = 0; k <= POINTS; k++) {
                WINDOW[k] = (float) (0.5 - 0.5 * Math.cos(2.0 * Math.PI * k / POINTS));
            }
        }

        private final float[] buffer = new float[(int) Math.ceil(4.0 * RATE_F) + 4];
        private final double samplesPerMs = RATE_F / 1000.0;
        private final double density = 20f;
        private final double scatter = 0.1f;
        private final double sizeMs = 80f;
        private final double pitch = 0f;
        private final double position = 100f;
        private final float mix = 0.5f;
        private int pos;
        private int grains;
        private final double[] lag = new double[MAX_GRAINS];
        private final double[] ratio = new double[MAX_GRAINS];
        private final int[] age = new int[MAX_GRAINS];
        private final int[] length = new int[MAX_GRAINS];
        private final float[] gain = new float[MAX_GRAINS];
        private long rng = 0x6A09E667F3BCC909L;
        private double countdown;

        private double nextUniform() {
            long x = rng;
            x ^= x >>> 12;
            x ^= x << 25;
            x ^= x >>> 27;
            rng = x;
            return ((x * 0x2545F4914F6CDD1DL) >>> 11) * 0x1.0p-53;
        }

        private double start() {
            final double gap = Math.max(1.0, RATE_F / density * (1.0 + scatter * (nextUniform() - 0.5)));
            final double lookBack = scatter * 200.0 * nextUniform();
            final double detune = scatter * (2.0 * nextUniform() - 1.0);
            if (grains == MAX_GRAINS) {
                return gap;
            }
            final int len = Math.max(16, (int) Math.round(sizeMs * samplesPerMs));
            final double r = Math.pow(2.0, (pitch + detune) / 12.0);
            final double drift = (1.0 - r) * len;
            final double newest = 2.0 + Math.max(0.0, -drift);
            final double oldest = (buffer.length - 4) - Math.max(0.0, drift);
            final double startLag = Math.max(newest, Math.min(oldest, (position + lookBack) * samplesPerMs));
            final int g = grains++;
            lag[g] = startLag;
            ratio[g] = r;
            age[g] = 0;
            length[g] = len;
            gain[g] = (float) (1.0 / Math.max(1.0, 0.5 * density * sizeMs * 0.001));
            return gap;
        }

        void run(float[][] in, float[][] out) {
            final float[] x0 = in[0];
            final float[] o = out[0];
            final float[] buf = buffer;
            final float m = mix;
            for (int i = 0; i < PlainLoopBenchmark.FRAMES; i++) {
                while (countdown <= 0.0) {
                    countdown += start();
                }
                countdown -= 1.0;
                float wet = 0f;
                for (int g = grains - 1; g >= 0; g--) {
                    final double at = age[g] * (double) POINTS / length[g];
                    final int k = (int) at;
                    final float w = WINDOW[k] + (float) (at - k) * (WINDOW[k + 1] - WINDOW[k]);
                    wet += gain[g] * w * read(buf, pos, lag[g]);
                    lag[g] += 1.0 - ratio[g];
                    if (++age[g] >= length[g]) {
                        final int last = --grains;
                        lag[g] = lag[last];
                        ratio[g] = ratio[last];
                        age[g] = age[last];
                        length[g] = length[last];
                        gain[g] = gain[last];
                    }
                }
                final float x = x0[i];
                buf[pos] = x;
                if (++pos == buf.length) {
                    pos = 0;
                }
                o[i] = (1f - m) * x + m * wet;
            }
        }
    }

    /** {@code std.meter}: window 300 ms, hold 500 ms, fall 20 dB/s; the input passed through, peak and RMS kept per block. */
    static final class Meter {
        private final float[] history = new float[(int) Math.ceil(1000f * (double) RATE_F / 1000.0)];
        private final int window = (int) Math.round(300f * (double) RATE_F / 1000.0);
        private final int holdFrames = (int) Math.round(500f * (double) RATE_F / 1000.0);
        private final double fallGain = Math.pow(10.0, -20f / (20.0 * RATE_F));
        private int pos;
        private double sum;
        private double fresh;
        private int freshCount;
        private double peakLevel;
        private int holdLeft;
        /** The block's readings, as the node publishes them. */
        float peak;
        float rms;

        void run(float[][] in, float[][] out) {
            final float[] x0 = in[0];
            System.arraycopy(x0, 0, out[0], 0, PlainLoopBenchmark.FRAMES);
            final float[] h = history;
            final int cap = h.length;
            final int w = window;
            final double fall = fallGain;
            final int holdFor = holdFrames;
            int p = pos;
            int old = p - w < 0 ? p - w + cap : p - w;
            double s = sum;
            double f = fresh;
            int fc = freshCount;
            double pk = peakLevel;
            int hold = holdLeft;
            for (int i = 0; i < PlainLoopBenchmark.FRAMES; i++) {
                float a = Math.abs(x0[i]);
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
                if (a >= pk) {
                    pk = a;
                    hold = holdFor;
                } else if (hold > 0) {
                    hold--;
                } else {
                    pk *= fall;
                    if (pk < 1e-10) {
                        pk = 0.0;
                    }
                }
            }
            pos = p;
            sum = s;
            fresh = f;
            freshCount = fc;
            peakLevel = pk;
            holdLeft = hold;
            peak = (float) pk;
            rms = (float) Math.sqrt(Math.max(s, 0.0) / w);
        }
    }

    /**
     * {@code std.record}, recording (its default) with nobody draining it, as {@link NodeBenchmark}
     * runs it: both inputs passed through and copied into a 10 s ring while it has room; once it
     * is full (after 8,192 blocks, so in nearly every measured block) the block is counted as
     * dropped.
     */
    static final class Record {
        private final float[] ringLeft = new float[1 << 19];
        private final float[] ringRight = new float[1 << 19];
        private final int mask = ringLeft.length - 1;
        private final long consumed = 0L;
        private long produced;
        long dropped;

        void run(float[][] in, float[][] out) {
            final int n = PlainLoopBenchmark.FRAMES;
            final float[] left = in[0];
            final float[] right = in[1];
            System.arraycopy(left, 0, out[0], 0, n);
            System.arraycopy(right, 0, out[1], 0, n);
            final int count = Math.min(n, (int) (consumed + ringLeft.length - produced));
            if (count > 0) {
                final int at = (int) produced & mask;
                final int first = Math.min(count, ringLeft.length - at);
                System.arraycopy(left, 0, ringLeft, at, first);
                System.arraycopy(right, 0, ringRight, at, first);
                if (first < count) {
                    System.arraycopy(left, first, ringLeft, 0, count - first);
                    System.arraycopy(right, first, ringRight, 0, count - first);
                }
                produced += count;
            }
            if (count < n) {
                dropped += n - count;
            }
        }
    }
}
