package org.aetherdsp.core.arena;

import java.util.Arrays;

/**
 * Generational handles without values: O(1) {@link #allocate} and {@link #free}, handles
 * packing {@code generation << 32 | index}. {@link Arena} adds a value per handle.
 *
 * <p>The storage is primitive only, so allocating and freeing pay no garbage-collector write
 * barrier: one {@code int} generation per slot and the free slots as an {@code int} stack.
 * A slot's generation is odd while it is live and even while it is free; allocating and
 * freeing each add one. So a freed handle is stale at once, a reused slot carries a
 * generation no earlier handle had (until the 32-bit counter wraps after 2^31 reuses of that
 * one slot), and checking a handle is one comparison of the generation plus its low bit.
 * Handle {@link #NONE} is never issued (a live generation is odd, never 0).
 *
 * <p>Generations start at a base the owner chooses (0 by default): an engine gives each of its
 * graphs another base ({@code tag << 20} for one of 4,096 tags in turn), so that a handle issued
 * by another engine's allocator, with the same index and a generation from that engine's range,
 * does not match a slot here and is refused as stale, rather than taken for this engine's node.
 * That holds until a slot has been reused 2^19 times and its generations reach the next range.
 * The base costs nothing per operation: it is stored once, when a slot is first handed out.
 *
 * <p>Allocation does not allocate memory, except when it outgrows the capacity (the arrays
 * double). Freed slots are reused last-freed first. Not thread-safe: the control thread owns it.
 */
public class HandleAllocator {

    /** Handle value that never refers to anything. */
    public static final long NONE = 0L;

    private int[] generations;
    private int[] free;
    /** The generation a slot has before it is first handed out (even: free). */
    private final int base;
    private int freeTop;
    /** Slots [0, used) have been handed out at least once. */
    private int used;

    /**
     * @param initialCapacity slots available before the first growth, at least 1
     */
    public HandleAllocator(int initialCapacity) {
        this(initialCapacity, 0);
    }

    /**
     * @param initialCapacity slots available before the first growth, at least 1
     * @param base            the generation of a slot never handed out, even (a live generation is
     *                        odd); allocators with different bases issue different handles
     * @throws IllegalArgumentException if the capacity is below 1 or the base is odd
     */
    public HandleAllocator(int initialCapacity, int base) {
        if ((base & 1) != 0) {
            throw new IllegalArgumentException("a generation base must be even, got " + base);
        }
        this.base = base;
        if (initialCapacity < 1) {
            throw new IllegalArgumentException("initial capacity must be at least 1, got " + initialCapacity);
        }
        generations = new int[initialCapacity];
        free = new int[initialCapacity];
    }

    /**
     * A copy of another allocator's state: the same handles are live in both.
     *
     * @param other the allocator to copy
     */
    protected HandleAllocator(HandleAllocator other) {
        base = other.base;
        generations = other.generations.clone();
        free = other.free.clone();
        freeTop = other.freeTop;
        used = other.used;
    }

    /**
     * Hands out a slot.
     *
     * @return a handle that stays live until {@link #free} is called with it
     */
    public final long allocate() {
        int top = freeTop;
        int index;
        if (top > 0) {
            index = free[top - 1];
            freeTop = top - 1;
        } else {
            index = used;
            if (index == generations.length) {
                grow();
            }
            used = index + 1;
            generations[index] = base;
        }
        int[] g = generations;
        int generation = g[index] + 1;
        g[index] = generation;
        return handle(generation, index);
    }

    /**
     * The handle the next {@link #allocate} will return, for values that must know their own
     * handle before they are stored.
     *
     * @return the next handle
     */
    public final long nextHandle() {
        int index = freeTop > 0 ? free[freeTop - 1] : used;
        return handle((index < used ? generations[index] : base) + 1, index);
    }

    /**
     * @param handle a handle
     * @return whether it refers to a live slot
     */
    public final boolean isLive(long handle) {
        int index = index(handle);
        int[] g = generations;
        // Unsigned: a negative index is out of range too. Slots never handed out have generation 0.
        return Integer.compareUnsigned(index, g.length) < 0 && isLive(g[index], handle);
    }

    /** Live means: the generations are equal and odd (an even one in a forged handle matches a free slot). */
    private static boolean isLive(int generation, long handle) {
        return ((generation ^ generation(handle)) | (~generation & 1)) == 0;
    }

    /**
     * Frees the slot a handle refers to; the handle and every copy of it become stale.
     *
     * @param handle a handle
     * @return whether it was live (freeing a stale handle does nothing)
     */
    public final boolean free(long handle) {
        int index = index(handle);
        int[] g = generations;
        if (Integer.compareUnsigned(index, g.length) >= 0) {
            return false;
        }
        int generation = g[index];
        if (!isLive(generation, handle)) {
            return false;
        }
        g[index] = generation + 1;
        free[freeTop++] = index;
        return true;
    }

    /** @return the number of live handles */
    public final int size() {
        return used - freeTop;
    }

    /** @return the number of slots before the next growth */
    public final int capacity() {
        return generations.length;
    }

    /**
     * The upper bound of slot indices in use, for iterating with {@link #handleAt(int)}.
     *
     * @return one past the highest slot index ever handed out
     */
    public final int slotLimit() {
        return used;
    }

    /**
     * @param index a slot index below {@link #slotLimit()}
     * @return the live handle in that slot, or {@link #NONE} if the slot is free
     */
    public final long handleAt(int index) {
        int generation = generations[index];
        return (generation & 1) == 0 ? NONE : handle(generation, index);
    }

    private void grow() {
        int n = generations.length * 2;
        generations = Arrays.copyOf(generations, n);
        free = Arrays.copyOf(free, n);
    }

    /**
     * @param generation the generation
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
