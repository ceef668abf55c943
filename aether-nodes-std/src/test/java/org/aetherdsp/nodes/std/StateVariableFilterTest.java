package org.aetherdsp.nodes.std;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StateVariableFilterTest {

    private static final String[] OUTPUTS = {"lp", "hp", "bp", "notch"};
    private static final int FREQUENCIES = 20;
    private static final double TOLERANCE_DB = 0.5;
    /** Below this the analytic response is compared only as "at least this deep". */
    private static final double FLOOR_DB = -100.0;

    /** (cutoff Hz, q): Butterworth at both ends of the range, resonant in the middle. */
    private static final double[][] SETTINGS = {{100, 0.7071}, {1000, 5}, {1000, 20}, {10_000, 0.7071}, {15_000, 2}};

    /**
     * The TPT SVF is the bilinear transform of the analog prototypes with the cutoff prewarped:
     * with {@code s = j tan(w/2) / tan(pi fc/fs)} and {@code D = s^2 + s/q + 1},
     * lp = 1/D, hp = s^2/D, bp = (s/q)/D, notch = (s^2+1)/D. Returns |H| of output {@code o}.
     */
    static double analytic(int o, double omega, double cutoffHz, double q) {
        double w = Math.tan(omega / 2) / Math.tan(Math.PI * cutoffHz / NodeUnderTest.SAMPLE_RATE);
        double dRe = 1 - w * w;
        double dIm = w / q;
        double d = Math.hypot(dRe, dIm);
        return switch (o) {
            case 0 -> 1 / d;
            case 1 -> w * w / d;
            case 2 -> (w / q) / d;
            default -> Math.abs(1 - w * w) / d;
        };
    }

    @Test
    void theFourOutputsMatchTheBilinearTransformedPrototypesWithinHalfADecibel() {
        int n = FrequencyResponse.LENGTH;
        int[] bins = FrequencyResponse.logSpacedBins(FREQUENCIES, 20, 20_000, n);
        double[] worst = new double[OUTPUTS.length];
        StringBuilder report = new StringBuilder();
        for (double[] setting : SETTINGS) {
            NodeUnderTest svf = NodeUnderTest.of("std.filter.svf").set("cutoff", (float) setting[0]).set("q", (float) setting[1]);
            float[][] h = FrequencyResponse.impulseResponses(svf, "in", 1f, n);
            for (int o = 0; o < OUTPUTS.length; o++) {
                for (int bin : bins) {
                    double expectedDb = FrequencyResponse.db(analytic(o, FrequencyResponse.omega(bin, n), setting[0], setting[1]));
                    double measuredDb = FrequencyResponse.db(FrequencyResponse.magnitude(h[o], bin, 1.0));
                    String where = OUTPUTS[o] + " at " + FrequencyResponse.hz(bin, n) + " Hz, cutoff " + setting[0]
                            + " q " + setting[1];
                    if (expectedDb < FLOOR_DB) {
                        assertTrue(measuredDb < FLOOR_DB + 10, where + ": " + measuredDb + " dB, expected " + expectedDb);
                        continue;
                    }
                    double deviation = Math.abs(measuredDb - expectedDb);
                    worst[o] = Math.max(worst[o], deviation);
                    assertEquals(expectedDb, measuredDb, TOLERANCE_DB, where);
                }
            }
        }
        for (int o = 0; o < OUTPUTS.length; o++) {
            report.append(String.format(" %s %.2e dB", OUTPUTS[o], worst[o]));
        }
        System.out.println("std.filter.svf max deviation from the analytic TPT response over " + FREQUENCIES
                + " frequencies x " + SETTINGS.length + " settings:" + report);
    }

    @Test
    void audioRateCutoffModulationOfFourOctavesAt1kHzStaysFiniteAndBounded() {
        double worst = 0.0;
        for (float q : new float[] {0.7071f, 10f, 40f}) {
            NodeUnderTest svf = NodeUnderTest.of("std.filter.svf").set("cutoff", 1000f).set("q", q);
            float[] mod = svf.input("cutoff_mod");
            float[] in = svf.input("in");
            double phase = 0.0;
            long x = 0x9E3779B97F4A7C15L;
            double peak = 0.0;
            int blocks = (int) (10 * NodeUnderTest.SAMPLE_RATE / NodeUnderTest.BLOCK);
            for (int b = 0; b < blocks; b++) {
                for (int i = 0; i < NodeUnderTest.BLOCK; i++) {
                    // +-4 octaves at 1 kHz: the cutoff sweeps 62.5 Hz .. 16 kHz a thousand times a second.
                    mod[i] = (float) (4.0 * Math.sin(2 * Math.PI * phase));
                    phase += 1000.0 / NodeUnderTest.SAMPLE_RATE;
                    x ^= x << 13;
                    x ^= x >>> 7;
                    x ^= x << 17;
                    in[i] = (float) ((x >>> 11) * 0x1.0p-52 - 1.0);
                }
                svf.processBlock();
                for (float[] out : svf.outputs) {
                    for (float v : out) {
                        assertTrue(Float.isFinite(v), "q " + q + ": non-finite output in block " + b);
                        peak = Math.max(peak, Math.abs(v));
                    }
                }
            }
            System.out.printf("std.filter.svf q %.4g, cutoff 1 kHz +-4 octaves at 1 kHz, 10 s of full-scale noise: peak |y| %.3f%n",
                    q, peak);
            worst = Math.max(worst, peak);
        }
        assertTrue(worst < FilterStability.LINEAR_FILTER_BOUND, "peak " + worst);
    }

    @Test
    void atMaxResonanceFullScaleNoiseFor60SecondsStaysFiniteAndBounded() {
        NodeUnderTest svf = NodeUnderTest.of("std.filter.svf").set("q", 40f);
        // A new cutoff every second, 20 Hz .. 20 kHz log-spaced, reached over the default 20 ms ramp.
        double peak = FilterStability.peakUnderNoise(svf, "in", 60, 1,
                s -> svf.ramp("cutoff", (float) (20 * Math.pow(1000, (s % 12) / 11.0)), 960));
        System.out.printf("std.filter.svf q 40, 60 s full-scale noise, cutoff stepping 20 Hz..20 kHz: peak |y| %.3f%n", peak);
        assertTrue(peak < FilterStability.LINEAR_FILTER_BOUND, "peak " + peak);
    }

    @Test
    void anImpulseThen30SecondsOfSilenceNeverLeavesASubnormalInStateOrOutput() {
        for (float[] setting : new float[][] {{1000f, 0.7071f}, {20f, 40f}, {20_000f, 0.5f}}) {
            NodeUnderTest svf = NodeUnderTest.of("std.filter.svf").set("cutoff", setting[0]).set("q", setting[1]);
            FilterStability.Decay d = FilterStability.impulseThenSilence(svf, "in", 30);
            System.out.printf("std.filter.svf cutoff %.0f q %.4g: no subnormal in %d blocks; state exactly 0 after %.3f s%n",
                    setting[0], setting[1], d.blocks(), d.secondsToZeroState());
            // Reaching exactly 0 means the tail crossed the range where subnormals would have appeared.
            assertTrue(d.firstAllZeroStateBlock() >= 0, "state never flushed to 0");
        }
    }

    /** Shows the denormal test has teeth: the same recursion without the flush does reach subnormals. */
    @Test
    void withoutTheFlushTheSameRecursionWouldHoldSubnormalsWithinASecond() {
        double g = Math.tan(Math.PI * 1000 / NodeUnderTest.SAMPLE_RATE);
        double k = 1 / 0.7071;
        double a1 = 1 / (1 + g * (g + k));
        double a2 = g * a1;
        double a3 = g * a2;
        double s1 = 0;
        double s2 = 0;
        int firstSubnormal = -1;
        for (int i = 0; i < 48_000 && firstSubnormal < 0; i++) {
            double x = i == 0 ? 1 : 0;
            double v3 = x - s2;
            double v1 = a1 * s1 + a2 * v3;
            double v2 = s2 + a2 * s1 + a3 * v3;
            s1 = 2 * v1 - s1;
            s2 = 2 * v2 - s2;
            if (FilterStability.isSubnormal(s1) || FilterStability.isSubnormal(s2)) {
                firstSubnormal = i;
            }
        }
        System.out.println("unflushed TPT SVF (1 kHz, q 0.7071): first subnormal state at sample " + firstSubnormal);
        assertTrue(firstSubnormal >= 0);
    }
}
