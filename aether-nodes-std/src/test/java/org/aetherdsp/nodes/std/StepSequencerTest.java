package org.aetherdsp.nodes.std;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/**
 * Step and gate boundaries against exact rational arithmetic: a sixteenth lasts
 * {@code 60 * 48000 / (4 * bpm) = 720000 / bpm} frames; step n begins on frame
 * {@code ceil((n + swing if n is odd) * 720000 / bpm)}, its gate falls on
 * {@code ceil((n + swing if odd + gate_length) * 720000 / bpm)}.
 */
class StepSequencerTest {

    private static final BigDecimal FRAMES_PER_BEAT_OVER_4 = BigDecimal.valueOf(720_000);

    /** Frame on which step n begins. */
    private static long stepStart(int n, float bpm, float swing) {
        BigDecimal steps = BigDecimal.valueOf(n);
        if (n % 2 == 1) {
            steps = steps.add(new BigDecimal(swing));
        }
        return steps.multiply(FRAMES_PER_BEAT_OVER_4).divide(new BigDecimal(bpm), 0, RoundingMode.CEILING).longValueExact();
    }

    /** Frame on which the gate of step n falls (unless the next step begins first). */
    private static long gateEnd(int n, float bpm, float swing, float gateLength) {
        BigDecimal steps = BigDecimal.valueOf(n).add(new BigDecimal(gateLength));
        if (n % 2 == 1) {
            steps = steps.add(new BigDecimal(swing));
        }
        return steps.multiply(FRAMES_PER_BEAT_OVER_4).divide(new BigDecimal(bpm), 0, RoundingMode.CEILING).longValueExact();
    }

    private static float[] pitches(float base) {
        float[] hz = new float[Sequencer.MAX_STEPS];
        for (int i = 0; i < hz.length; i++) {
            hz[i] = base + 10 * i;
        }
        return hz;
    }

    private static boolean[] allOn() {
        boolean[] g = new boolean[Sequencer.MAX_STEPS];
        Arrays.fill(g, true);
        return g;
    }

    /**
     * Renders and compares every frame with the exact model: the step a frame belongs to,
     * that step's pitch, and whether its gate is still open. Returns the number of boundaries checked.
     */
    private static int assertMatchesModel(float bpm, float swing, float gateLength, int steps) {
        NodeUnderTest n = NodeUnderTest.of(StepSequencer.TYPE_ID).set("bpm", bpm).set("swing", swing)
                .set("gate_length", gateLength);
        float[] hz = pitches(100f);
        ((Sequencer) n.node).setPattern(hz, allOn());
        int frames = (int) stepStart(steps, bpm, swing);
        float[][] out = SignalDriver.render(n, frames, null, null);
        int step = 0;
        long next = stepStart(1, bpm, swing);
        for (int f = 0; f < frames; f++) {
            if (f == next) {
                step++;
                next = stepStart(step + 1, bpm, swing);
            }
            float expectedPitch = hz[step % Sequencer.MAX_STEPS];
            float expectedGate = f < Math.min(gateEnd(step, bpm, swing, gateLength), next) ? 1f : 0f;
            if (out[StepSequencer.OUT_PITCH][f] != expectedPitch || out[StepSequencer.OUT_GATE][f] != expectedGate) {
                fail("bpm " + bpm + ", swing " + swing + ", gate " + gateLength + ": frame " + f + " (step " + step
                        + ", starts " + stepStart(step, bpm, swing) + ", gate ends " + gateEnd(step, bpm, swing, gateLength)
                        + "): pitch " + out[StepSequencer.OUT_PITCH][f] + " gate " + out[StepSequencer.OUT_GATE][f]
                        + ", expected " + expectedPitch + " " + expectedGate);
            }
        }
        return step;
    }

    @Test
    void stepBoundariesAndGateEndsLandOnTheExactFramesAtAWholeBpm() {
        // 720000 / 130 = 5538.46... frames per step: nothing lands on a whole frame by accident.
        int boundaries = assertMatchesModel(130f, 0f, 0.25f, 40);
        System.out.println("std.seq: bpm 130, gate 0.25: " + boundaries + " step starts and gate ends exact, e.g. step 13 at frame "
                + stepStart(13, 130f, 0f) + " = 13 * 720000 / 130 exactly");
        assertEquals(72_000, stepStart(13, 130f, 0f), "the model itself: 13 steps at 130 bpm are 72000 frames");
    }

    @Test
    void stepBoundariesStayExactAtAFractionalBpmOverManyBars() {
        int boundaries = assertMatchesModel(97.3f, 0f, 0.3f, 200);
        System.out.println("std.seq: bpm 97.3 (as a float), gate 0.3: " + boundaries + " steps, all boundaries exact");
    }

    @Test
    void swingDelaysEveryOddStepByTheSwingFractionExactly() {
        int boundaries = assertMatchesModel(123.4f, 0.2f, 0.6f, 64);
        System.out.println("std.seq: bpm 123.4, swing 0.2, gate 0.6: " + boundaries + " steps exact (odd step 1 at frame "
                + stepStart(1, 123.4f, 0.2f) + " instead of " + stepStart(1, 123.4f, 0f) + ")");
    }

    @Test
    void aPatternSetMidStepTakesEffectAtTheNextStepBoundary() {
        // 120 bpm: 6000 frames per step. The new pattern is set before the block at 19008,
        // inside step 3 (18000..23999); step 4 at frame 24000 is the first to play it.
        NodeUnderTest n = NodeUnderTest.of(StepSequencer.TYPE_ID);
        Sequencer seq = (Sequencer) n.node;
        float[] a = pitches(100f);
        float[] b = pitches(1000f);
        seq.setPattern(a, allOn());
        float[][] out = SignalDriver.render(n, 0, 36_000, null, null, block -> {
            if (block == 19_008 / NodeUnderTest.BLOCK) {
                seq.setPattern(b, allOn());
            }
        });
        float[] pitch = out[StepSequencer.OUT_PITCH];
        assertEquals(a[3], pitch[18_000], 0f);
        assertEquals(a[3], pitch[23_999], 0f, "the old pattern plays out the current step");
        assertEquals(b[4], pitch[24_000], 0f, "the new pattern from the next boundary");
        assertEquals(b[5], pitch[30_000], 0f);
    }

    @Test
    void stepsLoopsTheFirstStepsOfThePatternAndRestsHoldThePitchWithTheGateClosed() {
        NodeUnderTest n = NodeUnderTest.of(StepSequencer.TYPE_ID).set("steps", 3f).set("gate_length", 0.5f);
        float[] hz = {220f, 330f, 440f, 550f};
        boolean[] gates = {true, false, true, true};
        ((Sequencer) n.node).setPattern(hz, gates);
        float[][] out = SignalDriver.render(n, 6 * 6000, null, null);
        float[] expectedPitch = {220f, 220f, 440f, 220f, 220f, 440f};
        float[] expectedGate = {1f, 0f, 1f, 1f, 0f, 1f};
        for (int step = 0; step < 6; step++) {
            int f = step * 6000;
            assertEquals(expectedPitch[step], out[StepSequencer.OUT_PITCH][f], 0f, "pitch of step " + step);
            assertEquals(expectedPitch[step], out[StepSequencer.OUT_PITCH][f + 5999], 0f, "pitch to the end of step " + step);
            assertEquals(expectedGate[step], out[StepSequencer.OUT_GATE][f], 0f, "gate at the start of step " + step);
            assertEquals(0f, out[StepSequencer.OUT_GATE][f + 3000], 0f, "gate closed after half a step, step " + step);
        }
        // The render is 563 blocks, 36032 frames: it ends 32 frames into step 6, pattern step 0.
        assertEquals(0, ((Sequencer) n.node).currentStep(), "step 6 is pattern step 0 again");
    }

    @Test
    void gateLengthOneTiesConsecutiveGatedSteps() {
        NodeUnderTest n = NodeUnderTest.of(StepSequencer.TYPE_ID).set("gate_length", 1f).set("bpm", 130f);
        float[][] out = SignalDriver.render(n, 100_000, null, null);
        for (int f = 0; f < 100_000; f++) {
            assertEquals(1f, out[StepSequencer.OUT_GATE][f], 0f, "frame " + f);
        }
    }

    @Test
    void setPatternRejectsMismatchedEmptyOversizedOrOutOfRangePatterns() {
        Sequencer seq = (Sequencer) NodeUnderTest.of(StepSequencer.TYPE_ID).node;
        assertThrows(IllegalArgumentException.class, () -> seq.setPattern(new float[3], new boolean[4]));
        assertThrows(IllegalArgumentException.class, () -> seq.setPattern(new float[0], new boolean[0]));
        assertThrows(IllegalArgumentException.class, () -> seq.setPattern(new float[17], new boolean[17]));
        assertThrows(IllegalArgumentException.class, () -> seq.setPattern(new float[] {Float.NaN}, new boolean[1]));
        assertThrows(IllegalArgumentException.class, () -> seq.setPattern(new float[] {-1f}, new boolean[1]));
    }
}
