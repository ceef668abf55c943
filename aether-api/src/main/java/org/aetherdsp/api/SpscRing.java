package org.aetherdsp.api;

import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * The two indices of a bounded single-producer single-consumer ring whose slots live in the
 * caller's own preallocated arrays (one array per field, primitives, so nothing is boxed): the
 * one primitive behind every real-time hand-off in Aether, such as frame-stamped parameter
 * events, MIDI from a driver callback, and audio a recorder node passes to the control side.
 * Offering and taking allocate nothing and never block, so either side may be an RT thread.
 *
 * <pre>{@code
 * // producer                                   // consumer
 * if (ring.writable() > 0) {                    int n = ring.readable();
 *     int slot = ring.producerSlot(0);          for (int k = 0; k < n; k++) {
 *     frames[slot] = frame;                         int slot = ring.consumerSlot(k);
 *     values[slot] = value;                         use(frames[slot], values[slot]);
 *     ring.publish(1);                          }
 * } else {                                      ring.release(n);
 *     dropped++;
 * }
 * }</pre>
 *
 * <h2>Memory ordering</h2>
 * Each index has exactly one writer: the producer index is written only by the producer, the
 * consumer index only by the consumer. The producer writes its slots with plain stores, then
 * publishes them with a release store of the producer index ({@link #publish}, a
 * {@code lazySet}: no fence on x86); the consumer reads the producer index with a volatile load
 * ({@link #readable}, at least an acquire) before it reads a slot, so
 * every slot below the index it saw is complete. Symmetrically, the consumer reads its slots,
 * then frees them with a release store of the consumer index ({@link #release}); the producer
 * reads it with an acquire load before it overwrites a slot, so it never overwrites one still
 * being read. Release/acquire is enough because no thread needs to see the two indices in a
 * single global order: each side only needs the other's progress, and a stale value is merely
 * conservative (fewer slots look free or full than are).
 *
 * <p>The indices sit on cache lines of their own (padded, as in JCTools), so the producer and
 * the consumer never write the same line: no false sharing between an RT thread and its peer.
 * Each count ({@link #writable}, {@link #readable}) reads the other side's index once, so it is
 * exact as of that read; the rings here move a few hundred events or a block of audio per call,
 * where one load of a shared line per call costs nothing worth caching away.
 *
 * <h2>Threads</h2>
 * One producer thread and one consumer thread at a time (which may be the same thread). The
 * producer calls {@link #writable}, {@link #producerSlot}, {@link #producerIndex} and
 * {@link #publish}; the consumer {@link #readable}, {@link #consumerSlot},
 * {@link #consumerIndex} and {@link #release}; {@link #size} and {@link #capacity} are for any
 * thread.
 */
public final class SpscRing extends SpscRingPadAfterConsumer {

    // Field updaters rather than VarHandles: a VarHandle call site links its method handles the
    // first time it runs, on the calling thread, which allocates kilobytes on the RT thread.
    private static final AtomicLongFieldUpdater<SpscRingProducer> PRODUCER_INDEX =
            AtomicLongFieldUpdater.newUpdater(SpscRingProducer.class, "producerIndex");
    private static final AtomicLongFieldUpdater<SpscRingConsumer> CONSUMER_INDEX =
            AtomicLongFieldUpdater.newUpdater(SpscRingConsumer.class, "consumerIndex");

    private final int capacity;
    private final int mask;

    /**
     * @param capacity slots, at least 1; rounded up to a power of two
     * @throws IllegalArgumentException if capacity is not within 1..2^30
     */
    public SpscRing(int capacity) {
        if (capacity < 1 || capacity > (1 << 30)) {
            throw new IllegalArgumentException("ring capacity must be within 1..2^30, got " + capacity);
        }
        this.capacity = capacity == 1 ? 1 : Integer.highestOneBit(capacity - 1) << 1;
        this.mask = this.capacity - 1;
    }

    /** @return the number of slots: the length the caller's arrays must have */
    public int capacity() {
        return capacity;
    }

    // ---------------------------------------------------------------- producer

    /**
     * Slots the producer may write now. Producer thread.
     *
     * @return free slots, from 0 to {@link #capacity()}
     */
    public int writable() {
        return (int) (CONSUMER_INDEX.get(this) + capacity - producerIndex);
    }

    /** @return the index the producer writes next (all indices ever published); producer thread */
    public long producerIndex() {
        return producerIndex;
    }

    /**
     * @param offset 0 for the next slot to write, up to {@link #writable()} - 1
     * @return the array position of that slot
     */
    public int producerSlot(int offset) {
        return (int) (producerIndex + offset) & mask;
    }

    /**
     * Makes the next {@code n} written slots visible to the consumer (a release store).
     * Producer thread, after writing them; {@code n} must not exceed {@link #writable()}.
     *
     * @param n slots written
     */
    public void publish(int n) {
        PRODUCER_INDEX.lazySet(this, producerIndex + n);
    }

    // ---------------------------------------------------------------- consumer

    /**
     * Slots the consumer may read now. Consumer thread.
     *
     * @return published slots not yet released, from 0 to {@link #capacity()}
     */
    public int readable() {
        return (int) (PRODUCER_INDEX.get(this) - consumerIndex);
    }

    /** @return the index the consumer reads next (all indices ever released); consumer thread */
    public long consumerIndex() {
        return consumerIndex;
    }

    /**
     * @param offset 0 for the oldest unread slot, up to {@link #readable()} - 1
     * @return the array position of that slot
     */
    public int consumerSlot(int offset) {
        return (int) (consumerIndex + offset) & mask;
    }

    /**
     * Frees the {@code n} oldest slots for the producer (a release store). Consumer thread,
     * after reading them; {@code n} must not exceed {@link #readable()}.
     *
     * @param n slots read
     */
    public void release(int n) {
        CONSUMER_INDEX.lazySet(this, consumerIndex + n);
    }

    /**
     * @return slots published and not yet released, as seen from any thread (a moment's view:
     *         either side may move on at once)
     */
    public int size() {
        // Consumer first: the producer index read after it is at least as new, so the
        // difference is never negative, and it never exceeds the capacity.
        long c = CONSUMER_INDEX.get(this);
        long p = PRODUCER_INDEX.get(this);
        return (int) Math.min(capacity, p - c);
    }
}

/** Padding in front of the producer's fields: a cache line (and one more against adjacent-line prefetch). */
@SuppressWarnings("unused")
abstract class SpscRingPadBeforeProducer {
    long p00, p01, p02, p03, p04, p05, p06, p07;
    long p10, p11, p12, p13, p14, p15, p16, p17;
}

/** What only the producer writes. */
abstract class SpscRingProducer extends SpscRingPadBeforeProducer {
    /** Written by the producer (a release store, {@code lazySet}, in publish), read by the consumer. */
    volatile long producerIndex;
}

/** Padding between the producer's and the consumer's fields. */
@SuppressWarnings("unused")
abstract class SpscRingPadBetween extends SpscRingProducer {
    long p20, p21, p22, p23, p24, p25, p26, p27;
    long p30, p31, p32, p33, p34, p35, p36, p37;
}

/** What only the consumer writes. */
abstract class SpscRingConsumer extends SpscRingPadBetween {
    /** Written by the consumer (a release store, {@code lazySet}, in release), read by the producer. */
    volatile long consumerIndex;
}

/** Padding after the consumer's fields, so that what follows in the heap does not share their line. */
@SuppressWarnings("unused")
abstract class SpscRingPadAfterConsumer extends SpscRingConsumer {
    long p40, p41, p42, p43, p44, p45, p46, p47;
    long p50, p51, p52, p53, p54, p55, p56, p57;
}
