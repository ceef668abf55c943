package org.aetherdsp.io.midi;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded single-producer single-consumer ring of MIDI short messages as primitives (a frame
 * stamp and the three bytes packed in an int), preallocated: offering and taking allocate
 * nothing, so either side may be an RT thread.
 *
 * <p>Memory ordering: the producer writes a slot, then publishes it with an ordered store of
 * {@code tail}; the consumer reads {@code tail} (a volatile load) before reading the slot, and
 * frees it with an ordered store of {@code head} after. Each index has one writer, so
 * {@code lazySet} after a plain read is enough.
 */
public final class MidiRing {

    private final long[] frames;
    private final int[] messages;
    private final int mask;
    private final AtomicLong head = new AtomicLong();
    private final AtomicLong tail = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    /** @param capacity events held at most; rounded up to a power of two */
    public MidiRing(int capacity) {
        if (capacity < 1 || capacity > (1 << 20)) {
            throw new IllegalArgumentException("MIDI ring capacity must be within 1..2^20, got " + capacity);
        }
        int size = Integer.highestOneBit(capacity - 1 == 0 ? 1 : capacity - 1) << 1;
        frames = new long[size];
        messages = new int[size];
        mask = size - 1;
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
        long t = tail.get();
        if (t - head.get() > mask) {
            dropped.lazySet(dropped.get() + 1);
            return false;
        }
        int i = (int) t & mask;
        frames[i] = frame;
        messages[i] = (status & 0xFF) | (data1 & 0x7F) << 8 | (data2 & 0x7F) << 16;
        tail.lazySet(t + 1);
        return true;
    }

    /** @return whether an event is waiting; consumer thread only */
    public boolean isEmpty() {
        return head.get() == tail.get();
    }

    /** @return the oldest event's stamp (the ring must not be empty); consumer thread only */
    public long peekFrame() {
        return frames[(int) head.get() & mask];
    }

    /** @return the oldest event's bytes, status | data1 << 8 | data2 << 16 (the ring must not be empty); consumer only */
    public int peekMessage() {
        return messages[(int) head.get() & mask];
    }

    /** Drops the oldest event; consumer thread only. */
    public void remove() {
        head.lazySet(head.get() + 1);
    }

    /** @return events dropped because the ring was full; any thread */
    public long dropped() {
        return dropped.get();
    }
}
