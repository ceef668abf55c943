package org.aetherdsp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.aetherdsp.api.GraphSnapshot;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.SnapshotRequest;
import org.aetherdsp.core.graph.DuplicateConnectionException;
import org.aetherdsp.core.graph.Edge;
import org.junit.jupiter.api.Test;

/**
 * Feedback contents are engine state: a snapshot captures what each feedback connection holds
 * at the block boundary, and an engine restored from it continues bit for bit.
 */
class FeedbackSnapshotTest {

    private static final int BLOCK = 64;

    private static Engine.Builder engine(int workers) {
        return ParallelTestGraphs.engine(workers).nodeType(FeedbackTest.IMPULSE).blockSize(BLOCK);
    }

    /** Renders {@code before} blocks, snapshots, renders {@code after}; returns the snapshot and those blocks. */
    static GraphSnapshot renderAndSnapshot(Engine engine, int before, int after, float[][][] rendered) throws Exception {
        float[][] host = new float[2][BLOCK];
        for (int b = 0; b < before; b++) {
            engine.process(host);
        }
        SnapshotRequest request = engine.requestSnapshot();
        for (int b = 0; b < after; b++) {
            engine.process(rendered[b]); // the first block captures the state, at its start
        }
        return request.get(Duration.ofSeconds(5));
    }

    static void assertContinuesBitForBit(GraphSnapshot s, int workers, float[][][] expected, String what) {
        try (Engine restored = engine(workers).startingFrom(s).build()) {
            restored.restore(s);
            float[][] host = new float[2][BLOCK];
            for (int b = 0; b < expected.length; b++) {
                restored.process(host);
                for (int ch = 0; ch < 2; ch++) {
                    ParallelSchedulingTest.assertBitIdentical(expected[b][ch], host[ch],
                            what + ", " + workers + " worker(s), block " + b + " after restore, ch " + ch);
                }
            }
        }
    }

    @Test
    void aCombRestoredFromASnapshotContinuesItsDecayBitForBit() throws Exception {
        try (Engine engine = engine(1).build()) {
            engine.batch(e -> {
                long imp = e.add(FeedbackTest.IMPULSE.id());
                long add = e.add("test.add");
                long pass = e.add("test.pass");
                e.setParam(pass, "gain", 0.75f, 0f);
                e.connect(imp, 0, add, 0);
                e.connect(add, 0, pass, 0);
                e.connectFeedback(pass, 0, add, 1);
                e.connectOutput(add, 0, 0);
            });
            float[][][] after = new float[20][2][BLOCK];
            GraphSnapshot s = renderAndSnapshot(engine, 7, 20, after);
            GraphSnapshot.Connection fb = s.connections().stream().filter(GraphSnapshot.Connection::feedback).findFirst()
                    .orElseThrow();
            assertNotNull(fb.state(), "the capture holds the loop's contents");
            assertEquals(BLOCK, fb.state().length);
            // At the boundary before block 7 the line holds pass's output of block 6: 0.75^7 at frame 0.
            float expected = 1f;
            for (int k = 0; k < 7; k++) {
                expected *= 0.75f;
            }
            assertEquals(expected, fb.state()[0]);
            assertTrue(after[0][0][0] != 0f);
            assertContinuesBitForBit(s, 1, after, "comb");
            assertContinuesBitForBit(s, 2, after, "comb");
        }
    }

    @Test
    void randomGraphsWithFeedbackContinueBitForBitAfterRestore() throws Exception {
        for (int seed = 0; seed < 12; seed++) {
            Random r = new Random(1000 + seed);
            try (Engine engine = engine(seed % 3 + 1).build()) {
                ParallelTestGraphs.Twins twins = new ParallelTestGraphs.Twins(r, engine);
                twins.build(8 + r.nextInt(30));
                int loops = 0;
                for (int k = 0; k < 4 + r.nextInt(6); k++) {
                    int from = r.nextInt(twins.nodes.size());
                    int to = r.nextInt(twins.nodes.size());
                    if (twins.kinds.get(to).inputs() == 0) {
                        continue;
                    }
                    try {
                        engine.connectFeedback(ParallelTestGraphs.Twins.at(engine, twins.nodes.get(from)),
                                r.nextInt(twins.kinds.get(from).outputs()),
                                ParallelTestGraphs.Twins.at(engine, twins.nodes.get(to)), r.nextInt(twins.kinds.get(to).inputs()));
                        loops++;
                    } catch (DuplicateConnectionException ignored) {
                        // drawn twice
                    }
                }
                float[][][] after = new float[25][2][BLOCK];
                GraphSnapshot s = renderAndSnapshot(engine, 10 + r.nextInt(20), after.length, after);
                long withState = s.connections().stream().filter(c -> c.state() != null).count();
                assertEquals(engine.connections().stream().filter(Edge::feedback).count(), withState, "seed " + seed);
                assertTrue(loops == 0 || withState > 0, "seed " + seed);
                assertContinuesBitForBit(s, 1, after, "seed " + seed);
                assertContinuesBitForBit(s, 3, after, "seed " + seed);
            }
        }
    }

    @Test
    void aPatchFileFeedbackConnectionStartsSilentAndStateOfAnotherBlockSizeIsRefused() {
        GraphSnapshot patch = new GraphSnapshot(48_000f, BLOCK, 2, 0,
                List.of(new GraphSnapshot.NodeSnapshot("p", "test.pass", java.util.Map.of("gain", 0.5f), null)),
                List.of(new GraphSnapshot.Connection("p", 0, "p", 0, true)), List.of(new GraphSnapshot.Output("p", 0, 0)));
        try (Engine engine = engine(1).build()) {
            engine.restore(patch);
            assertEquals(1, engine.connections().size());
            assertTrue(engine.connections().get(0).feedback());
            float[][] host = new float[2][BLOCK];
            engine.process(host);
            assertEquals(0f, host[0][0]);
        }
        float[] state = new float[32];
        state[0] = 1f;
        GraphSnapshot small = new GraphSnapshot(48_000f, 32, 2, 0, patch.nodes(),
                List.of(new GraphSnapshot.Connection("p", 0, "p", 0, true, state)), patch.outputs());
        try (Engine engine = engine(1).build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> engine.restore(small));
            assertTrue(e.getMessage().contains("32 frames"), e.getMessage());
            assertEquals(0, engine.nodes().length, "nothing was added");
        }
        assertThrows(IllegalArgumentException.class, () -> new GraphSnapshot(48_000f, BLOCK, 2, 0, patch.nodes(),
                List.of(new GraphSnapshot.Connection("p", 0, "p", 0, true, state)), patch.outputs()), "a block of 32 in a 64-frame snapshot");
        assertThrows(IllegalArgumentException.class, () -> new GraphSnapshot.Connection("p", 0, "p", 0, false, state),
                "an ordinary connection carries no state");
        assertNull(new GraphSnapshot.Connection("a", 0, "b", 0).state());
    }
}
