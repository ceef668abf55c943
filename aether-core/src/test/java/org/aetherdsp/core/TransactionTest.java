package org.aetherdsp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.aetherdsp.api.GraphSnapshot;
import org.aetherdsp.core.engine.CommandQueueFullException;
import org.aetherdsp.core.engine.EditBatch;
import org.aetherdsp.core.engine.Engine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * One commit, one message: a batch of any size reaches the RT thread whole, at one block
 * boundary, and nodes added in it start at the values it sets.
 */
class TransactionTest {

    private static final int BLOCK = 64;

    private static float peak(float[][] host) {
        float peak = 0f;
        for (float[] ch : host) {
            for (int i = 0; i < BLOCK; i++) {
                peak = Math.max(peak, Math.abs(ch[i]));
            }
        }
        return peak;
    }

    /** The case: before, 200 loud nodes muted in their batch sounded for 12 blocks at a peak of 184. */
    @ParameterizedTest(name = "{0} worker(s)")
    @ValueSource(ints = {1, 2})
    void aBatchOfAThousandMutedNodesIsSilentInEveryBlock(int workers) {
        try (Engine engine = TestNodes.engine().workers(workers).initialNodeCapacity(2048).build()) {
            float[][] host = new float[2][BLOCK];
            engine.process(host);
            engine.batch(e -> {
                for (int i = 0; i < 1000; i++) {
                    long n = e.add("test.loud");
                    e.connectOutput(n, 0, i & 1);
                    e.setParam(n, "amp", 0f, 20f); // a ramp, even: a new node starts at the value
                }
            });
            for (int block = 0; block < 40; block++) {
                engine.process(host);
                assertEquals(0f, peak(host), "block " + block);
            }
            assertEquals(1, engine.stats().commandsApplied(), "the whole batch was one message");
        }
    }

    @Test
    void everyChangeOfABatchToRunningNodesLandsAtTheSameBlock() {
        try (Engine engine = TestNodes.engine().initialNodeCapacity(1024).build()) {
            long[] nodes = new long[600];
            engine.batch(e -> {
                for (int i = 0; i < nodes.length; i++) {
                    nodes[i] = e.add("test.loud");
                    e.setParam(nodes[i], "amp", 0.001f, 0f);
                    e.connectOutput(nodes[i], 0, 0);
                }
            });
            float[][] host = new float[2][BLOCK];
            engine.process(host);
            assertEquals(0.6f, host[0][0], 1e-4f, "600 nodes at 0.001");
            long loud = engine.add("test.loud"); // full level, but not routed yet
            engine.process(host);
            long applied = engine.stats().commandsApplied();
            engine.batch(e -> {
                for (long n : nodes) {
                    e.setParam(n, "amp", 0f, 0f); // 600 changes: more than maxCommandsPerBlock (32) ever allowed
                }
                e.connectOutput(loud, 0, 0);
                e.setParam(loud, "amp", 0.5f, 0f);
            });
            engine.process(host);
            assertEquals(0.5f, host[0][0], "the mutes, the new route and its level arrive together");
            assertEquals(applied + 1, engine.stats().commandsApplied());
        }
    }

    @Test
    void aBatchWithMoreChangesThanTheCommandPoolCommitsWhole() {
        try (Engine engine = TestNodes.engine().commandCapacity(8).build()) {
            List<Long> nodes = new ArrayList<>();
            engine.batch(e -> {
                for (int i = 0; i < 100; i++) {
                    long n = e.add("test.loud");
                    e.connectOutput(n, 0, 0);
                    nodes.add(n);
                }
            });
            float[][] host = new float[2][BLOCK];
            engine.process(host);
            assertEquals(100f, host[0][0]);
            engine.batch(e -> {
                for (long n : nodes) {
                    e.setParam(n, "amp", 0.01f, 0f); // 100 changes through a pool of 8 commands
                }
            });
            engine.process(host);
            assertEquals(1f, host[0][0], 1e-4f);
            for (long n : nodes) {
                assertEquals(0.01f, engine.getParam(n, "amp"));
            }
        }
    }

    @Test
    void aBatchThatCannotBeSentFailsWholeWithATypedExceptionAndChangesNothing() {
        try (Engine engine = TestNodes.engine().commandCapacity(8).build()) {
            long n = engine.add("test.loud");
            engine.connectOutput(n, 0, 0);
            float[][] host = new float[2][BLOCK];
            engine.process(host);
            for (int i = 0; i < 8; i++) {
                engine.setParam(n, "amp", i, 0f); // nothing calls process: the ring fills
            }
            long[] before = engine.nodes();
            CommandQueueFullException e = assertThrows(CommandQueueFullException.class, () -> engine.batch(b -> {
                long m = b.add("test.loud");
                b.setParam(n, "amp", 99f, 0f);
                b.connectOutput(m, 0, 0);
            }));
            assertTrue(e.getMessage().contains("nothing changed"), e.getMessage());
            assertEquals(before.length, engine.nodes().length, "nothing added");
            assertEquals(7f, engine.getParamTarget(n, "amp"), "nothing set");
            assertEquals(1, engine.stats().refusedEdits());
            engine.process(host);
            assertEquals(7f, host[0][0], "the eight accepted changes, in order, and nothing else");
        }
    }

    @Test
    void aRestoredPatchStartsAtItsValuesInTheFirstBlock() {
        List<GraphSnapshot.NodeSnapshot> nodes = new ArrayList<>();
        List<GraphSnapshot.Output> outputs = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            nodes.add(new GraphSnapshot.NodeSnapshot("n" + i, "test.loud", Map.of("amp", 0f), null));
            outputs.add(new GraphSnapshot.Output("n" + i, 0, 0));
        }
        try (Engine engine = TestNodes.engine().initialNodeCapacity(512).build()) {
            engine.restore(new GraphSnapshot(48_000f, BLOCK, 2, 0, nodes, List.of(), outputs));
            float[][] host = new float[2][BLOCK];
            for (int block = 0; block < 20; block++) {
                engine.process(host);
                assertEquals(0f, peak(host), "block " + block);
            }
            assertEquals(1, engine.stats().commandsApplied(), "the restore was one message");
        }
    }

    @Test
    void aCommittedBatchThatOnlySetsParametersIsOneMessageToo() {
        try (Engine engine = TestNodes.engine().build()) {
            long a = engine.add("test.loud");
            long b = engine.add("test.loud");
            engine.connectOutput(a, 0, 0);
            engine.connectOutput(b, 0, 1);
            float[][] host = new float[2][BLOCK];
            engine.process(host);
            long applied = engine.stats().commandsApplied();
            try (EditBatch batch = engine.beginBatch()) {
                engine.setParam(a, "amp", 0.25f, 0f);
                engine.setParam(b, "amp", 0.75f, 0f);
                batch.commit();
            }
            engine.process(host);
            assertEquals(0.25f, host[0][0]);
            assertEquals(0.75f, host[1][0]);
            assertEquals(applied + 1, engine.stats().commandsApplied());
        }
    }
}
