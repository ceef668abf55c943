package org.aetherdsp.nodes.std;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FastSineTest {

    @Test
    void isWithin1eMinus13OfMathSinOverManyCycles() {
        SplittableRandom random = new SplittableRandom(29);
        double worst = 0.0;
        double at = 0.0;
        int floatsDiffer = 0;
        int worstUlps = 0;
        for (int k = 0; k < 2_000_000; k++) {
            // Phases in [0, 1) as the steady path reads them, and in [-4, 4) as p + pm can be.
            double t = k % 2 == 0 ? random.nextDouble() : random.nextDouble(-4.0, 4.0);
            double error = Math.abs(FastSine.turns(t) - Math.sin(2.0 * Math.PI * t));
            int ulps = Math.abs(Float.floatToRawIntBits((float) FastSine.turns(t)) - Float.floatToRawIntBits((float) Math.sin(2.0 * Math.PI * t)));
            if (ulps != 0) {
                floatsDiffer++;
                worstUlps = Math.max(worstUlps, ulps);
            }
            if (error > worst) {
                worst = error;
                at = t;
            }
        }
        System.out.printf("FastSine: largest difference from Math.sin %.3g, at phase %.9f; as floats, %d of 2,000,000 differ,"
                + " by at most %d unit(s) in the last place%n", worst, at, floatsDiffer, worstUlps);
        assertTrue(worst < 1e-13, "differs by " + worst + " at " + at);
        assertTrue(worstUlps <= 1 && floatsDiffer < 200, floatsDiffer + " floats differ, by up to " + worstUlps + " units in the last place");
    }

    @Test
    void theQuarterCyclesAreExactAfterRoundingToFloat() {
        for (int cycle = -3; cycle <= 3; cycle++) {
            assertEquals(0.0, FastSine.turns(cycle), 0.0, "whole cycle " + cycle);
            assertEquals(0.0, FastSine.turns(cycle + 0.5), 0.0, "half cycle " + cycle);
            assertEquals(1.0f, (float) FastSine.turns(cycle + 0.25), "quarter " + cycle);
            assertEquals(-1.0f, (float) FastSine.turns(cycle + 0.75), "three quarters " + cycle);
        }
    }

    @Test
    void isOddAndStaysInRangeNearItsPeaksAndZeros() {
        SplittableRandom random = new SplittableRandom(31);
        for (int k = 0; k < 200_000; k++) {
            double t = random.nextDouble(-2.0, 2.0);
            double v = FastSine.turns(t);
            assertEquals(-v, FastSine.turns(-t), 0.0, "odd at " + t);
            assertTrue(Math.abs(v) <= 1.0, "sin at " + t + " is " + v);
        }
        for (double t : new double[] {1e-300, 1e-12, Math.nextDown(0.25), Math.nextUp(0.25), Math.nextDown(0.5), Math.nextUp(0.5)}) {
            double error = Math.abs(FastSine.turns(t) - Math.sin(2.0 * Math.PI * t));
            assertTrue(error < 1e-13, t + ": " + error);
        }
        // Relative accuracy near zero: the series starts at x.
        assertEquals(2.0 * Math.PI * 1e-12, FastSine.turns(1e-12), 1e-27);
    }

    @Test
    void hugeAndNonFinitePhasesReadZeroOrNaN() {
        assertEquals(0.0, FastSine.turns(0x1p52), 0.0);
        assertEquals(0.0, FastSine.turns(-0x1p60), 0.0);
        assertEquals(0.0, FastSine.turns(1e300), 0.0);
        assertTrue(Double.isNaN(FastSine.turns(Double.NaN)));
        assertTrue(Double.isNaN(FastSine.turns(Double.POSITIVE_INFINITY)));
        double v = FastSine.turns(0x1p50 + 0.25); // still a quarter cycle: doubles hold it exactly
        assertEquals(1.0f, (float) v);
    }
}
