package org.aetherdsp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.aetherdsp.api.ParamSpec;
import org.aetherdsp.core.param.SmoothedParam;
import org.junit.jupiter.api.Test;

class SmoothedParamTest {

    private static SmoothedParam param(float def) {
        return new SmoothedParam(ParamSpec.of("x", -10f, 10f, def, "", 0f));
    }

    @Test
    void newParamIsSettledAtItsDefault() {
        SmoothedParam p = param(2f);
        assertEquals(2f, p.value());
        assertEquals(2f, p.target());
        assertFalse(p.isSmoothing());
    }

    @Test
    void rampLandsExactlyOnTargetAfterRampFramesAcrossBlocks() {
        SmoothedParam p = param(0f);
        p.setTarget(1f, 150); // not a multiple of the 64-frame block
        float[] block = new float[64];
        int frame = 0;
        float last = Float.NaN;
        while (frame < 256) {
            p.fill(block, 64);
            for (int i = 0; i < 64; i++, frame++) {
                if (frame < 150) {
                    assertEquals(frame / 150f, block[i], 1e-5f, "frame " + frame);
                } else {
                    assertEquals(1f, block[i], 0f, "frame " + frame + " must be exactly the target");
                }
                last = block[i];
            }
            p.advance(64);
        }
        assertEquals(1f, last);
        assertFalse(p.isSmoothing());
        assertEquals(1f, p.value());
    }

    @Test
    void fillIsPureAndAgreesWithValueAt() {
        SmoothedParam p = param(-4f);
        p.setTarget(4f, 100);
        float[] a = new float[64];
        float[] b = new float[64];
        p.fill(a, 64);
        p.fill(b, 64);
        for (int i = 0; i < 64; i++) {
            assertEquals(a[i], b[i]);
            assertEquals(p.valueAt(i), a[i]);
        }
    }

    @Test
    void zeroRampJumpsAtOnce() {
        SmoothedParam p = param(0f);
        p.setTarget(5f, 0);
        assertEquals(5f, p.value());
        assertFalse(p.isSmoothing());
    }

    @Test
    void retargetMidRampStartsFromWhereTheValueIs() {
        SmoothedParam p = param(0f);
        p.setTarget(10f, 100);
        p.advance(50);
        assertEquals(5f, p.value(), 1e-5f);
        p.setTarget(0f, 10);
        p.advance(5);
        assertEquals(2.5f, p.value(), 1e-5f);
        p.advance(5);
        assertEquals(0f, p.value());
    }

    @Test
    void specRejectsDefaultOutsideRangeNamingTheParam() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ParamSpec.of("freq", 0f, 1f, 2f, "Hz", 0f));
        assertTrue(e.getMessage().contains("freq"), e.getMessage());
        assertTrue(e.getMessage().contains("outside"), e.getMessage());
    }

    @Test
    void specRejectsNaNRangeAndBadIds() {
        assertThrows(IllegalArgumentException.class, () -> ParamSpec.of("a", Float.NaN, 1f, 0f, "", 0f));
        assertThrows(IllegalArgumentException.class, () -> ParamSpec.of("1a", 0f, 1f, 0f, "", 0f));
        assertThrows(IllegalArgumentException.class, () -> ParamSpec.of("a b", 0f, 1f, 0f, "", 0f));
        assertTrue(ParamSpec.of("a", 0f, 1f, 0f, "", 0f).accepts(1f));
        assertFalse(ParamSpec.of("a", 0f, 1f, 0f, "", 0f).accepts(Float.NaN));
    }

    // ------------------------------------------------------------ changes inside a block

    /** Fills {@code blocks} blocks of 64 frames in a row, advancing after each, as the engine does. */
    private static float[] run(SmoothedParam p, int blocks) {
        float[] all = new float[blocks * 64];
        float[] block = new float[64];
        for (int b = 0; b < blocks; b++) {
            p.fill(block, 64);
            for (int i = 0; i < 64; i++) {
                assertEquals(block[i], p.valueAt(i), "valueAt agrees with fill at frame " + (b * 64 + i));
            }
            System.arraycopy(block, 0, all, b * 64, 64);
            p.advance(64);
        }
        return all;
    }

    @Test
    void aChangeStampedAtFrameKJumpsExactlyAtK() {
        SmoothedParam p = param(1f);
        p.setTarget(3f, 0, 37);
        assertTrue(p.isSmoothing(), "a pending change counts as smoothing, so the engine advances it");
        assertEquals(1f, p.value());
        assertEquals(3f, p.target());
        float[] v = run(p, 2);
        for (int i = 0; i < 128; i++) {
            assertEquals(i < 37 ? 1f : 3f, v[i], "frame " + i);
        }
        assertFalse(p.isSmoothing());
        assertEquals(3f, p.value());
    }

    @Test
    void aStampedRampStartsAtItsFrameFromTheValueThereAndLandsExactly() {
        SmoothedParam p = param(0f);
        p.setTarget(8f, 40, 50); // from frame 50 to frame 90, across the block boundary
        float[] v = run(p, 3);
        for (int i = 0; i < 192; i++) {
            float expected = i < 50 ? 0f : i < 90 ? 8f * (i - 50) / 40f : 8f;
            assertEquals(expected, v[i], i < 90 ? 1e-5f : 0f, "frame " + i);
        }
        assertEquals(8f, p.value());
        assertFalse(p.isSmoothing());
    }

    @Test
    void aStampedChangeDuringARampFollowsTheRampUntilItsFrame() {
        SmoothedParam p = param(0f);
        p.setTarget(6.4f, 64); // 0.1 per frame
        p.setTarget(-2f, 0, 20);
        float[] v = run(p, 1);
        for (int i = 0; i < 20; i++) {
            assertEquals(0.1f * i, v[i], 1e-5f, "frame " + i + " still follows the running ramp");
        }
        for (int i = 20; i < 64; i++) {
            assertEquals(-2f, v[i], "frame " + i);
        }
    }

    @Test
    void aStampedChangeMatchesAnImmediateOneMadeAtItsFrame() {
        SmoothedParam stamped = param(0f);
        stamped.setTarget(5f, 100);
        stamped.setTarget(-5f, 30, 24);
        SmoothedParam reference = param(0f);
        reference.setTarget(5f, 100);
        float[] expected = new float[64 * 3];
        float[] one = new float[24];
        reference.fill(one, 24);
        System.arraycopy(one, 0, expected, 0, 24);
        reference.advance(24);
        reference.setTarget(-5f, 30);
        float[] rest = new float[64 * 3 - 24];
        reference.fill(rest, rest.length);
        System.arraycopy(rest, 0, expected, 24, rest.length);
        float[] v = run(stamped, 3);
        for (int i = 0; i < v.length; i++) {
            assertEquals(expected[i], v[i], 1e-5f, "frame " + i);
        }
    }

    @Test
    void aFrameBeyondTheBlockCarriesOverToALaterBlock() {
        SmoothedParam p = param(0f);
        p.setTarget(1f, 0, 64 + 10);
        float[] v = run(p, 2);
        for (int i = 0; i < 128; i++) {
            assertEquals(i < 74 ? 0f : 1f, v[i], "frame " + i);
        }
    }

    @Test
    void aSecondStampedChangeKeepsTheEarlierFrameAndTakesTheNewerTarget() {
        SmoothedParam p = param(0f);
        p.setTarget(2f, 0, 10);
        p.setTarget(4f, 0, 30);
        float[] v = run(p, 1);
        for (int i = 0; i < 64; i++) {
            assertEquals(i < 10 ? 0f : 4f, v[i], "frame " + i);
        }
    }

    @Test
    void anImmediateChangeReplacesAPendingOne() {
        SmoothedParam p = param(0f);
        p.setTarget(2f, 0, 10);
        p.setTarget(7f, 0);
        float[] v = run(p, 1);
        for (int i = 0; i < 64; i++) {
            assertEquals(7f, v[i], "frame " + i);
        }
        p.setTarget(3f, 0, 0); // frame 0 is an immediate change
        assertFalse(p.isSmoothing());
        assertEquals(3f, p.value());
    }

    @Test
    void copyFromTakesAPendingChangeAndSettleLandsOnItsTarget() {
        SmoothedParam p = param(0f);
        p.setTarget(9f, 16, 40);
        SmoothedParam q = param(0f);
        q.copyFrom(p);
        assertEquals(run(p, 2)[50], run(q, 2)[50]);
        SmoothedParam r = param(0f);
        r.setTarget(9f, 16, 40);
        assertEquals(40 + 16, r.rampRemaining());
        r.settle();
        assertEquals(9f, r.value());
        assertFalse(r.isSmoothing());
    }
}
