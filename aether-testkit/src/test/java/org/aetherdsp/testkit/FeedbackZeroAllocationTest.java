package org.aetherdsp.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.aetherdsp.api.NodeType;
import org.aetherdsp.core.engine.Engine;
import org.junit.jupiter.api.Test;

/**
 * Feedback connections cost the RT thread no allocation: voices whose ends feed back into their
 * starts, run by two workers, while the control side keeps cutting and closing loops (each a new
 * plan swapped in) and ramping parameters. Every worker thread allocates nothing per block once
 * warm.
 */
class FeedbackZeroAllocationTest {

    private static final int BLOCK = 64;
    private static final int VOICES = 8;
    private static final int LENGTH = 4;
    private static final int BLOCKS_PER_ROUND = 2_000;

    private static final NodeType SOURCE = WorkerRounds.SOURCE;
    private static final NodeType FILTER = WorkerRounds.filter(0.9f, 0.5f); // below unity: loops stay bounded

    @Test
    void feedbackLoopsAllocateNothingPerBlockWhileLoopsAreCutAndClosed() {
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
                    e.connectFeedback(voice[v][LENGTH - 1], 0, voice[v][1], 0); // summed with the source
                    e.connectOutput(voice[v][LENGTH - 1], 0, v & 1);
                }
            });
            float[][] host = new float[2][BLOCK];
            engine.process(host);
            assertEquals(VOICES, engine.latestPlan().clusterCount(), "one cluster per voice, loops and all");

            int[] edit = {0};
            WorkerRounds w = WorkerRounds.run(engine, host, BLOCKS_PER_ROUND, b -> {
                if (b % 8 == 0) {
                    int n = edit[0]++;
                    int v = n % VOICES;
                    long end = voice[v][LENGTH - 1];
                    long start = voice[v][1];
                    // Cut each voice's loop on one round of visits, close it again on the next.
                    if ((n / VOICES & 1) == 0) {
                        engine.disconnect(end, 0, start, 0);
                    } else {
                        engine.connectFeedback(end, 0, start, 0);
                    }
                    engine.setParam(voice[v][2], "gain", (edit[0] & 7) / 8f, 3f);
                }
            });
            String report = w.report();
            assertEquals(WorkerRounds.ZERO_ROUNDS, w.zeros, report);
            assertTrue(engine.helperClusters() > 0, "the helper ran clusters");
            assertEquals(List.of(), engine.drainFaults(), report);
        }
    }
}
