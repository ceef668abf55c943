package org.aetherdsp.nodes.std;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BandLimitedWavetableTest {

    /** Increments from 1e-5 to 0.6 cycles per sample, 0.05% apart. */
    private static final double STEP_RATIO = 1.0005;

    @Test
    void everyHarmonicALevelIsReadWithStaysBelowNyquist() {
        for (double d = 1e-5; d < 0.5; d *= STEP_RATIO) {
            int level = BandLimitedWavetable.level(d);
            double w = BandLimitedWavetable.weight(level, d);
            assertTrue(BandLimitedWavetable.harmonics(level) * d <= 0.5, "increment " + d + " reads level " + level);
            // The lower level is used only when the upper one fades, and holds fewer harmonics.
            assertTrue(BandLimitedWavetable.harmonics(level - 1) <= BandLimitedWavetable.harmonics(level));
            assertTrue(w >= 0.0 && w <= 1.0, "weight " + w);
            assertEquals(BandLimitedWavetable.level(d), BandLimitedWavetable.level(-d), "the sign of the increment does not matter");
        }
    }

    @Test
    void aReadChangesContinuouslyAsTheIncrementCrossesLevels() {
        for (BandLimitedWavetable table : new BandLimitedWavetable[] {BandLimitedWavetable.SAW, BandLimitedWavetable.TRIANGLE}) {
            for (double phase : new double[] {0.01, 0.13, 0.37, 0.5, 0.77, 0.99}) {
                double worst = 0.0;
                double previous = read(table, 1e-5, phase);
                for (double d = 1e-5 * STEP_RATIO; d < 0.6; d *= STEP_RATIO) {
                    double v = read(table, d, phase);
                    worst = Math.max(worst, Math.abs(v - previous));
                    previous = v;
                }
                // Switching levels outright would jump by a whole harmonic (up to 0.32 for the saw's second).
                assertTrue(worst < 0.01, "phase " + phase + ": largest change between increments 0.05% apart " + worst);
            }
        }
    }

    @Test
    void aLevelAboveTheDenseOnesFadesOnlyWhileItsTopHarmonicIsNearNyquistAndIsReadAloneBelow() {
        double lowestFadingTop = 1.0;
        int alone = 0;
        int fading = 0;
        for (double d = 1e-5; d < 0.5; d *= 1.0001) {
            int level = BandLimitedWavetable.level(d);
            int top = BandLimitedWavetable.harmonics(level);
            double w = BandLimitedWavetable.weight(level, d);
            if (top <= BandLimitedWavetable.DENSE_LEVELS) {
                continue;
            }
            if (w < 1.0) {
                fading++;
                assertTrue(top < BandLimitedWavetable.MAX_HARMONICS || 2.0 * top * d > 0.96, "the richest level fades at " + d);
                // The top harmonic's frequency as a fraction of Nyquist.
                lowestFadingTop = Math.min(lowestFadingTop, 2.0 * top * d);
            } else {
                assertEquals(1.0, w, "weight at " + d);
                if (top < BandLimitedWavetable.MAX_HARMONICS) {
                    // (The richest level is read for every smaller increment too: not counted.)
                    alone++;
                }
            }
        }
        // 1 - FADE_FRACTION * (1 - H(u) / H(u + 1)), at the widest step between levels.
        assertTrue(lowestFadingTop > 0.96, "a level fades while its top harmonic is at " + lowestFadingTop + " of Nyquist");
        // Increments 0.01% apart: the fading part is about a quarter of each range (in a log sweep a little less).
        double share = fading / (double) (fading + alone);
        assertTrue(share > 0.2 && share < 0.3, "fading at " + share + " of the increments");
    }

    @Test
    void theDenseLevelsFadeOverTheirWholeRange() {
        for (int level = 2; BandLimitedWavetable.harmonics(level) < BandLimitedWavetable.DENSE_LEVELS; level++) {
            int h = BandLimitedWavetable.harmonics(level);
            double bottom = 0.5 / (h + 1);
            double top = 0.5 / h;
            double tenthIn = bottom + 0.1 * (top - bottom);
            assertEquals(level, BandLimitedWavetable.level(tenthIn));
            assertEquals(0.9, BandLimitedWavetable.weight(level, tenthIn), 1e-9, "level of " + h + " harmonics");
        }
    }

    @Test
    void aReadAtWeightOneIsTheUpperLevelAloneToTheBit() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        for (int k = 0; k < 100_000; k++) {
            int level = random.nextInt(1, BandLimitedWavetable.levelCount());
            double phase = random.nextDouble();
            double alone = BandLimitedWavetable.interpolate(BandLimitedWavetable.SAW.levelTable(level),
                    BandLimitedWavetable.SAW.levelScale(level), phase);
            assertEquals(Double.doubleToRawLongBits(alone),
                    Double.doubleToRawLongBits(BandLimitedWavetable.SAW.read(level, 1.0, phase)), "level " + level + " at " + phase);
        }
    }

    @Test
    void pathologicalIncrementsReadAFiniteValue() {
        for (double d : new double[] {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, -7.5, 1e-300}) {
            double v = read(BandLimitedWavetable.SAW, d, 0.3);
            assertTrue(Double.isFinite(v) && Math.abs(v) <= 1.2, d + " read " + v);
        }
    }

    @Test
    void reportsTheLevelsAndTheirMemory() {
        int samples = BandLimitedWavetable.SAW.totalSamples() + BandLimitedWavetable.TRIANGLE.totalSamples();
        System.out.printf("BandLimitedWavetable: %d levels (1..%d harmonics), %d KiB of tables for saw and triangle%n",
                BandLimitedWavetable.levelCount() - 1, BandLimitedWavetable.MAX_HARMONICS, samples * Double.BYTES / 1024);
        assertTrue(samples * Double.BYTES < 4 << 20, "tables take " + samples * Double.BYTES + " bytes");
    }

    @Test
    void wholeIsTheIntConversionAndGivesMathFloorsFractionToTheBit() {
        for (int i : new int[] {0, 1, 2, 255, 4095, 4096, 8191, 1 << 24, (1 << 24) + 1, Integer.MAX_VALUE}) {
            assertEquals(Double.doubleToRawLongBits(i), Double.doubleToRawLongBits(BandLimitedWavetable.whole(i)), "whole " + i);
        }
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        double[] edges = {0.0, Double.MIN_VALUE, 0.5, Math.nextDown(1.0), 1.0, Math.nextUp(1.0), Math.nextDown(4096.0),
            4096.0, Math.nextDown(0x1p31)};
        for (double x : edges) {
            assertEquals(Double.doubleToRawLongBits(x - Math.floor(x)),
                    Double.doubleToRawLongBits(x - BandLimitedWavetable.whole((int) x)), "fraction of " + x);
        }
        for (int k = 0; k < 1_000_000; k++) {
            double x = random.nextDouble() * Math.scalb(1.0, random.nextInt(-40, 31));
            assertEquals(Double.doubleToRawLongBits(x - Math.floor(x)),
                    Double.doubleToRawLongBits(x - BandLimitedWavetable.whole((int) x)), "fraction of " + x);
        }
    }

    private static double read(BandLimitedWavetable table, double d, double phase) {
        int level = BandLimitedWavetable.level(d);
        return table.read(level, BandLimitedWavetable.weight(level, d), phase);
    }
}
