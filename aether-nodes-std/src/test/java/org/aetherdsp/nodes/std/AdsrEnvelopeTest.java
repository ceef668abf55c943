package org.aetherdsp.nodes.std;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Stage boundaries on exact frames. At 48 kHz: attack 10 ms = 480 frames, decay 20 ms = 960,
 * release 30 ms = 1440, sustain 0.5; the gate rises at frame 100 (inside the second block).
 */
class AdsrEnvelopeTest {

    private static final int K = 100;
    private static final int A = 480;
    private static final int D = 960;
    private static final int R = 1440;
    private static final float S = 0.5f;

    private static NodeUnderTest adsr() {
        return NodeUnderTest.of(AdsrEnvelope.TYPE_ID).set("attack", 10f).set("decay", 20f).set("sustain", S)
                .set("release", 30f);
    }

    private static float[] envelope(NodeUnderTest n, int frames, SignalDriver.Signal gate) {
        return SignalDriver.render(n, frames, "gate", gate)[0];
    }

    /** The value of a segment from {@code from} to {@code to} over {@code n} frames at frame {@code j}. */
    private static float line(double from, double to, int j, int n) {
        return (float) (from + (to - from) * j / n);
    }

    @Test
    void attackRisesFromZeroOnTheGateFrameAndReachesExactlyOneAtGatePlusRoundOfAttackTimesRate() {
        float[] out = envelope(adsr(), 4000, SignalDriver.gate(K, Long.MAX_VALUE));
        for (int i = 0; i <= K; i++) {
            assertEquals(0f, out[i], 0f, "silent up to and including the gate frame (the attack starts from 0 there), frame " + i);
        }
        for (int j = 0; j < A; j++) {
            assertEquals(line(0, 1, j, A), out[K + j], 1e-7f, "attack frame " + j);
            assertTrue(out[K + j] < 1f, "below 1 before the end of the attack, frame " + j);
        }
        assertEquals(1f, out[K + A], 0f, "exactly 1 at frame k + A = " + (K + A));
        System.out.println("std.adsr: gate at " + K + ", attack 10 ms: out[" + (K + A - 1) + "] = " + out[K + A - 1]
                + ", out[" + (K + A) + "] = " + out[K + A]);
    }

    @Test
    void decayLandsOnSustainAtExactlyGatePlusAttackPlusDecay() {
        float[] out = envelope(adsr(), 4000, SignalDriver.gate(K, Long.MAX_VALUE));
        int start = K + A;
        for (int j = 0; j < D; j++) {
            assertEquals(line(1, S, j, D), out[start + j], 1e-7f, "decay frame " + j);
            assertTrue(out[start + j] > S, "above sustain before the end of the decay, frame " + j);
        }
        assertEquals(S, out[start + D], 0f, "exactly sustain at frame k + A + D = " + (start + D));
        for (int i = start + D; i < out.length; i++) {
            assertEquals(S, out[i], 0f, "sustain holds while the gate is on, frame " + i);
        }
    }

    @Test
    void releaseStartsOnTheFrameTheGateFallsAndReachesZeroAtExactlyThatFramePlusRelease() {
        int m = 3000; // in sustain; not on a block boundary
        float[] out = envelope(adsr(), 6000, SignalDriver.gate(K, m));
        assertEquals(S, out[m - 1], 0f, "sustain on the last gate-on frame");
        assertEquals(S, out[m], 0f, "the release line starts from the sustain level on the gate's falling frame");
        assertTrue(out[m + 1] < S, "and is below it on the next frame");
        for (int j = 0; j < R; j++) {
            assertEquals(line(S, 0, j, R), out[m + j], 1e-7f, "release frame " + j);
            assertTrue(out[m + j] > 0f, "above 0 before the end of the release, frame " + j);
        }
        assertEquals(0f, out[m + R], 0f, "exactly 0 at frame m + R = " + (m + R));
        for (int i = m + R; i < out.length; i++) {
            assertEquals(0f, out[i], 0f, "idle after the release, frame " + i);
        }
    }

    @Test
    void gateFallingDuringTheAttackReleasesFromTheLevelReached() {
        int m = K + 200;
        float[] out = envelope(adsr(), 3000, SignalDriver.gate(K, m));
        float reached = line(0, 1, 200, A);
        assertEquals(reached, out[m], 1e-7f, "the release starts where the attack was");
        assertEquals(line(reached, 0, 1, R), out[m + 1], 1e-7f);
        assertEquals(0f, out[m + R], 0f, "and takes the full release time to reach 0");
        assertTrue(out[m + R - 1] > 0f);
    }

    @Test
    void retriggerDuringReleaseRestartsTheAttackFromTheCurrentLevelWithoutAJump() {
        int m = 3000;
        int k2 = m + 500;
        float[] out = envelope(adsr(), 6000, f -> (f >= K && f < m) || f >= k2 ? 1f : 0f);
        float level = line(S, 0, 500, R);
        assertEquals(level, out[k2], 1e-7f, "on the retrigger frame the envelope is where the release had got to");
        double releaseStep = S / (double) R;
        double jump = Math.abs(out[k2] - out[k2 - 1]);
        System.out.println("std.adsr: retrigger at release level " + level + ": step into the retrigger frame " + jump
                + " (release slope " + releaseStep + " per frame)");
        assertTrue(jump <= releaseStep + 1e-7, "no jump at the retrigger: " + jump);
        for (int j = 1; j <= A; j++) {
            assertEquals(line(level, 1, j, A), out[k2 + j], 1e-7f, "attack from the current level, frame " + j);
        }
        assertEquals(1f, out[k2 + A], 0f, "reaches 1 exactly A frames after the retrigger");
    }

    @Test
    void zeroAttackAndDecayReachSustainOnTheGatesFirstFrame() {
        NodeUnderTest n = adsr().set("attack", 0f).set("decay", 0f);
        float[] out = envelope(n, 1000, SignalDriver.gate(K, 500));
        assertEquals(0f, out[K - 1], 0f);
        assertEquals(S, out[K], 0f, "sustain on the gate's first frame");
        assertEquals(S, out[499], 0f);
    }

    @Test
    void stageLengthsRoundTheTimeToWholeFrames() {
        // 7.3 ms = 350.4 frames -> 350; 7.32 ms = 351.36 -> 351.
        NodeUnderTest n = adsr().set("attack", 7.3f).set("decay", 7.32f);
        float[] out = envelope(n, 2000, SignalDriver.gate(0, Long.MAX_VALUE));
        assertTrue(out[349] < 1f);
        assertEquals(1f, out[350], 0f, "attack of 350 frames");
        assertTrue(out[350 + 350] > S);
        assertEquals(S, out[350 + 351], 0f, "decay of 351 frames");
    }

    @Test
    void envelopeStaysInsideZeroToOneUnderRandomGatesAndSustainChanges() {
        Random rnd = new Random(4);
        NodeUnderTest n = adsr().set("attack", 1f).set("decay", 2f).set("release", 3f);
        for (int b = 0; b < 2000; b++) {
            float[] gate = n.input("gate");
            for (int i = 0; i < gate.length; i++) {
                gate[i] = rnd.nextInt(50) == 0 ? (gate[Math.max(0, i - 1)] > 0.5f ? 0f : 1f) : gate[Math.max(0, i - 1)];
            }
            if (b % 10 == 0) {
                n.ramp("sustain", rnd.nextFloat(), 480);
            }
            n.processBlock();
            for (float v : n.outputs[0]) {
                assertTrue(v >= 0f && v <= 1f, "envelope " + v + " out of [0, 1]");
            }
        }
    }
}
