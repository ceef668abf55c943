package org.aetherdsp.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.aetherdsp.api.NodeType;
import org.aetherdsp.core.engine.Engine;
import org.junit.jupiter.api.Test;

/**
 * With several workers, every worker thread (the one calling {@code process} and each helper)
 * allocates nothing per block, under live parameter ramps, once warm.
 */
class ParallelZeroAllocationTest {

    private static final int BLOCK = 64;
    private static final int VOICES = 16;
    private static final int LENGTH = 8;
    private static final int BLOCKS_PER_ROUND = 2_000;

    private static final NodeType SOURCE = WorkerRounds.SOURCE;
    private static final NodeType FILTER = WorkerRounds.filter(2f, 1f);

    @Test
    void everyWorkerThreadAllocatesNothingPerBlockUnderAutomation() {
        try (Engine engine = Engine.builder().discoverNodeTypes(false).nodeType(SOURCE).nodeType(FILTER)
                .blockSize(BLOCK).workers(2).build()) {
            long[][] voice = new long[VOICES][LENGTH];
            engine.batch(e -> {
                for (int v = 0; v < VOICES; v++) {
                    voice[v][0] = e.add(SOURCE.id());
                    for (int k = 1; k < LENGTH; k++) {
                        voice[v][k] = e.add(FILTER.id());
                        e.connect(voice[v][k - 1], 0, voice[v][k], 0);
                    }
                    e.connectOutput(voice[v][LENGTH - 1], 0, v & 1);
                }
            });
            float[][] host = new float[2][BLOCK];
            engine.process(host);
            assertEquals(VOICES, engine.latestPlan().clusterCount(), "one cluster per voice");
            Thread[] helpers = engine.helperThreads();
            assertEquals(1, helpers.length);

            int[] ramp = {0};
            WorkerRounds w = WorkerRounds.run(engine, host, BLOCKS_PER_ROUND, b -> {
                if (b % 4 == 0) {
                    int v = ramp[0]++ % VOICES;
                    engine.setParam(voice[v][1 + v % (LENGTH - 1)], "gain", (ramp[0] & 7) / 4f, 3f);
                    engine.setParam(voice[v][0], "value", ((ramp[0] & 15) - 8) / 8f, 1f);
                }
            });
            String report = w.report();
            assertEquals(WorkerRounds.ZERO_ROUNDS, w.zeros, report);
            assertEquals(List.of(), engine.drainFaults(), report);
        }
    }
}
