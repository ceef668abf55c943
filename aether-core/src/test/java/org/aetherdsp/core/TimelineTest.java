package org.aetherdsp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.aetherdsp.core.engine.Automation;
import org.aetherdsp.core.engine.EditBatch;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.TimelineFullException;
import org.aetherdsp.core.graph.ParamOutOfRangeException;
import org.junit.jupiter.api.Test;

/**
 * The automation timeline against analysis: a {@code test.const} node writes its parameter's
 * per-frame values straight to the host, so every output sample is the timeline's value at that
 * frame, compared with the formula of the Web Audio API's AudioParam automation written out here
 * independently of the engine's code.
 */
class TimelineTest {

    private static final int BLOCK = 64;
    private static final float RATE = 48_000f;

    private static Engine engine() {
        return TestNodes.engine().sampleRate(RATE).blockSize(BLOCK).build();
    }

    private static long constOut(Engine engine) {
        long c = engine.add("test.const");
        engine.connectOutput(c, 0, 0);
        return c;
    }

    /** Runs {@code frames} frames (a multiple of the block) and returns channel 0. */
    private static float[] render(Engine engine, int frames) {
        float[] out = new float[frames];
        float[][] host = new float[2][BLOCK];
        for (int f = 0; f < frames; f += BLOCK) {
            engine.process(host);
            System.arraycopy(host[0], 0, out, f, BLOCK);
        }
        return out;
    }

    /**
     * While every lane waits, a block looks at no lane (the earliest due frame is kept); events
     * still land on their frames: far ahead, after many idle blocks; one scheduled earlier than
     * the waiting ones while they wait; and on two lanes due in different blocks.
     */
    @Test
    void waitingEventsLandOnTheirFramesAfterIdleBlocks() {
        Engine engine = engine();
        long a = constOut(engine);
        long b = engine.add("test.const");
        engine.connectOutput(b, 0, 1);
        engine.automation().setValueAtFrame(a, "value", 0.5f, 40_000 + 17);
        engine.automation().setValueAtFrame(b, "value", -0.25f, 60_000 + 63);
        float[] outA = new float[64_000];
        float[] outB = new float[64_000];
        float[][] host = new float[2][BLOCK];
        for (int f = 0; f < outA.length; f += BLOCK) {
            if (f == 8_192) {
                // Arrives while both lanes wait, due before either of them.
                engine.automation().setValueAtFrame(b, "value", 0.125f, 20_000 + 5);
            }
            engine.process(host);
            System.arraycopy(host[0], 0, outA, f, BLOCK);
            System.arraycopy(host[1], 0, outB, f, BLOCK);
        }
        for (int k = 0; k < outA.length; k++) {
            assertEquals(k < 40_017 ? 0f : 0.5f, outA[k], "a, frame " + k);
            assertEquals(k < 20_005 ? 0f : k < 60_063 ? 0.125f : -0.25f, outB[k], "b, frame " + k);
        }
    }

    @Test
    void setValueLandsOnItsFrameInTheMiddleOfABlock() {
        Engine engine = engine();
        long c = constOut(engine);
        engine.automation().setValueAtFrame(c, "value", 0.75f, 100); // frame 36 of block 1
        engine.automation().setValueAtFrame(c, "value", -0.5f, 101);
        engine.automation().setValueAtFrame(c, "value", 2f, 1000);
        float[] out = render(engine, 2048);
        for (int k = 0; k < out.length; k++) {
            float expected = k < 100 ? 0f : k < 101 ? 0.75f : k < 1000 ? -0.5f : 2f;
            assertEquals(expected, out[k], "frame " + k);
        }
    }

    @Test
    void linearRampIsExactlyTheFormulaAtEveryFrame() {
        Engine engine = engine();
        long c = constOut(engine);
        engine.automation().setValueAtFrame(c, "value", 0.25f, 100);
        engine.automation().linearRampToValueAtFrame(c, "value", 7.75f, 1100);
        float[] out = render(engine, 1600);
        for (int k = 100; k < out.length; k++) {
            double v0 = 0.25;
            double v1 = 7.75;
            float expected = k >= 1100 ? 7.75f : (float) (v0 + (v1 - v0) * (k - 100.0) / (1100.0 - 100.0));
            assertEquals(expected, out[k], "frame " + k);
        }
    }

    @Test
    void exponentialRampIsTheFormulaWithin1e6Relative() {
        Engine engine = engine();
        long c = constOut(engine);
        engine.automation().setValueAtFrame(c, "value", 1f, 37);
        engine.automation().exponentialRampToValueAtFrame(c, "value", 900f, 4837);
        float[] out = render(engine, 5120);
        for (int k = 37; k < out.length; k++) {
            double expected = k >= 4837 ? 900 : 1.0 * Math.pow(900.0 / 1.0, (k - 37.0) / 4800.0);
            assertEquals(expected, out[k], Math.abs(expected) * 1e-6, "frame " + k);
        }
    }

    @Test
    void exponentialRampFromZeroHoldsUntilItsEndAsWebAudioSays() {
        Engine engine = engine();
        long c = constOut(engine);
        engine.automation().setValueAtFrame(c, "value", 0f, 0);
        engine.automation().exponentialRampToValueAtFrame(c, "value", 5f, 500);
        float[] out = render(engine, 640);
        for (int k = 0; k < out.length; k++) {
            assertEquals(k < 500 ? 0f : 5f, out[k], "frame " + k);
        }
    }

    @Test
    void setTargetIsTheFormulaWithin1e6Relative() {
        Engine engine = engine();
        long c = constOut(engine);
        engine.automation().setValueAtFrame(c, "value", 3f, 0);
        engine.automation().setTargetAtFrame(c, "value", -2f, 250, 480.0);
        float[] out = render(engine, 6400);
        for (int k = 0; k < out.length; k++) {
            double expected = k < 250 ? 3 : -2 + (3 - -2) * Math.exp(-(k - 250) / 480.0);
            assertEquals(expected, out[k], Math.abs(expected) * 1e-6, "frame " + k);
        }
    }

    @Test
    void setTargetInSecondsUsesTheSampleRate() {
        Engine engine = engine();
        long c = constOut(engine);
        engine.automation().setValueAtTime(c, "value", 1f, 0.0);
        engine.automation().setTargetAtTime(c, "value", 0f, 0.01, 0.005); // frame 480, tau 240 frames
        float[] out = render(engine, 1920);
        for (int k = 480; k < out.length; k++) {
            double expected = Math.exp(-(k - 480) / 240.0);
            assertEquals(expected, out[k], expected * 1e-6, "frame " + k);
        }
    }

    @Test
    void valueCurveInterpolatesLinearlyThenHoldsItsLastValue() {
        Engine engine = engine();
        long c = constOut(engine);
        float[] curve = {0f, 1f, -1f, 0.5f};
        engine.automation().setValueCurveAtFrame(c, "value", curve, 300, 700);
        curve[0] = 99f; // copied when scheduled
        float[] out = render(engine, 1280);
        for (int k = 300; k < out.length; k++) {
            assertEquals(curveValue(new double[] {0, 1, -1, 0.5}, 300, 700, k), out[k], 1e-6, "frame " + k);
        }
    }

    private static double curveValue(double[] v, double t0, double duration, double t) {
        int n = v.length;
        if (t >= t0 + duration) {
            return v[n - 1];
        }
        double pos = (n - 1) * (t - t0) / duration;
        int k = (int) Math.floor(pos);
        return v[k] + (v[k + 1] - v[k]) * (pos - k);
    }

    /**
     * The Web Audio specification's example of AudioParam automation (its section "Example"): set
     * values, two linear ramps, a setTarget ended by a setValue, two exponential ramps and a value
     * curve starting where the last ramp ends, at the spec's times.
     */
    @Test
    void theWebAudioSpecExampleScheduleMatchesItsPiecewiseFormula() {
        Engine engine = engine();
        long c = constOut(engine);
        Automation a = engine.automation();
        double t1 = 0.1, t2 = 0.2, t3 = 0.3, t4 = 0.325, t5 = 0.5, t6 = 0.6, t7 = 0.7, t8 = 1.0, tau = 0.1;
        float[] curve = new float[44];
        for (int i = 0; i < curve.length; i++) {
            curve[i] = (float) Math.sin(Math.PI * i / curve.length);
        }
        a.setValueAtTime(c, "value", 0.2f, 0);
        a.setValueAtTime(c, "value", 0.3f, t1);
        a.setValueAtTime(c, "value", 0.4f, t2);
        a.linearRampToValueAtTime(c, "value", 1f, t3);
        a.linearRampToValueAtTime(c, "value", 0.8f, t4);
        a.setTargetAtTime(c, "value", 0.5f, t4, tau);
        a.setValueAtTime(c, "value", 0.552f, t5);
        a.exponentialRampToValueAtTime(c, "value", 0.75f, t6);
        a.exponentialRampToValueAtTime(c, "value", 0.05f, t7);
        a.setValueCurveAtTime(c, "value", curve, t7, t8 - t7);
        float[] out = render(engine, 48_000 + 640);
        double[] curveD = new double[curve.length];
        for (int i = 0; i < curve.length; i++) {
            curveD[i] = curve[i];
        }
        double r = RATE;
        for (int k = 0; k < out.length; k++) {
            double expected;
            if (k < t1 * r) {
                expected = 0.2f;
            } else if (k < t2 * r) {
                expected = 0.3f;
            } else if (k < t3 * r) {
                expected = 0.4f + (1.0 - 0.4f) * (k - t2 * r) / ((t3 - t2) * r);
            } else if (k < t4 * r) {
                expected = 1.0 + (0.8f - 1.0) * (k - t3 * r) / ((t4 - t3) * r);
            } else if (k < t5 * r) {
                expected = 0.5f + (0.8f - 0.5f) * Math.exp(-(k - t4 * r) / (tau * r));
            } else if (k < t6 * r) {
                expected = 0.552f * Math.pow(0.75f / (double) 0.552f, (k - t5 * r) / ((t6 - t5) * r));
            } else if (k < t7 * r) {
                expected = 0.75f * Math.pow(0.05f / (double) 0.75f, (k - t6 * r) / ((t7 - t6) * r));
            } else {
                expected = curveValue(curveD, t7 * r, (t8 - t7) * r, k);
            }
            assertEquals(expected, out[k], Math.max(1e-7, Math.abs(expected) * 1e-6), "frame " + k);
        }
    }

    @Test
    void cancelScheduledValuesRemovesARampInProgressAndTheValueFallsBackAsInWebAudio() {
        Engine engine = engine();
        long c = constOut(engine);
        engine.automation().setValueAtFrame(c, "value", 0.5f, 0);
        engine.automation().linearRampToValueAtFrame(c, "value", 1.5f, 1000);
        engine.automation().setValueAtFrame(c, "value", 9f, 2000);
        float[] first = render(engine, 256);
        assertEquals((float) (0.5 + 1.0 * 255 / 1000), first[255]);
        engine.automation().cancelScheduledValues(c, "value", 600); // removes the ramp (ends at 1000) and the set at 2000
        float[] rest = render(engine, 2560);
        for (float v : rest) {
            assertEquals(0.5f, v, "the value before the cancelled ramp");
        }
    }

    @Test
    void cancelAndHoldCutsALinearRampAtTheCancelTimeAndHoldsItsValue() {
        Engine engine = engine();
        long c = constOut(engine);
        engine.automation().setValueAtFrame(c, "value", 0f, 0);
        engine.automation().linearRampToValueAtFrame(c, "value", 1f, 1000);
        engine.automation().setValueAtFrame(c, "value", 9f, 1500);
        engine.automation().cancelAndHoldAtFrame(c, "value", 500);
        float[] out = render(engine, 2048);
        for (int k = 0; k < out.length; k++) {
            float expected = k < 500 ? (float) (k / 1000.0) : 0.5f;
            assertEquals(expected, out[k], 1e-7f, "frame " + k);
        }
    }

    @Test
    void cancelAndHoldDuringSetTargetHoldsTheValueThere() {
        Engine engine = engine();
        long c = constOut(engine);
        engine.automation().setValueAtFrame(c, "value", 0f, 0);
        engine.automation().setTargetAtFrame(c, "value", 1f, 0, 100.0);
        float[] first = render(engine, 128);
        engine.automation().cancelAndHoldAtFrame(c, "value", 300);
        float[] rest = render(engine, 1024);
        double held = 1 - Math.exp(-3.0);
        assertEquals(1 - Math.exp(-127 / 100.0), first[127], 1e-6);
        for (int i = 0; i < rest.length; i++) {
            int k = 128 + i;
            double expected = k < 300 ? 1 - Math.exp(-k / 100.0) : held;
            assertEquals(expected, rest[i], 1e-6, "frame " + k);
        }
    }

    @Test
    void cancelAndHoldDuringAnExponentialRampKeepsItsCurveUpToTheCancelTime() {
        Engine engine = engine();
        long c = constOut(engine);
        engine.automation().setValueAtFrame(c, "value", 1f, 0);
        engine.automation().exponentialRampToValueAtFrame(c, "value", 100f, 1000);
        engine.automation().cancelAndHoldAtFrame(c, "value", 250);
        float[] out = render(engine, 1280);
        for (int k = 0; k < out.length; k++) {
            double expected = Math.pow(100.0, Math.min(k, 250) / 1000.0);
            assertEquals(expected, out[k], expected * 1e-6, "frame " + k);
        }
    }

    @Test
    void eventsAtTheSameTimeApplyInTheOrderTheyWereAdded() {
        Engine engine = engine();
        long c = constOut(engine);
        engine.automation().setValueAtFrame(c, "value", 1f, 70);
        engine.automation().setValueAtFrame(c, "value", 2f, 70);
        float[] out = render(engine, 128);
        assertEquals(0f, out[69]);
        assertEquals(2f, out[70], "the later of two events at one frame wins");
    }

    @Test
    void theParamFollowsItsOwnSmoothingBeforeTheFirstEventAndAfterTheLast() {
        Engine engine = engine();
        long c = constOut(engine);
        render(engine, 64);
        engine.setParam(c, "value", 1f, 64f * 1000f / RATE * 10); // a 640-frame ramp from 0 to 1
        engine.automation().setValueAtFrame(c, "value", 5f, 64 + 320);
        float[] out = render(engine, 1280);
        assertEquals(0.5f * 319 / 320, out[319], 1e-6f, "the setParam ramp plays until the event");
        assertEquals(5f, out[320]);
        assertEquals(5f, out[out.length - 1], "the timeline hands over at the value it reached");
        assertEquals(5f, engine.getParam(c, "value"));
    }

    @Test
    void aPlainChangeTakesAParamOverFromItsTimeline() {
        Engine engine = engine();
        long c = constOut(engine);
        engine.automation().setValueAtFrame(c, "value", 0f, 0);
        engine.automation().linearRampToValueAtFrame(c, "value", 10f, 6400);
        render(engine, 640);
        engine.setParam(c, "value", -3f, 0f);
        float[] out = render(engine, 6400);
        for (float v : out) {
            assertEquals(-3f, v);
        }
        assertEquals(1L, engine.stats().counters().get("timeline.overridden"));
        assertEquals(engine.automation().capacity(), engine.automation().freeEvents(), "every event came back");
    }

    @Test
    void getParamReportsWhatTheTimelinePlaysAndGetParamTargetWhatTheControlSideSet() {
        Engine engine = engine();
        long c = constOut(engine);
        engine.setParam(c, "value", 2f, 0f);
        engine.automation().setValueAtFrame(c, "value", 0f, 0);
        engine.automation().linearRampToValueAtFrame(c, "value", 640f, 640);
        float[] out = render(engine, 256);
        assertEquals(out[255], engine.getParam(c, "value"), "the last frame played");
        assertEquals(255f, engine.getParam(c, "value"));
        assertEquals(2f, engine.getParamTarget(c, "value"));
    }

    @Test
    void aFullTimelineRefusesWithATypedExceptionAndFreesAsEventsPlay() {
        Engine engine = TestNodes.engine().blockSize(BLOCK).timelineEvents(4).timelineParams(1).build();
        long c = constOut(engine);
        long d = constOut(engine);
        for (int i = 0; i < 4; i++) {
            engine.automation().setValueAtFrame(c, "value", i, 10L * i);
        }
        TimelineFullException full = assertThrows(TimelineFullException.class,
                () -> engine.automation().setValueAtFrame(c, "value", 9f, 100));
        assertTrue(full.getMessage().contains("all 4 events"), full.getMessage());
        TimelineFullException lanes = assertThrows(TimelineFullException.class,
                () -> engine.automation().setValueAtFrame(d, "value", 9f, 100));
        assertTrue(lanes.getMessage().contains("lanes"), lanes.getMessage());
        float[] out = render(engine, 256);
        assertEquals(3f, out[255], "the refused events changed nothing");
        assertEquals(4, engine.automation().freeEvents(), "played events came back");
        engine.automation().setValueAtFrame(d, "value", 9f, 0);
        assertEquals(3f + 9f, render(engine, 64)[0], "both constants play on channel 0");
        assertEquals(9f, engine.getParam(d, "value"));
    }

    @Test
    void aRolledBackBatchTakesItsEventsWithItAndACommittedOneCarriesThemInOneMessage() {
        Engine engine = engine();
        long c = constOut(engine);
        try (EditBatch b = engine.beginBatch()) {
            engine.automation().setValueAtFrame(c, "value", 1f, 0);
            engine.automation().setValueAtFrame(c, "value", 2f, 10);
        }
        assertEquals(engine.automation().capacity(), engine.automation().freeEvents());
        assertEquals(0f, render(engine, 64)[63]);
        long before = engine.stats().commandsApplied();
        engine.batch(e -> {
            e.automation().setValueAtFrame(c, "value", 1f, 128); // frames from the engine's start: out[k] is frame 64 + k
            e.automation().linearRampToValueAtFrame(c, "value", 2f, 192);
            e.setParam(c, "value", 0.5f, 0f);
        });
        float[] out = render(engine, 192);
        assertEquals(before + 1, engine.stats().commandsApplied(), "one message");
        for (int k = 0; k < out.length; k++) {
            float expected = k < 64 ? 0.5f : k < 128 ? (float) (1 + (k - 64) / 64.0) : 2f;
            assertEquals(expected, out[k], "frame " + k);
        }
    }

    @Test
    void badEventsAreRefusedNamingTheProblemAndScheduleNothing() {
        Engine engine = engine();
        long c = constOut(engine);
        Automation a = engine.automation();
        assertThrows(ParamOutOfRangeException.class, () -> a.setValueAtFrame(c, "value", 5000f, 0));
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> a.exponentialRampToValueAtFrame(c, "value", 0f, 10));
        assertTrue(zero.getMessage().contains("must not be 0"), zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> a.setTargetAtFrame(c, "value", 1f, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> a.setValueCurveAtFrame(c, "value", new float[] {1f}, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> a.setValueAtTime(c, "value", 1f, Double.NaN));
        assertEquals(a.capacity(), a.freeEvents());
    }

    @Test
    void eventsForARemovedNodeAreDroppedAndCounted() {
        Engine engine = engine();
        long c = constOut(engine);
        engine.automation().setValueAtFrame(c, "value", 1f, 10_000);
        render(engine, 64);
        engine.remove(c);
        render(engine, 128);
        assertEquals(engine.automation().capacity(), engine.automation().freeEvents());
    }

    @Test
    void aReplacedNodeContinuesItsTimelineOnTheReplacement() {
        Engine engine = engine();
        long c = constOut(engine);
        engine.automation().setValueAtFrame(c, "value", 0f, 0);
        engine.automation().linearRampToValueAtFrame(c, "value", 1f, 1000);
        float[] first = render(engine, 256);
        engine.replace(c);
        float[] rest = render(engine, 1024);
        for (int k = 0; k < 1280; k++) {
            float v = k < 256 ? first[k] : rest[k - 256];
            assertEquals(k >= 1000 ? 1f : (float) (k / 1000.0), v, 1e-7f, "frame " + k);
        }
    }

    @Test
    void aScheduledBatchLandsAtTheBlockContainingItsFrameAndHoldsBackLaterEdits() {
        Engine engine = engine();
        long c = constOut(engine);
        try (EditBatch b = engine.beginBatch()) {
            long d = engine.add("test.const");
            engine.connectOutput(d, 0, 0);
            engine.setParam(d, "value", 4f);
            b.commitAt(1000); // in the block at frames 960..1023
        }
        engine.setParam(c, "value", 1f, 0f); // committed later: waits behind it
        float[] out = render(engine, 1088);
        for (int k = 0; k < out.length; k++) {
            assertEquals(k < 960 ? 0f : 5f, out[k], "frame " + k);
        }
    }
}
