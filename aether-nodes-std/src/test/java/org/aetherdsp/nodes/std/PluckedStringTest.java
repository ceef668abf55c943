package org.aetherdsp.nodes.std;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.aetherdsp.api.StateBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PluckedStringTest {

    private static final double RATE = NodeUnderTest.SAMPLE_RATE;

    /** A string plucked on frame 0 (the trigger is high from the start). */
    private static NodeUnderTest plucked(float freq, float decay, float brightness) {
        return NodeUnderTest.of(PluckedString.TYPE_ID).set("freq", freq).set("decay", decay).set("brightness", brightness)
                .constantInput("trigger", 1f);
    }

    /**
     * The frequency of the strongest component within 5% of {@code guess}: Blackman-Harris
     * power spectrum, peak bin refined by a parabola through the log power of it and its
     * neighbours.
     */
    static double peakFrequency(float[] x, double guess) {
        double[] power = Spectrum.blackmanHarrisPower(x);
        double binHz = RATE / x.length;
        int from = (int) Math.floor(guess * 0.95 / binHz);
        int to = (int) Math.ceil(guess * 1.05 / binHz);
        int k = from;
        for (int i = from; i <= to; i++) {
            if (power[i] > power[k]) {
                k = i;
            }
        }
        double a = Math.log(power[k - 1]);
        double b = Math.log(power[k]);
        double c = Math.log(power[k + 1]);
        double delta = 0.5 * (a - c) / (a - 2 * b + c);
        return (k + delta) * binHz;
    }

    @ParameterizedTest
    @CsvSource({"55, 0.5", "110, 0.5", "220, 0.5", "440, 0", "1000, 0.5", "2500, 1", "2500, 0", "4000, 0.5"})
    void pluckPitchIsWithinOneCentOfFreq(float freq, float brightness) {
        NodeUnderTest n = plucked(freq, 4f, brightness);
        float[] out = n.render((1 << 16) / NodeUnderTest.BLOCK);
        double measured = peakFrequency(out, freq);
        double cents = 1200 * Math.log(measured / freq) / Math.log(2);
        System.out.printf("std.karplus: freq %.0f Hz, brightness %.1f: spectral peak %.4f Hz, %+.3f cents%n",
                freq, brightness, measured, cents);
        assertEquals(0, cents, 1.0, "pitch error in cents");
    }

    @Test
    void fundamentalFallsBy60dBOverTheDecayTime() {
        // 200 Hz = 240 frames per period; 12000-frame windows hold 50 periods: bin 50.
        float decay = 2f;
        NodeUnderTest n = plucked(200f, decay, 0.5f);
        float[] out = n.render(2 * 48_000 / NodeUnderTest.BLOCK);
        double early = Spectrum.binMagnitude(Arrays.copyOfRange(out, 12_000, 24_000), 50);
        double late = Spectrum.binMagnitude(Arrays.copyOfRange(out, 60_000, 72_000), 50);
        double dbPerSecond = 20 * Math.log10(late / early); // the windows are 1 s apart
        System.out.printf("std.karplus: 200 Hz, decay 2 s: fundamental falls %.3f dB per second (expected %.3f)%n",
                dbPerSecond, -60 / decay);
        assertEquals(-60 / decay, dbPerSecond, 0.5, "dB per second");
    }

    @Test
    void sameSeedPlucksIdenticallyAndAnotherSeedDifferently() {
        float[] a = plucked(330f, 1f, 0.7f).set("seed", 7f).render(200);
        float[] b = plucked(330f, 1f, 0.7f).set("seed", 7f).render(200);
        float[] c = plucked(330f, 1f, 0.7f).set("seed", 8f).render(200);
        assertArrayEquals(a, b, "deterministic for a seed");
        assertFalse(Arrays.equals(a, c), "another seed, another burst");
    }

    @Test
    void eachPluckOfARepeatedNoteHasItsOwnNoise() {
        NodeUnderTest n = NodeUnderTest.of(PluckedString.TYPE_ID).set("freq", 500f);
        float[] out = SignalDriver.render(n, 20_000, "trigger", f -> f % 10_000 < 100 ? 1f : 0f)[0];
        float[] first = Arrays.copyOfRange(out, 0, 96);
        NodeUnderTest fresh = NodeUnderTest.of(PluckedString.TYPE_ID).set("freq", 500f);
        float[] second = SignalDriver.render(fresh, 20_000, "trigger", f -> f >= 10_000 && f % 10_000 < 100 ? 1f : 0f)[0];
        assertArrayEquals(first, Arrays.copyOfRange(second, 10_000, 10_096),
                "the first pluck of any string with this seed is the same");
        assertFalse(Arrays.equals(Arrays.copyOfRange(out, 10_000, 10_096), Arrays.copyOfRange(second, 10_000, 10_096)),
                "the second pluck of a string is not a copy of its first");
    }

    @ParameterizedTest
    @ValueSource(floats = {110f, 5000f})
    void aPluckLeavesNoDcOffset(float freq) {
        // DC is the loop's slowest mode; the burst's mean is removed so a pluck does not feed it.
        float[] out = plucked(freq, 2f, 0f).render(48_000 / NodeUnderTest.BLOCK);
        double sum = 0;
        double energy = 0;
        for (float v : out) {
            sum += v;
            energy += (double) v * v;
        }
        double mean = sum / out.length;
        double rms = Math.sqrt(energy / out.length);
        System.out.printf("std.karplus: %.0f Hz, dark: mean over the first second %.2e (rms %.3f)%n", freq, mean, rms);
        assertTrue(Math.abs(mean) < 1e-3 * rms, "DC offset " + mean + " against rms " + rms);
    }

    @ParameterizedTest
    @CsvSource({"20, 0.05, 0", "20, 0.05, 1", "5000, 0.05, 0", "5000, 0.05, 1", "440, 2, 0.5", "110, 30, 1"})
    void pluckThenThirtySecondsOfSilenceLeavesNoSubnormalInStateOrOutput(float freq, float decay, float brightness) {
        NodeUnderTest n = NodeUnderTest.of(PluckedString.TYPE_ID).set("freq", freq).set("decay", decay)
                .set("brightness", brightness);
        float[] trigger = n.input("trigger");
        float peak = 0;
        int blocks = 30 * 48_000 / NodeUnderTest.BLOCK;
        float[] last = new float[0];
        for (int b = 0; b < blocks; b++) {
            trigger[0] = b == 0 ? 1f : 0f; // a one-frame impulse on the trigger
            n.processBlock();
            UtilityStability.assertNoSubnormal(n.outputs[0], "output block " + b);
            for (float v : n.outputs[0]) {
                peak = Math.max(peak, Math.abs(v));
            }
            last = n.outputs[0];
        }
        StateBuffer state = UtilityStability.stateOf(n.node);
        int length = state.readInt();
        state.readInt(); // write position
        assertEquals(0, state.readInt(), "no burst left");
        state.readBoolean(); // trigger memory
        state.readLong(); // noise generator
        assertEquals(1L, state.readLong(), "one pluck");
        UtilityStability.assertNoSubnormalFloats(state, 5 + length, "state after 30 s");
        float tail = 0;
        for (float v : last) {
            tail = Math.max(tail, Math.abs(v));
        }
        System.out.printf("std.karplus: freq %.0f, decay %.2f s, brightness %.1f: peak %.3f, |out| in the last block %.3g,"
                + " no subnormal in 1.44M output samples or %d state floats%n", freq, decay, brightness, peak, tail, 5 + length);
        assertTrue(peak > 0.05f, "the pluck was audible");
        if (decay < 1f) {
            assertEquals(0f, tail, 0f, "a short decay ends in exact silence");
        }
    }

    @ParameterizedTest
    @ValueSource(floats = {20f, 220f, 5000f})
    void fullScaleExcitationStaysFinite(float freq) {
        NodeUnderTest n = NodeUnderTest.of(PluckedString.TYPE_ID).set("freq", freq).set("decay", 30f).set("brightness", 1f)
                .constantInput("excite", 1f);
        float max = 0;
        for (int b = 0; b < 48_000 * 5 / NodeUnderTest.BLOCK; b++) {
            n.processBlock();
            for (float v : n.outputs[0]) {
                assertTrue(Float.isFinite(v));
                max = Math.max(max, Math.abs(v));
            }
        }
        System.out.printf("std.karplus: DC 1.0 into excite for 5 s at %.0f Hz, decay 30 s: peak |out| %.1f%n", freq, max);
    }
}
