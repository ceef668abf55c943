package org.aetherdsp.io.midi;

import java.util.concurrent.atomic.AtomicLong;
import org.aetherdsp.api.SpscRing;

/**
 * A bounded single-producer single-consumer queue of MIDI short messages as primitives (a frame
 * stamp and the three bytes packed in an int): an {@link SpscRing} over two preallocated arrays.
 * Offering and taking allocate nothing, so either side may be an RT thread; the memory ordering
 * is the ring's.
 */
public final class MidiRing {

    private final SpscRing ring;
    private final long[] frames;
    private final int[] messages;
    /** Producer side only: events refused because the ring was full (plain read, release store). */
    private final AtomicLong dropped = new AtomicLong();

    /** @param capacity events held at most; rounded up to a power of two */
    public MidiRing(int capacity) {
        if (capacity < 1 || capacity > (1 << 20)) {
            throw new IllegalArgumentException("MIDI ring capacity must be within 1..2^20, got " + capacity);
        }
        ring = new SpscRing(capacity);
        frames = new long[ring.capacity()];
        messages = new int[ring.capacity()];
    }

    /**
     * Adds an event; drops it (counted) when the ring is full. Producer thread only.
     *
     * @param frame  its time stamp
     * @param status status byte
     * @param data1  first data byte
     * @param data2  second data byte
     * @return false if it was dropped
     */
    public boolean offer(long frame, int status, int data1, int data2) {
        if (ring.writable() == 0) {
            dropped.lazySet(dropped.get() + 1);
            return false;
        }
        int i = ring.producerSlot(0);
        frames[i] = frame;
        messages[i] = (status & 0xFF) | (data1 & 0x7F) << 8 | (data2 & 0x7F) << 16;
        ring.publish(1);
        return true;
    }

    /** @return whether an event can be offered without being dropped; producer thread only */
    public boolean hasRoom() {
        return ring.writable() > 0;
    }

    /** @return whether no event is waiting; consumer thread only */
    public boolean isEmpty() {
        return ring.readable() == 0;
    }

    /** @return the oldest event's stamp (the ring must not be empty); consumer thread only */
    public long peekFrame() {
        return frames[ring.consumerSlot(0)];
    }

    /** @return the oldest event's bytes, status | data1 << 8 | data2 << 16 (the ring must not be empty); consumer only */
    public int peekMessage() {
        return messages[ring.consumerSlot(0)];
    }

    /** Drops the oldest event; consumer thread only. */
    public void remove() {
        ring.release(1);
    }

    /** @return events dropped because the ring was full; any thread */
    public long dropped() {
        return dropped.get();
    }
}
