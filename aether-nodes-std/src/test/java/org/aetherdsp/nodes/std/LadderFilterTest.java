package org.aetherdsp.nodes.std;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class LadderFilterTest {

    /** Small enough that tanh(u) = u to 3e-7, large enough to stand 76 dB above the node's -180 dBFS noise. */
    private static final float SMALL_IMPULSE = 1e-3f;
    private static final double FLOOR_DB = -100.0;
    private static final double QUARTER_RATE = NodeUnderTest.SAMPLE_RATE / 4;

    /**
     * The linear (small-signal) ZDF ladder: four prewarped bilinear one-poles
     * {@code H1 = 1/(1+s)} with {@code s = j tan(w/2) / tan(pi fc/fs)} and feedback k:
     * {@code |H1^4 / (1 + k H1^4)|}.
     */
    static double analytic(double omega, double cutoffHz, double k) {
        double w = Math.tan(omega / 2) / Math.tan(Math.PI * cutoffHz / NodeUnderTest.SAMPLE_RATE);
        // H1 = 1/(1+jw) = (1 - jw)/(1+w^2); H4 = H1^4.
        double re = 1 / (1 + w * w);
        double im = -w / (1 + w * w);
        double re2 = re * re - im * im;
        double im2 = 2 * re * im;
        double re4 = re2 * re2 - im2 * im2;
        double im4 = 2 * re2 * im2;
        return Math.hypot(re4, im4) / Math.hypot(1 + k * re4, k * im4);
    }

    private static NodeUnderTest ladder(float cutoff, float resonance) {
        return NodeUnderTest.of("std.filter.ladder").set("cutoff", cutoff).set("resonance", resonance);
    }

    @Test
    void smallSignalResponseMatchesTheLinearZdfLadderWithinHalfADecibel() {
        int n = FrequencyResponse.LENGTH;
        int[] bins = FrequencyResponse.logSpacedBins(20, 20, 20_000, n);
        double worst = 0.0;
        for (float[] s : new float[][] {{500f, 0f}, {2000f, 0f}, {500f, 0.5f}, {2000f, 0.8f}}) {
            float[] h = FrequencyResponse.impulseResponses(ladder(s[0], s[1]), "in", SMALL_IMPULSE, n)[0];
            for (int bin : bins) {
                double expectedDb = FrequencyResponse.db(analytic(FrequencyResponse.omega(bin, n), s[0],
                        LadderFilter.MAX_FEEDBACK * s[1]));
                double measuredDb = FrequencyResponse.db(FrequencyResponse.magnitude(h, bin, SMALL_IMPULSE));
                String where = FrequencyResponse.hz(bin, n) + " Hz, cutoff " + s[0] + " resonance " + s[1];
                if (expectedDb < FLOOR_DB) {
                    assertTrue(measuredDb < FLOOR_DB + 10, where + ": " + measuredDb + " dB, expected " + expectedDb);
                    continue;
                }
                worst = Math.max(worst, Math.abs(measuredDb - expectedDb));
                assertEquals(expectedDb, measuredDb, 0.5, where);
            }
        }
        System.out.printf("std.filter.ladder small-signal response vs the linear ZDF ladder: max deviation %.2e dB"
                + " over 20 frequencies x 4 settings%n", worst);
    }

    @Test
    void wellAboveCutoffTheSlopeIsAbout24DecibelsPerOctave() {
        int n = FrequencyResponse.LENGTH;
        float cutoff = 500f;
        float[] h = FrequencyResponse.impulseResponses(ladder(cutoff, 0f), "in", SMALL_IMPULSE, n)[0];
        // 3x, 6x and 12x the cutoff: the analog prototype falls 23.0 then 23.7 dB there; nearer
        // Nyquist the bilinear transform's zeros at fs/2 steepen it further (-26.5 from 4 to 8 kHz).
        double[] hz = {1500, 3000, 6000};
        double[] db = new double[hz.length];
        for (int i = 0; i < hz.length; i++) {
            int bin = (int) Math.round(hz[i] * n / NodeUnderTest.SAMPLE_RATE);
            db[i] = FrequencyResponse.db(FrequencyResponse.magnitude(h, bin, SMALL_IMPULSE));
        }
        double slope1 = db[1] - db[0];
        double slope2 = db[2] - db[1];
        System.out.printf("std.filter.ladder cutoff 500 Hz: %.2f dB/octave from 1.5 to 3 kHz, %.2f dB/octave from 3 to 6 kHz"
                + " (levels %.1f, %.1f, %.1f dB)%n", slope1, slope2, db[0], db[1], db[2]);
        assertEquals(-24.0, slope1, 2.0);
        assertEquals(-24.0, slope2, 2.0);
    }

    @Test
    void atMaxResonanceItSelfOscillatesFromSilenceAtTheCutoffAndStaysBounded() {
        int tail = 1 << 15;
        for (float cutoff : new float[] {220f, 1000f, 4000f}) {
            NodeUnderTest l = ladder(cutoff, 1f);
            float[] y = l.render((int) (3 * NodeUnderTest.SAMPLE_RATE / NodeUnderTest.BLOCK));
            float[] last = Arrays.copyOfRange(y, y.length - tail, y.length);
            double peak = 0;
            double sumSquares = 0;
            for (float v : y) {
                peak = Math.max(peak, Math.abs(v));
            }
            for (float v : last) {
                sumSquares += v * v;
            }
            double rms = Math.sqrt(sumSquares / tail);
            double[] power = Spectrum.blackmanHarrisPower(last);
            int k = 1;
            for (int i = 1; i < power.length - 1; i++) {
                if (power[i] > power[k]) {
                    k = i;
                }
            }
            // Parabolic interpolation of the log power around the peak bin.
            double a = Math.log(power[k - 1]);
            double b = Math.log(power[k]);
            double c = Math.log(power[k + 1]);
            double peakHz = (k + 0.5 * (a - c) / (a - 2 * b + c)) * NodeUnderTest.SAMPLE_RATE / tail;
            double errorPercent = 100 * (peakHz / cutoff - 1);
            System.out.printf("std.filter.ladder resonance 1, cutoff %.0f Hz, silent input: oscillates at %.2f Hz"
                    + " (%+.2f %%), rms %.3f over the last 0.68 s, peak |y| %.3f in 3 s%n", cutoff, peakHz, errorPercent, rms, peak);
            assertEquals(0.0, errorPercent, 3.0, "oscillation frequency error in percent");
            assertTrue(rms > 0.05, "it must sustain: rms " + rms);
            assertTrue(peak <= 1.0, "bounded by 1 below a quarter of the sample rate: " + peak);
        }
    }

    /**
     * Bounded: the ladder's input is a tanh, so |u| <= 1, and while the cutoff is at most a
     * quarter of the sample rate every TPT stage's output and memory are convex combinations
     * of its input and its memory, so |y| <= 1 whatever the input, drive or resonance. Above
     * that a stage may overshoot by its impulse response's L1 norm, at most 2: |y| <= 16.
     */
    @Test
    void atMaxResonanceAndDriveFullScaleNoiseFor60SecondsStaysWithinItsProvenBound() {
        NodeUnderTest l = ladder(1000f, 1f).set("drive", 24f);
        double peak = FilterStability.peakUnderNoise(l, "in", 60, 3,
                s -> l.ramp("cutoff", (float) (20 * Math.pow(QUARTER_RATE / 20, (s % 12) / 11.0)), 960));
        System.out.printf("std.filter.ladder resonance 1, drive 24 dB, 60 s full-scale noise, cutoff stepping"
                + " 20 Hz..12 kHz: peak |y| %.6f (bound 1)%n", peak);
        assertTrue(peak <= 1.0, "peak " + peak);

        NodeUnderTest high = ladder(20_000f, 1f).set("drive", 24f);
        double highPeak = FilterStability.peakUnderNoise(high, "in", 10, 4, s -> { });
        System.out.printf("std.filter.ladder resonance 1, drive 24 dB, cutoff 20 kHz, 10 s full-scale noise:"
                + " peak |y| %.3f (bound 16)%n", highPeak);
        assertTrue(highPeak <= 16.0, "peak " + highPeak);
    }

    @Test
    void anImpulseThen30SecondsOfSilenceNeverLeavesASubnormalInStateOrOutput() {
        for (float[] s : new float[][] {{1000f, 0f}, {20f, 0.85f}, {20_000f, 0f}}) {
            FilterStability.Decay d = FilterStability.impulseThenSilence(ladder(s[0], s[1]), "in", 30);
            System.out.printf("std.filter.ladder cutoff %.0f resonance %.2f: no subnormal in %d blocks;"
                    + " smallest non-zero |state| %.2e (the -180 dBFS noise keeps it alive)%n", s[0], s[1], d.blocks(),
                    d.smallestNonZeroState());
        }
    }
}
