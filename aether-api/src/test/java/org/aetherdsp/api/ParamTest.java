package org.aetherdsp.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ParamTest {

    private static Param param(float def) {
        return new Param(ParamSpec.of("x", -10f, 10f, def, "", 0f));
    }

    @Test
    void newParamIsSettledAtItsDefault() {
        Param p = param(2f);
        assertEquals(2f, p.value());
        assertEquals(2f, p.target());
        assertFalse(p.isSmoothing());
    }

    @Test
    void rampLandsExactlyOnTargetAfterRampFramesAcrossBlocks() {
        Param p = param(0f);
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
        Param p = param(-4f);
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
        Param p = param(0f);
        p.setTarget(5f, 0);
        assertEquals(5f, p.value());
        assertFalse(p.isSmoothing());
    }

    @Test
    void retargetMidRampStartsFromWhereTheValueIs() {
        Param p = param(0f);
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
}
