package org.aetherdsp.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SpscRingTest {

    @Test
    void capacityIsRoundedUpToAPowerOfTwo() {
        assertEquals(1, new SpscRing(1).capacity());
        assertEquals(8, new SpscRing(5).capacity());
        assertEquals(1024, new SpscRing(1024).capacity());
        assertThrows(IllegalArgumentException.class, () -> new SpscRing(0));
    }

    @Test
    void aFullRingHasNoRoomUntilTheConsumerReleasesAndSlotsWrapAround() {
        SpscRing ring = new SpscRing(4);
        long[] slots = new long[ring.capacity()];
        for (long v = 0; v < 4; v++) {
            assertTrue(ring.writable() > 0);
            slots[ring.producerSlot(0)] = v;
            ring.publish(1);
        }
        assertEquals(0, ring.writable(), "full");
        assertEquals(4, ring.readable());
        assertEquals(0, slots[ring.consumerSlot(0)]);
        ring.release(2);
        assertEquals(2, ring.writable(), "two freed");
        slots[ring.producerSlot(0)] = 4;
        slots[ring.producerSlot(1)] = 5;
        ring.publish(2);
        assertEquals(4, ring.size());
        long expected = 2;
        int n = ring.readable();
        for (int k = 0; k < n; k++) {
            assertEquals(expected++, slots[ring.consumerSlot(k)]);
        }
        ring.release(n);
        assertEquals(0, ring.readable());
        assertEquals(6, ring.producerIndex());
        assertEquals(6, ring.consumerIndex());
    }

    /** Two threads, seeded batch sizes on both sides: every value arrives once, in order, complete. */
    @Test
    void aProducerAndAConsumerOnTwoThreadsLoseAndReorderNothing() throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            SpscRing ring = new SpscRing(64);
            long[] a = new long[ring.capacity()];
            long[] b = new long[ring.capacity()];
            final long total = 2_000_000;
            AtomicReference<String> wrong = new AtomicReference<>();
            SplittableRandom seeds = new SplittableRandom(seed);
            SplittableRandom producerRandom = seeds.split();
            SplittableRandom consumerRandom = seeds.split();
            Thread producer = new Thread(() -> {
                long next = 0;
                while (next < total) {
                    int room = ring.writable();
                    int n = (int) Math.min(Math.min(room, 1 + producerRandom.nextInt(16)), total - next);
                    for (int k = 0; k < n; k++) {
                        int slot = ring.producerSlot(k);
                        a[slot] = next + k;
                        b[slot] = ~(next + k); // two fields per slot: both must be seen
                    }
                    ring.publish(n);
                    next += n;
                }
            });
            producer.start();
            long expected = 0;
            while (expected < total) {
                int n = Math.min(ring.readable(), 1 + consumerRandom.nextInt(16));
                for (int k = 0; k < n; k++) {
                    int slot = ring.consumerSlot(k);
                    if (a[slot] != expected || b[slot] != ~expected) {
                        wrong.compareAndSet(null, "expected " + expected + ", slot held " + a[slot] + "/" + ~b[slot]);
                    }
                    expected++;
                }
                ring.release(n);
            }
            producer.join();
            assertEquals(null, wrong.get(), "seed " + seed);
            assertEquals(total, ring.consumerIndex());
        }
    }
}
