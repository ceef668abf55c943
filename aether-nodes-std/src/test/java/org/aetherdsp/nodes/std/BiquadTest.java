package org.aetherdsp.nodes.std;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BiquadTest {

    private static final String[] MODES = {"low-pass", "high-pass", "band-pass", "notch", "peak", "low shelf",
            "high shelf", "all-pass"};
    private static final int FREQUENCIES = 20;
    private static final double TOLERANCE_DB = 0.5;
    private static final double FLOOR_DB = -100.0;

    /** (freq Hz, q, gain dB) per setting; the shelves' q stays at most 1, the largest the node uses. */
    private static final double[][] SETTINGS = {{1000, 0.7071, 6}, {200, 4, -12}, {8000, 2, 12}};
    private static final double[][] SHELF_SETTINGS = {{1000, 0.7071, 6}, {200, 1, -12}, {8000, 0.5, 12}};

    /**
     * |H(e^jw)| straight from the Audio EQ Cookbook's coefficient formulas (written here
     * again, not taken from the node).
     */
    static double cookbookMagnitude(int mode, double f0, double q, double dbGain, double omega) {
        double w0 = 2 * Math.PI * f0 / NodeUnderTest.SAMPLE_RATE;
        double cos = Math.cos(w0);
        double alpha = Math.sin(w0) / (2 * q);
        double a = Math.pow(10, dbGain / 40);
        double sq = 2 * Math.sqrt(a) * alpha;
        double[] c = switch (mode) { // b0, b1, b2, a0, a1, a2
            case 0 -> new double[] {(1 - cos) / 2, 1 - cos, (1 - cos) / 2, 1 + alpha, -2 * cos, 1 - alpha};
            case 1 -> new double[] {(1 + cos) / 2, -(1 + cos), (1 + cos) / 2, 1 + alpha, -2 * cos, 1 - alpha};
            case 2 -> new double[] {alpha, 0, -alpha, 1 + alpha, -2 * cos, 1 - alpha};
            case 3 -> new double[] {1, -2 * cos, 1, 1 + alpha, -2 * cos, 1 - alpha};
            case 4 -> new double[] {1 + alpha * a, -2 * cos, 1 - alpha * a, 1 + alpha / a, -2 * cos, 1 - alpha / a};
            case 5 -> new double[] {a * ((a + 1) - (a - 1) * cos + sq), 2 * a * ((a - 1) - (a + 1) * cos),
                    a * ((a + 1) - (a - 1) * cos - sq), (a + 1) + (a - 1) * cos + sq, -2 * ((a - 1) + (a + 1) * cos),
                    (a + 1) + (a - 1) * cos - sq};
            case 6 -> new double[] {a * ((a + 1) + (a - 1) * cos + sq), -2 * a * ((a - 1) + (a + 1) * cos),
                    a * ((a + 1) + (a - 1) * cos - sq), (a + 1) - (a - 1) * cos + sq, 2 * ((a - 1) - (a + 1) * cos),
                    (a + 1) - (a - 1) * cos - sq};
            default -> new double[] {1 - alpha, -2 * cos, 1 + alpha, 1 + alpha, -2 * cos, 1 - alpha};
        };
        return polyMagnitude(c[0], c[1], c[2], omega) / polyMagnitude(c[3], c[4], c[5], omega);
    }

    /** |c0 + c1 e^-jw + c2 e^-2jw|. */
    private static double polyMagnitude(double c0, double c1, double c2, double omega) {
        double re = c0 + c1 * Math.cos(omega) + c2 * Math.cos(2 * omega);
        double im = -c1 * Math.sin(omega) - c2 * Math.sin(2 * omega);
        return Math.hypot(re, im);
    }

    private static NodeUnderTest biquad(int mode, double[] setting) {
        return NodeUnderTest.of("std.filter.biquad").set("mode", mode).set("freq", (float) setting[0])
                .set("q", (float) setting[1]).set("gain_db", (float) setting[2]);
    }

    @Test
    void everyModesMagnitudeAt20LogSpacedFrequenciesIsWithinHalfADecibelOfTheCookbookFormula() {
        int n = FrequencyResponse.LENGTH;
        int[] bins = FrequencyResponse.logSpacedBins(FREQUENCIES, 20, 20_000, n);
        StringBuilder report = new StringBuilder();
        for (int mode = 0; mode < MODES.length; mode++) {
            double worst = 0.0;
            double[][] settings = mode == 5 || mode == 6 ? SHELF_SETTINGS : SETTINGS;
            for (double[] s : settings) {
                float[] h = FrequencyResponse.impulseResponses(biquad(mode, s), "in", 1f, n)[0];
                for (int bin : bins) {
                    double omega = FrequencyResponse.omega(bin, n);
                    double expectedDb = FrequencyResponse.db(cookbookMagnitude(mode, s[0], s[1], s[2], omega));
                    double measuredDb = FrequencyResponse.db(FrequencyResponse.magnitude(h, bin, 1.0));
                    String where = MODES[mode] + " at " + FrequencyResponse.hz(bin, n) + " Hz, freq " + s[0] + " q " + s[1]
                            + " gain " + s[2] + " dB";
                    if (expectedDb < FLOOR_DB) {
                        assertTrue(measuredDb < FLOOR_DB + 10, where + ": " + measuredDb + " dB, expected " + expectedDb);
                        continue;
                    }
                    worst = Math.max(worst, Math.abs(measuredDb - expectedDb));
                    assertEquals(expectedDb, measuredDb, TOLERANCE_DB, where);
                }
            }
            report.append(String.format("%n  %-10s max deviation %.2e dB over %d frequencies x %d settings", MODES[mode],
                    worst, FREQUENCIES, settings.length));
        }
        System.out.println("std.filter.biquad vs the RBJ cookbook formula:" + report);
    }

    @Test
    void aShelfWithQAboveOneBehavesAsQOne() {
        for (int mode : new int[] {5, 6}) {
            float[] atOne = FrequencyResponse.impulseResponses(biquad(mode, new double[] {500, 1, 18}), "in", 1f, 4096)[0];
            float[] atForty = FrequencyResponse.impulseResponses(biquad(mode, new double[] {500, 40, 18}), "in", 1f, 4096)[0];
            assertArrayEquals(atOne, atForty, MODES[mode]);
        }
    }

    @Test
    void modeRoundsToTheNearestStep() {
        float[] lowPass = FrequencyResponse.impulseResponses(biquad(0, SETTINGS[0]), "in", 1f, 1024)[0];
        NodeUnderTest almostLowPass = biquad(0, SETTINGS[0]).set("mode", 0.49f);
        assertArrayEquals(lowPass, FrequencyResponse.impulseResponses(almostLowPass, "in", 1f, 1024)[0]);
        float[] allPass = FrequencyResponse.impulseResponses(biquad(7, SETTINGS[0]), "in", 1f, 1024)[0];
        NodeUnderTest almostAllPass = biquad(0, SETTINGS[0]).set("mode", 6.5f);
        assertArrayEquals(allPass, FrequencyResponse.impulseResponses(almostAllPass, "in", 1f, 1024)[0]);
    }

    /** Twelve frequencies, 20 Hz .. 20 kHz log-spaced. */
    private static float stepFrequency(int step) {
        return (float) (20 * Math.pow(1000, (step % 12) / 11.0));
    }

    @Test
    void atMaxResonanceFullScaleNoiseFor60SecondsStaysFiniteAndBoundedInEveryMode() {
        StringBuilder report = new StringBuilder();
        double worst = 0.0;
        for (int mode = 0; mode < MODES.length; mode++) {
            NodeUnderTest b = NodeUnderTest.of("std.filter.biquad").set("mode", mode).set("q", 40f).set("gain_db", 24f);
            // 5 s at each of 12 fixed frequencies, each from a reset filter (sweeps: see below).
            double peak = FilterStability.peakUnderNoise(b, "in", 60, 7 + mode, s -> {
                if (s % 5 == 0) {
                    b.node.reset();
                    b.set("freq", stepFrequency(s / 5));
                }
            });
            report.append(String.format(" %s %.2f;", MODES[mode], peak));
            worst = Math.max(worst, peak);
        }
        System.out.println("std.filter.biquad q 40, gain 24 dB, 60 s full-scale noise at 12 fixed freqs 20 Hz..20 kHz,"
                + " peak |y|:" + report);
        assertTrue(worst < FilterStability.LINEAR_FILTER_BOUND, "peak " + worst);
    }

    /**
     * Direct Form I does not carry a resonance's energy across a coefficient change, so fast
     * high-q sweeps overshoot (documented on the node); they must still never blow up.
     */
    @Test
    void fastResonantFrequencySweepsOvershootButStayFinite() {
        StringBuilder report = new StringBuilder();
        for (int mode = 0; mode < MODES.length; mode++) {
            NodeUnderTest b = NodeUnderTest.of("std.filter.biquad").set("mode", mode).set("q", 40f).set("gain_db", 24f);
            double peak = FilterStability.peakUnderNoise(b, "in", 60, 7 + mode, s -> b.ramp("freq", stepFrequency(s), 960));
            report.append(String.format(" %s %.1f;", MODES[mode], peak));
        }
        System.out.println("std.filter.biquad q 40, gain 24 dB, full-scale noise, freq ramped (20 ms) to a new"
                + " value every second (20 Hz..20 kHz) for 60 s, peak |y|:" + report);
    }

    @Test
    void anImpulseThen30SecondsOfSilenceNeverLeavesASubnormalInStateOrOutput() {
        StringBuilder report = new StringBuilder();
        for (int mode = 0; mode < MODES.length; mode++) {
            FilterStability.Decay quick = FilterStability.impulseThenSilence(biquad(mode, new double[] {1000, 0.7071, 6}), "in", 30);
            // At 20 Hz, q 40 the slowest tail (peak mode, +24 dB: pole q = 40 * 3.98) is still
            // decaying after 30 s; what matters there is that it holds no subnormal on the way.
            FilterStability.Decay slow = FilterStability.impulseThenSilence(biquad(mode, new double[] {20, 40, 24}), "in", 30);
            report.append(String.format("%n  %-10s 1 kHz q 0.7071: state 0 after %.3f s; 20 Hz q 40: %s", MODES[mode],
                    quick.secondsToZeroState(), slow.firstAllZeroStateBlock() >= 0
                            ? String.format("state 0 after %.3f s", slow.secondsToZeroState())
                            : String.format("still decaying, smallest |state| %.2e", slow.smallestNonZeroState())));
            // Reaching exactly 0 means the tail crossed the range where subnormals would have appeared.
            assertTrue(quick.firstAllZeroStateBlock() >= 0, MODES[mode] + ": state never flushed to 0");
        }
        System.out.println("std.filter.biquad impulse + 30 s silence, no subnormal in state or output:" + report);
    }
}
