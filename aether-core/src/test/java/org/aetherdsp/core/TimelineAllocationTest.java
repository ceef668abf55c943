package org.aetherdsp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.aetherdsp.core.engine.Automation;
import org.aetherdsp.core.engine.Engine;
import org.junit.jupiter.api.Test;

/**
 * Steady-state automation through the timeline allocates on neither side: each round schedules
 * every kind of event on eight parameters (set, linear and exponential ramps, setTarget, a value
 * curve, cancel and cancel-and-hold), each call its own message, and plays them through with
 * events landing in the middle of blocks. Judged as the testkit's {@code steadyState} does:
 * three consecutive rounds of exactly 0 bytes after warm-up, on the control side (scheduling)
 * and on the RT side (processing) separately. (A batch allocates on the control side whatever
 * it carries: it copies the graph model for its rollback.)
 */
class TimelineAllocationTest {

    private static final int BLOCK = 64;

    @Test
    void schedulingAndPlayingEveryKindOfEventAllocatesNothingOnceWarm() {
        Engine engine = TestNodes.engine().blockSize(BLOCK).timelineEvents(512).build();
        long[] nodes = new long[8];
        engine.batch(e -> {
            for (int i = 0; i < nodes.length; i++) {
                nodes[i] = e.add("test.const");
                e.connectOutput(nodes[i], 0, i % 2);
            }
        });
        Automation a = engine.automation();
        float[][] host = new float[2][BLOCK];
        float[] curve = {0f, 0.5f, 0.25f, 1f};
        long[] control = new long[40];
        long[] rt = new long[40];
        int zeros = 0;
        int r = 0;
        while (r < control.length && zeros < 3) {
            final long t = engine.currentFrame();
            control[r] = Allocation.measure(() -> {
                for (long n : nodes) {
                    a.setValueAtFrame(n, "value", 0.5f, t + 10);
                    a.linearRampToValueAtFrame(n, "value", 1f, t + 300);
                    a.exponentialRampToValueAtFrame(n, "value", 0.01f, t + 700);
                    a.setTargetAtFrame(n, "value", 0.2f, t + 900, 50);
                    a.setValueCurveAtFrame(n, "value", curve, t + 1300, 200);
                    a.cancelAndHoldAtFrame(n, "value", t + 1400);
                }
                for (long n : nodes) {
                    a.setValueAtFrame(n, "value", 0.1f, t + 1600);
                    a.cancelScheduledValues(n, "value", t + 1700);
                }
            });
            rt[r] = Allocation.measure(() -> {
                for (int b = 0; b < 2048 / BLOCK; b++) {
                    engine.process(host);
                }
            });
            boolean zero = control[r] == 0 && rt[r] == 0;
            zeros = zero ? zeros + 1 : 0;
            r++;
        }
        assertTrue(zeros == 3, "control side per round " + Arrays.toString(Arrays.copyOf(control, r))
                + ", RT side per round " + Arrays.toString(Arrays.copyOf(rt, r)));
        assertEquals(a.capacity(), a.freeEvents(), "every event came back");
    }
}
