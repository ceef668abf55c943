package org.aetherdsp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.aetherdsp.core.arena.Arena;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.graph.StaleHandleException;
import org.junit.jupiter.api.Test;

/** A handle from another engine is refused, never taken for the node at the same index and generation. */
class ForeignHandleTest {

    @Test
    void aHandleFromAnotherEngineIsAStaleHandleExceptionAndChangesNothing() {
        Engine a = TestNodes.engine().build();
        Engine b = TestNodes.engine().build();
        long inA = a.add("test.const");
        long inB = b.add("test.const");
        assertEquals(Arena.index(inA), Arena.index(inB), "same slot");
        assertTrue(inA != inB, "before, two engines issued this very handle: each engine's generations now start in a range of its own");
        StaleHandleException e = assertThrows(StaleHandleException.class, () -> a.setParam(inB, "value", 0.5f, 0f));
        assertTrue(e.getMessage().contains("belongs to another engine"), e.getMessage());
        assertEquals(0f, a.getParam(inA, "value"), "a's own node is untouched");
        assertFalse(a.contains(inB));
        assertThrows(StaleHandleException.class, () -> a.remove(inB));
        assertThrows(StaleHandleException.class, () -> a.connectOutput(inB, 0, 0));
        assertEquals(1, a.nodes().length);
        // And the frame-stamped path drops it on the RT thread.
        a.connectOutput(inA, 0, 0);
        a.paramEvents().offer(inB, 0, 0.75f, 0, 0);
        float[][] host = new float[2][64];
        a.process(host);
        assertEquals(0f, host[0][0]);
        assertEquals(1, a.paramEvents().dropped());
    }
}
