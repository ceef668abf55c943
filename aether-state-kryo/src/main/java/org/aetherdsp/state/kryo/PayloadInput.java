package org.aetherdsp.state.kryo;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;

/**
 * A Kryo {@link Input} over a payload that is wholly in memory. When the payload is
 * exhausted, Kryo's own {@code require} first "compacts" the buffer (moves the unread bytes,
 * here none, to the start of the caller's array) and resets the position to 0 before it finds
 * there is nothing to refill from, so the error would report offset 0 instead of where the
 * data ended. Here a short read is simply the end: the position stays, and the caller's
 * array is never written.
 */
final class PayloadInput extends Input {

    PayloadInput(byte[] data, int offset, int length) {
        super(data, offset, length);
    }

    @Override
    protected int require(int required) {
        int remaining = limit - position;
        if (remaining < required) {
            throw new KryoException("Buffer underflow: " + required + " bytes needed, " + remaining + " remain");
        }
        return remaining;
    }

    @Override
    protected int optional(int optional) {
        return Math.min(limit - position, optional);
    }

    @Override
    protected int fill(byte[] buffer, int offset, int count) {
        return -1;
    }
}
