package org.aetherdsp.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.OfflineRenderer;
import org.junit.jupiter.api.Test;

/** The host safety stage's limiter: nothing leaves the engine above the ceiling, and quiet audio is untouched. */
class SafetyStageTest {

    private static final int BLOCK = 64;

    @Test
    void noSampleLeavesTheEngineAboveTheCeilingAndLimitedFramesAreCounted() {
        try (Engine engine = TestNodes.engine().outputLimiter(1f).build()) {
            long loud = engine.add("test.loud");
            engine.setParam(loud, "amp", 184f, 0f);
            engine.connectOutput(loud, 0, 0);
            engine.connectOutput(loud, 0, 1);
            float[][] out = OfflineRenderer.renderToArrays(engine, BLOCK * 20, null);
            for (float[] ch : out) {
                for (float v : ch) {
                    assertTrue(Math.abs(v) <= 1f, "sample " + v);
                }
            }
            assertEquals(1f, out[0][BLOCK * 10], 1e-6f, "held at the ceiling");
            assertEquals(BLOCK * 20, engine.stats().limitedFrames());
        }
    }

    @Test
    void audioUnderTheCeilingPassesBitForBitAndTheGainRecoversAfterAPeak() {
        float[][] limited;
        float[][] plain;
        try (Engine a = TestNodes.engine().outputLimiter(1f).build(); Engine b = TestNodes.engine().build()) {
            for (Engine e : new Engine[] {a, b}) {
                long n = e.add("test.loud");
                e.setParam(n, "amp", 0.3f, 0f);
                e.connectOutput(n, 0, 0);
            }
            limited = OfflineRenderer.renderToArrays(a, BLOCK * 4, null);
            plain = OfflineRenderer.renderToArrays(b, BLOCK * 4, null);
            assertArrayEquals(plain[0], limited[0], "bit for bit under the ceiling");
            assertEquals(0, a.stats().limitedFrames());

            long spike = a.add("test.loud");
            a.setParam(spike, "amp", 3f, 0f);
            a.connectOutput(spike, 0, 0);
            float[][] peak = OfflineRenderer.renderToArrays(a, BLOCK, null);
            assertEquals(1f, peak[0][BLOCK - 1], 1e-6f, "3.3 limited to 1.0");
            a.remove(spike);
            float[][] after = OfflineRenderer.renderToArrays(a, 48_000, null);
            assertTrue(after[0][0] < 0.3f, "still turned down just after: " + after[0][0]);
            // 50 ms time constant: after one second the gain is back at unity, the samples exact.
            assertEquals(0.3f, after[0][47_999]);
        }
    }

    @Test
    void aCeilingOutsideItsRangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Engine.builder().outputLimiter(-1f));
        assertThrows(IllegalArgumentException.class, () -> Engine.builder().outputLimiter(Float.NaN));
        assertThrows(IllegalArgumentException.class, () -> Engine.builder().outputLimiter(100f));
    }
}
