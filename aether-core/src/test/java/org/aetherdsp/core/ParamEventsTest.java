package org.aetherdsp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.aetherdsp.api.GraphSnapshot;
import org.aetherdsp.core.arena.Arena;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.SnapshotRequest;
import org.aetherdsp.core.graph.UnknownParamException;
import org.aetherdsp.core.engine.ParamEvents;
import org.junit.jupiter.api.Test;

/**
 * Frame-stamped parameter changes ({@link Engine#paramEvents()}): each starts at its frame of
 * the next block, reaches the node as it is in the running plan, and a bad one is dropped.
 */
class ParamEventsTest {

    private static final int BLOCK = 64;

    /** {@code test.const} on host channel 0 writes its (smoothed) value param. */
    private static long constOnChannel0(Engine engine) {
        long c = engine.add("test.const");
        engine.connectOutput(c, 0, 0);
        return c;
    }

    @Test
    void aChangeStampedAtFrameKMovesTheParameterExactlyAtK() {
        try (Engine engine = TestNodes.engine().build()) {
            long c = constOnChannel0(engine);
            float[][] host = new float[2][BLOCK];
            engine.process(host);
            int value = engine.paramIndexOf(c, "value");
            for (int k : new int[] {1, 17, 63}) {
                float before = host[0][BLOCK - 1];
                float after = before + 2f;
                engine.paramEvents().offer(c, value, after, 0, k);
                engine.process(host);
                for (int i = 0; i < BLOCK; i++) {
                    assertEquals(i < k ? before : after, host[0][i], "k " + k + ", frame " + i);
                }
            }
        }
    }

    @Test
    void aStampedRampStartsAtItsFrameAndContinuesIntoTheNextBlock() {
        try (Engine engine = TestNodes.engine().build()) {
            long c = constOnChannel0(engine);
            float[][] host = new float[2][BLOCK];
            engine.process(host);
            engine.paramEvents().offer(c, 0, 100f, 32, 48); // frames 48..80 ramp 0 -> 100
            float[] out = new float[2 * BLOCK];
            engine.process(host);
            System.arraycopy(host[0], 0, out, 0, BLOCK);
            engine.process(host);
            System.arraycopy(host[0], 0, out, BLOCK, BLOCK);
            for (int i = 0; i < out.length; i++) {
                float expected = i < 48 ? 0f : i < 80 ? 100f * (i - 48) / 32f : 100f;
                assertEquals(expected, out[i], i < 80 ? 1e-3f : 0f, "frame " + i);
            }
        }
    }

    @Test
    void changesReachTheNodeAcrossPlanSwapsAndReplacement() {
        try (Engine engine = TestNodes.engine().build()) {
            long c = constOnChannel0(engine);
            float[][] host = new float[2][BLOCK];
            engine.process(host);
            long other = engine.add("test.const"); // a plan swap
            engine.replace(c);                      // a new slot for the same handle
            engine.process(host);
            engine.paramEvents().offer(c, 0, 3f, 0, 5);
            engine.process(host);
            assertEquals(0f, host[0][4]);
            assertEquals(3f, host[0][5]);
            engine.remove(other);
            engine.process(host);
            assertEquals(3f, host[0][0]);
            assertEquals(0, engine.paramEvents().dropped());
        }
    }

    @Test
    void aChangeForARemovedNodeABadIndexOrNaNIsDroppedAndCounted() {
        try (Engine engine = TestNodes.engine().build()) {
            long c = constOnChannel0(engine);
            long gone = engine.add("test.const");
            float[][] host = new float[2][BLOCK];
            engine.process(host);
            engine.remove(gone);
            long reused = engine.add("test.const"); // reuses the arena slot with a new generation
            engine.connectOutput(reused, 0, 1);
            engine.process(host);
            ParamEvents events = engine.paramEvents();
            events.offer(gone, 0, 5f, 0, 0);
            events.offer(c, 1, 5f, 0, 0);
            events.offer(c, -1, 5f, 0, 0);
            events.offer(c, 0, Float.NaN, 0, 0);
            engine.process(host);
            assertEquals(4, events.dropped());
            assertEquals(0f, host[0][0]);
            assertEquals(0f, host[1][0], "the stale handle must not reach the node now in its arena slot");
        }
    }

    @Test
    void valuesAreClampedIntoTheParameterRange() {
        try (Engine engine = TestNodes.engine().build()) {
            long c = constOnChannel0(engine);
            float[][] host = new float[2][BLOCK];
            engine.paramEvents().offer(c, 0, 5000f, 0, 0);
            engine.process(host);
            assertEquals(1000f, host[0][0]);
        }
    }

    @Test
    void aFullRingRefusesAndCounts() {
        try (Engine engine = TestNodes.engine().paramEventCapacity(2).build()) {
            long c = constOnChannel0(engine);
            ParamEvents events = engine.paramEvents();
            events.offer(c, 0, 1f, 0, 0);
            events.offer(c, 0, 2f, 0, 0);
            assertFalse(events.offer(c, 0, 3f, 0, 0));
            assertEquals(1, events.refused());
            float[][] host = new float[2][BLOCK];
            engine.process(host);
            assertEquals(2f, host[0][0]);
        }
    }

    @Test
    void paramIndexOfNamesTheParametersOfANodeThatHasNoSuchOne() {
        try (Engine engine = TestNodes.engine().build()) {
            long c = engine.add("test.const");
            assertEquals(0, engine.paramIndexOf(c, "value"));
            UnknownParamException e = assertThrows(UnknownParamException.class, () -> engine.paramIndexOf(c, "freq"));
            assertEquals(true, e.getMessage().contains("value"), e.getMessage());
        }
    }

    @Test
    void aSnapshotKeepsWhatAnEventSetAlthoughTheGraphModelNeverSawIt() throws Exception {
        try (Engine engine = TestNodes.engine().build()) {
            long c = constOnChannel0(engine);
            long other = constOnChannel0(engine);
            engine.setParam(other, "value", 0.25f, 0f); // through the model: must survive too
            float[][] host = new float[2][BLOCK];
            engine.process(host);
            engine.paramEvents().offer(c, engine.paramIndexOf(c, "value"), 3.5f, 0, 10);
            engine.process(host);
            assertEquals(0f, engine.getParamTarget(c, "value"), "the control-side target did not see the event (documented)");
            assertEquals(3.5f, engine.getParam(c, "value"), "what plays includes the event: read back from the RT side");

            SnapshotRequest r = engine.requestSnapshot();
            engine.process(host);
            GraphSnapshot s = r.get(Duration.ofSeconds(1));
            assertEquals(3.5f, paramOf(s, c), "the event's value is in the snapshot");
            assertEquals(0.25f, paramOf(s, other), "a control-side value is in the snapshot");
        }
    }

    private static float paramOf(GraphSnapshot s, long node) {
        return s.nodes().stream().filter(n -> n.id().equals(Arena.format(node))).findFirst().orElseThrow()
                .params().get("value");
    }
}
