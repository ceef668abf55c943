package org.aetherdsp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.aetherdsp.core.engine.CommandQueueFullException;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.testkit.AllocationProbe;
import org.junit.jupiter.api.Test;

/**
 * The acceptance test of issue 2: a thread calls {@code process} for at least 100,000 blocks
 * of the demo patch while another keeps sending {@code setParam} ramps; after warm-up the
 * RT thread's allocated bytes do not grow at all.
 */
class DemoZeroAllocationTest {

    private static final int BLOCKS_PER_ROUND = 10_000;
    private static final int WARM_UP_ROUNDS = 10;
    /** Rounds in a row that must allocate nothing, within at most {@link #MAX_ROUNDS} after the warm-up. */
    private static final int STRICT_ROUNDS = 3;
    private static final int MAX_ROUNDS = 20;

    @Test
    void rtThreadAllocatesNothingWhileTheDemoIsAutomatedFromAnotherThread() throws Exception {
        Engine engine = Engine.builder().build();
        DemoPatch demo = DemoPatch.build(engine);
        long[] nodes = demo.nodes();
        long[] warmUp = new long[WARM_UP_ROUNDS];
        AtomicReference<long[]> measuredRounds = new AtomicReference<>(new long[0]);
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong sent = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();

        Thread rt = new Thread(() -> {
            float[][] host = new float[2][engine.blockSize()];
            try {
                for (int r = 0; r < WARM_UP_ROUNDS; r++) {
                    warmUp[r] = Rounds.round(engine, host);
                }
                // Steady state as AllocationProbe.steadyState judges it: a compilation the loaded
                // machine delays past the warm-up may still charge a late round (see AllocationProbe).
                measuredRounds.set(AllocationProbe.steadyState(() -> Rounds.blocks(engine, host), STRICT_ROUNDS, MAX_ROUNDS));
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            } finally {
                done.set(true);
            }
        }, "aether-rt-demo");
        Thread control = new Thread(() -> {
            RandomAutomation automation = new RandomAutomation(engine, nodes, 3);
            try {
                while (!done.get()) {
                    try {
                        if (automation.step(engine)) {
                            sent.incrementAndGet();
                        }
                    } catch (CommandQueueFullException full) {
                        Thread.onSpinWait();
                    }
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }, "aether-control-demo");
        rt.start();
        control.start();
        rt.join();
        control.join();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        long[] measured = measuredRounds.get();
        System.out.println("demo: RT bytes per round of " + BLOCKS_PER_ROUND + " blocks, warm-up "
                + Arrays.toString(warmUp) + ", measured " + Arrays.toString(measured)
                + "; " + sent + " param changes sent; " + engine.stats().summary());
        assertTrue(sent.get() > 10_000, "automation kept running: " + sent);
        assertEquals(0, engine.stats().nonFiniteSamples());
        int zerosAtEnd = 0;
        for (int r = measured.length - 1; r >= 0 && measured[r] == 0; r--) {
            zerosAtEnd++;
        }
        assertTrue(zerosAtEnd >= STRICT_ROUNDS, "the RT thread never allocated nothing for " + STRICT_ROUNDS
                + " rounds of " + BLOCKS_PER_ROUND + " blocks in a row in " + MAX_ROUNDS + ": " + Arrays.toString(measured));
    }

    /**
     * The measured loop, in a class without string constants: the first C2 compilation of a
     * method resolves all string constants of its class on the calling thread (see
     * {@link AllocationProbe}), which in this test class would be charged to the RT thread.
     */
    private static final class Rounds {
        static long round(Engine engine, float[][] host) {
            long before = AllocationProbe.currentThread();
            for (int b = 0; b < BLOCKS_PER_ROUND; b++) {
                engine.process(host);
            }
            return AllocationProbe.currentThread() - before;
        }

        static void blocks(Engine engine, float[][] host) {
            for (int b = 0; b < BLOCKS_PER_ROUND; b++) {
                engine.process(host);
            }
        }
    }
}
