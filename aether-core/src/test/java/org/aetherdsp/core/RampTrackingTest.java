package org.aetherdsp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.aetherdsp.core.param.SmoothedParam;
import org.aetherdsp.api.ParamSpec;
import org.aetherdsp.core.engine.Engine;
import org.junit.jupiter.api.Test;

/**
 * The scheduler advances only the nodes whose parameters ramp. Ramps must still move exactly as
 * a lone {@link SmoothedParam} moves, through plan swaps and when more nodes ramp at once than the
 * scheduler's list holds.
 */
class RampTrackingTest {

    private static final int BLOCK = 64;
    private static final ParamSpec VALUE = TestNodes.CONST.descriptor().params().get(0);

    @Test
    void aRampMovesBlockByBlockAcrossPlanSwapsAndLandsOnItsTarget() {
        try (Engine engine = TestNodes.engine().build()) {
            long c = engine.add("test.const");
            engine.connectOutput(c, 0, 0);
            float[][] host = new float[2][BLOCK];
            engine.process(host);
            engine.setParam(c, "value", 1f, 1000f * 10.5f * BLOCK / 48_000f); // 10.5 blocks
            SmoothedParam reference = new SmoothedParam(VALUE);
            reference.setTarget(1f, Math.round(10.5f * BLOCK));
            float[] expected = new float[BLOCK];
            long extra = -1;
            for (int block = 0; block < 16; block++) {
                if (block % 3 == 1) { // a plan swap in the middle of the ramp
                    if (extra == -1) {
                        extra = engine.add("test.pass");
                    } else {
                        engine.remove(extra);
                        extra = -1;
                    }
                }
                engine.process(host);
                reference.fill(expected, BLOCK);
                reference.advance(BLOCK);
                ParallelSchedulingTest.assertBitIdentical(expected, host[0], "block " + block);
            }
            assertEquals(1f, host[0][BLOCK - 1]);
        }
    }

    @Test
    void moreRampingNodesThanTheListHoldsAllRampExactly() {
        int nodes = 1100; // the list holds max(1024, initial node capacity), here 1024
        try (Engine engine = TestNodes.engine().commandCapacity(2048).maxCommandsPerBlock(2048).build()) {
            long[] h = new long[nodes];
            engine.batch(e -> {
                for (int i = 0; i < nodes; i++) {
                    h[i] = e.add("test.const");
                    e.connectOutput(h[i], 0, i % 2);
                }
            });
            float[][] host = new float[2][BLOCK];
            engine.process(host);
            for (long node : h) {
                engine.setParam(node, "value", 0.5f, 1000f * 7.25f * BLOCK / 48_000f);
            }
            SmoothedParam reference = new SmoothedParam(VALUE);
            reference.setTarget(0.5f, Math.round(7.25f * BLOCK));
            float[] one = new float[BLOCK];
            float[] expected = new float[BLOCK];
            for (int block = 0; block < 10; block++) {
                engine.process(host);
                reference.fill(one, BLOCK);
                reference.advance(BLOCK);
                for (int i = 0; i < BLOCK; i++) {
                    float sum = one[i];
                    for (int k = 1; k < nodes / 2; k++) {
                        sum += one[i];
                    }
                    expected[i] = sum;
                }
                ParallelSchedulingTest.assertBitIdentical(expected, host[0], "block " + block);
                ParallelSchedulingTest.assertBitIdentical(expected, host[1], "block " + block);
            }
        }
    }
}
