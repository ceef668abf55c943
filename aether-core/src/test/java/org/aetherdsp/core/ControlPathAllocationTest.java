package org.aetherdsp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.aetherdsp.core.engine.Engine;
import org.junit.jupiter.api.Test;

/**
 * Steady-state automation allocates on neither side: {@code setParam} at 10,000 calls per
 * second for 10 seconds, while an RT thread consumes, allocates nothing on the control
 * thread once warm (command objects are pooled and come back on the return ring).
 */
class ControlPathAllocationTest {

    private static final int CALLS_PER_SECOND = 10_000;
    private static final int SECONDS = 10;
    private static final int WARM_UP_SECONDS = 2;

    @Test
    void setParamAt10kPerSecondAllocatesNothingOnTheControlThreadOnceWarm() throws Exception {
        // A ring that holds every call of the run: on a loaded machine the paced RT thread can be
        // starved for longer than a 1024-command ring lasts at 10,000 calls/s, and a full ring is
        // a refused edit (tested elsewhere), not what this test measures.
        Engine engine = TestNodes.engine().commandCapacity(1 << 17).build();
        long[] nodes = new long[8];
        engine.batch(e -> {
            for (int i = 0; i < nodes.length; i++) {
                nodes[i] = e.add("test.pass");
                e.connectOutput(nodes[i], 0, i % 2);
            }
        });
        AtomicBoolean stop = new AtomicBoolean();
        Thread rt = new Thread(() -> {
            float[][] host = new float[2][64];
            long next = System.nanoTime();
            while (!stop.get()) {
                engine.process(host);
                next += engine.deadlineNanos();
                LockSupport.parkNanos(next - System.nanoTime()); // paced like a sound card
            }
        }, "aether-rt-paced");
        rt.start();
        long[] perSecond = new long[SECONDS];
        long period = 1_000_000_000L / CALLS_PER_SECOND;
        try {
            long next = System.nanoTime();
            int k = 0;
            for (int s = 0; s < SECONDS; s++) {
                long before = Allocation.current();
                for (int i = 0; i < CALLS_PER_SECOND; i++, k++) {
                    engine.setParam(nodes[k & 7], "gain", (k & 15) * 0.5f - 4f, (k & 3) * 5f);
                    next += period;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
                perSecond[s] = Allocation.current() - before;
            }
        } finally {
            stop.set(true);
            rt.join();
        }
        float[][] host = new float[2][64];
        for (int i = 0; i < 64; i++) {
            engine.process(host); // the RT thread has stopped: apply what is still in the ring
        }
        long[] measured = Arrays.copyOfRange(perSecond, WARM_UP_SECONDS, SECONDS);
        System.out.println("control thread bytes per second of " + CALLS_PER_SECOND + " setParam calls: "
                + Arrays.toString(perSecond) + "; " + engine.stats().summary());
        assertEquals((long) CALLS_PER_SECOND * SECONDS + 1, engine.stats().commandsApplied(), "every change (and the plan) was applied");
        for (long bytes : measured) {
            assertEquals(0, bytes, "control thread bytes per second after warm-up: " + Arrays.toString(perSecond));
        }
    }
}
