package org.aetherdsp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.aetherdsp.core.arena.Arena;
import org.aetherdsp.core.arena.HandleAllocator;
import org.junit.jupiter.api.Test;

class ArenaTest {

    @Test
    void insertedValueIsFoundByItsHandle() {
        Arena<String> a = new Arena<>(4);
        long h = a.insert("x");
        assertSame("x", a.get(h));
        assertTrue(a.contains(h));
        assertEquals(1, a.size());
    }

    @Test
    void handleIsStaleAfterRemoveEvenWhenTheSlotIsReused() {
        Arena<String> a = new Arena<>(4);
        long old = a.insert("old");
        assertSame("old", a.remove(old));
        long fresh = a.insert("new");
        assertEquals(Arena.index(old), Arena.index(fresh), "the slot is reused");
        assertNotEquals(old, fresh, "with a new generation");
        assertNull(a.get(old));
        assertFalse(a.contains(old));
        assertNull(a.remove(old), "removing through a stale handle does nothing");
        assertSame("new", a.get(fresh));
    }

    @Test
    void handleZeroAndForeignHandlesAreNeverValid() {
        Arena<String> a = new Arena<>(4);
        a.insert("x");
        assertNull(a.get(Arena.NONE));
        assertNull(a.get(Arena.handle(1, 3)), "slot never handed out");
        assertNull(a.get(Arena.handle(1, -1)));
        assertNull(a.get(Arena.handle(7, 0)), "wrong generation");
    }

    @Test
    void aForgedHandleWithAFreeSlotsGenerationIsNotLive() {
        Arena<String> a = new Arena<>(4);
        long h = a.insert("x");
        a.remove(h);
        // The slot is free with the generation after h's; a handle carrying it must not pass.
        long forged = Arena.handle(Arena.generation(h) + 1, Arena.index(h));
        assertNull(a.get(forged));
        assertFalse(a.contains(forged));
        assertNull(a.remove(forged));
        assertEquals(0, a.size());
        assertEquals(Arena.NONE, a.handleAt(Arena.index(h)));
    }

    @Test
    void handleAllocatorFreesOnceAndCountsLiveHandles() {
        HandleAllocator a = new HandleAllocator(2);
        long x = a.allocate();
        long y = a.allocate();
        long z = a.allocate(); // grows
        assertEquals(3, a.size());
        assertTrue(a.free(y));
        assertFalse(a.free(y), "a second free of the same handle does nothing");
        assertFalse(a.isLive(y));
        assertEquals(2, a.size());
        assertEquals(a.nextHandle(), a.allocate());
        assertTrue(a.isLive(x) && a.isLive(z));
        assertEquals(3, a.slotLimit());
    }

    @Test
    void nextHandleIsWhatInsertReturns() {
        Arena<String> a = new Arena<>(1);
        for (int i = 0; i < 10; i++) {
            long expected = a.nextHandle();
            long h = a.insert("v" + i);
            assertEquals(expected, h);
            if (i % 3 == 0) {
                a.remove(h);
            }
        }
    }

    @Test
    void growsPastItsInitialCapacityKeepingHandles() {
        Arena<Integer> a = new Arena<>(2);
        long[] h = new long[100];
        for (int i = 0; i < 100; i++) {
            h[i] = a.insert(i);
        }
        for (int i = 0; i < 100; i++) {
            assertEquals(i, a.get(h[i]));
        }
    }

    @Test
    void randomInsertRemoveAgreesWithAMap() {
        Random r = new Random(42);
        Arena<Integer> a = new Arena<>(8);
        Map<Long, Integer> ref = new HashMap<>();
        java.util.List<Long> removed = new java.util.ArrayList<>();
        for (int step = 0; step < 20_000; step++) {
            if (ref.isEmpty() || r.nextInt(3) > 0) {
                int v = r.nextInt();
                ref.put(a.insert(v), v);
            } else {
                Long h = ref.keySet().iterator().next();
                assertEquals(ref.remove(h), a.remove(h));
                removed.add(h);
            }
        }
        assertEquals(ref.size(), a.size());
        ref.forEach((h, v) -> assertEquals(v, a.get(h)));
        for (long h : removed) {
            assertNull(a.get(h), "removed handle " + Arena.format(h) + " must stay stale");
        }
    }

    @Test
    void insertAndRemoveDoNotAllocateWithinCapacity() {
        Arena<String> a = new Arena<>(1024);
        long[] handles = new long[1000];
        String v = "v";
        long[] perRound = new long[8];
        for (int round = 0; round < perRound.length; round++) {
            perRound[round] = Allocation.measure(() -> {
                for (int rep = 0; rep < 200; rep++) {
                    for (int i = 0; i < 1000; i++) {
                        handles[i] = a.insert(v);
                    }
                    for (int i = 0; i < 1000; i++) {
                        a.remove(handles[i]);
                    }
                }
            });
        }
        assertEquals(0, perRound[perRound.length - 1], "bytes allocated in the last round: " + java.util.Arrays.toString(perRound));
        assertEquals(0, perRound[perRound.length - 2], "bytes allocated per round: " + java.util.Arrays.toString(perRound));
    }
}
