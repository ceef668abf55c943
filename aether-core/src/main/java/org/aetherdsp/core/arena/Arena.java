package org.aetherdsp.core.arena;

import java.util.Arrays;

/**
 * A generational arena: O(1) insert and remove, values addressed by {@code long} handles
 * packing {@code generation << 32 | index}.
 *
 * <p>Removing a value bumps its slot's generation, so every handle to it becomes stale;
 * a slot that is reused later carries a new generation, so an old handle never reaches the
 * new value. Handle {@code 0} is never issued (generations start at 1), so it can stand for
 * "no node".
 *
 * <p>Insert and remove do not allocate, except when {@link #insert} outgrows the
 * capacity (the arrays double). Not thread-safe: the control thread owns it.
 *
 * @param <T> the value type
 */
public final class Arena<T> {

    /** Handle value that never refers to anything. */
    public static final long NONE = 0L;

    private Object[] values;
    private int[] generations;
    private int[] free;
    private int freeTop;
    /** Slots [0, used) have been handed out at least once. */
    private int used;
    private int size;

    /**
     * @param initialCapacity slots available before the first growth, at least 1
     */
    public Arena(int initialCapacity) {
        if (initialCapacity < 1) {
            throw new IllegalArgumentException("initial capacity must be at least 1, got " + initialCapacity);
        }
        values = new Object[initialCapacity];
        generations = new int[initialCapacity];
        Arrays.fill(generations, 1);
        free = new int[initialCapacity];
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
        int index;
        if (freeTop > 0) {
            index = free[--freeTop];
        } else {
            if (used == values.length) {
                grow();
            }
            index = used++;
        }
        values[index] = value;
        size++;
        return handle(generations[index], index);
    }

    /**
     * The handle the next {@link #insert} will return, for values that must know their own
     * handle before they are inserted.
     *
     * @return the next handle
     */
    public long nextHandle() {
        if (freeTop > 0) {
            int index = free[freeTop - 1];
            return handle(generations[index], index);
        }
        return handle(used < generations.length ? generations[used] : 1, used);
    }

    /**
     * @param handle a handle
     * @return the value, or {@code null} if the handle is stale or was never issued
     */
    @SuppressWarnings("unchecked")
    public T get(long handle) {
        int index = index(handle);
        if (index < 0 || index >= used || generations[index] != generation(handle)) {
            return null;
        }
        return (T) values[index];
    }

    /**
     * @param handle a handle
     * @return whether it refers to a live value
     */
    public boolean contains(long handle) {
        return get(handle) != null;
    }

    /**
     * Removes the value a handle refers to; the handle and every copy of it become stale.
     *
     * @param handle a handle
     * @return the removed value, or {@code null} if the handle was already stale
     */
    public T remove(long handle) {
        T value = get(handle);
        if (value == null) {
            return null;
        }
        int index = index(handle);
        values[index] = null;
        int next = generations[index] + 1;
        // Generations are compared for equality only; skipping 0 keeps handle 0 invalid.
        generations[index] = next == 0 ? 1 : next;
        free[freeTop++] = index;
        size--;
        return value;
    }

    /** @return the number of live values */
    public int size() {
        return size;
    }

    /** @return the number of slots before the next growth */
    public int capacity() {
        return values.length;
    }

    /**
     * The upper bound of slot indices in use, for iterating with {@link #handleAt(int)}.
     *
     * @return one past the highest slot index ever handed out
     */
    public int slotLimit() {
        return used;
    }

    /**
     * @param index a slot index below {@link #slotLimit()}
     * @return the handle of the value in that slot, or {@link #NONE} if the slot is empty
     */
    public long handleAt(int index) {
        return values[index] == null ? NONE : handle(generations[index], index);
    }

    /**
     * A copy with the same handles, values shared (not copied).
     *
     * @return the copy
     */
    public Arena<T> copy() {
        Arena<T> c = new Arena<>(values.length);
        c.values = values.clone();
        c.generations = generations.clone();
        c.free = free.clone();
        c.freeTop = freeTop;
        c.used = used;
        c.size = size;
        return c;
    }

    /**
     * Replaces the value of a live handle, keeping the handle.
     *
     * @param handle a live handle
     * @param value  the new value
     * @throws IllegalArgumentException if the handle is stale
     */
    public void replace(long handle, T value) {
        if (get(handle) == null) {
            throw new IllegalArgumentException("stale handle " + format(handle));
        }
        values[index(handle)] = value;
    }

    private void grow() {
        int n = values.length * 2;
        values = Arrays.copyOf(values, n);
        int old = generations.length;
        generations = Arrays.copyOf(generations, n);
        Arrays.fill(generations, old, n, 1);
        free = Arrays.copyOf(free, n);
    }

    /**
     * @param generation the generation, non-zero
     * @param index      the slot index
     * @return the packed handle
     */
    public static long handle(int generation, int index) {
        return (long) generation << 32 | (index & 0xffff_ffffL);
    }

    /**
     * @param handle a handle
     * @return its slot index
     */
    public static int index(long handle) {
        return (int) handle;
    }

    /**
     * @param handle a handle
     * @return its generation
     */
    public static int generation(long handle) {
        return (int) (handle >>> 32);
    }

    /**
     * @param handle a handle
     * @return {@code index:generation}, the form used in messages
     */
    public static String format(long handle) {
        return index(handle) + ":" + Integer.toUnsignedString(generation(handle));
    }
}
