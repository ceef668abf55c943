package org.aetherdsp.core.arena;

import java.util.Arrays;

/**
 * A generational arena: O(1) insert and remove, values addressed by {@code long} handles
 * packing {@code generation << 32 | index}.
 *
 * <p>Removing a value makes every handle to it stale; a slot that is reused later carries a
 * new generation, so an old handle never reaches the new value. Handle {@code 0} is never
 * issued, so it can stand for "no node". The handles are a {@link HandleAllocator}'s; the
 * values sit in a parallel array, written on insert and cleared on remove (so that the arena
 * never keeps a removed value alive).
 *
 * <p>Insert and remove do not allocate, except when {@link #insert} outgrows the capacity
 * (the arrays double). Not thread-safe: the control thread owns it.
 *
 * @param <T> the value type
 */
public final class Arena<T> extends HandleAllocator {

    private Object[] values;

    /**
     * @param initialCapacity slots available before the first growth, at least 1
     */
    public Arena(int initialCapacity) {
        this(initialCapacity, 0);
    }

    /**
     * @param initialCapacity slots available before the first growth, at least 1
     * @param base            the generation of a slot never handed out (see {@link HandleAllocator})
     */
    public Arena(int initialCapacity, int base) {
        super(initialCapacity, base);
        values = new Object[initialCapacity];
    }

    private Arena(Arena<T> other) {
        super(other);
        values = other.values.clone();
    }

    /**
     * Stores a value and returns its handle.
     *
     * @param value the value, not null
     * @return a handle that stays valid until {@link #remove} is called with it
     */
    public long insert(T value) {
        if (value == null) {
            throw new NullPointerException("arena values must not be null");
        }
        long handle = allocate();
        int index = index(handle);
        Object[] v = values;
        if (index >= v.length) {
            values = v = Arrays.copyOf(v, capacity());
        }
        v[index] = value;
        return handle;
    }

    /**
     * @param handle a handle
     * @return the value, or {@code null} if the handle is stale or was never issued
     */
    @SuppressWarnings("unchecked")
    public T get(long handle) {
        return isLive(handle) ? (T) values[index(handle)] : null;
    }

    /**
     * @param handle a handle
     * @return whether it refers to a live value
     */
    public boolean contains(long handle) {
        return isLive(handle);
    }

    /**
     * Removes the value a handle refers to; the handle and every copy of it become stale.
     *
     * @param handle a handle
     * @return the removed value, or {@code null} if the handle was already stale
     */
    @SuppressWarnings("unchecked")
    public T remove(long handle) {
        if (!free(handle)) {
            return null;
        }
        int index = index(handle);
        Object value = values[index];
        values[index] = null;
        return (T) value;
    }

    /**
     * A copy with the same handles, values shared (not copied).
     *
     * @return the copy
     */
    public Arena<T> copy() {
        return new Arena<>(this);
    }

    /**
     * Replaces the value of a live handle, keeping the handle.
     *
     * @param handle a live handle
     * @param value  the new value
     * @throws IllegalArgumentException if the handle is stale
     */
    public void replace(long handle, T value) {
        if (value == null) {
            throw new NullPointerException("arena values must not be null");
        }
        if (!isLive(handle)) {
            throw new IllegalArgumentException("stale handle " + format(handle));
        }
        values[index(handle)] = value;
    }
}
