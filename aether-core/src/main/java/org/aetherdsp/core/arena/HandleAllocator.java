package org.aetherdsp.core.arena;

import java.util.Arrays;

/**
 * Generational handles without values: O(1) {@link #allocate} and {@link #free}, handles
 * packing {@code generation << 32 | tag << 20 | index}. {@link Arena} adds a value per handle.
 *
 * <p>The tag (12 bits) names the allocator that issued a handle, so that a handle from another
 * allocator (another engine's graph) is refused rather than taken for the slot with its index and
 * generation: one allocator's handles are never live in another with a different tag. Tags are
 * chosen by the owner (an engine takes the next of 4,096 in turn); 0 is the default. The index
 * takes the low 20 bits: an allocator holds at most {@value #MAX_SLOTS} handles.
 *
 * <p>The storage is primitive only, so allocating and freeing pay no garbage-collector write
 * barrier: one {@code int} generation per slot and the free slots as an {@code int} stack.
 * A slot's generation is odd while it is live and even while it is free; allocating and
 * freeing each add one. So a freed handle is stale at once, a reused slot carries a
 * generation no earlier handle had (until the 32-bit counter wraps after 2^31 reuses of that
 * one slot), and checking a handle is one comparison of the generation plus its low bit.
 * Handle {@link #NONE} is never issued (a live generation is odd, never 0).
 *
 * <p>Allocation does not allocate memory, except when it outgrows the capacity (the arrays
 * double). Freed slots are reused last-freed first. Not thread-safe: the control thread owns it.
 */
public class HandleAllocator {

    /** Handle value that never refers to anything. */
    public static final long NONE = 0L;
    /** The most handles one allocator holds at once: the index takes 20 bits of a handle. */
    public static final int MAX_SLOTS = 1 << 20;
    /** The largest tag: tags take 12 bits. */
    public static final int MAX_TAG = 0xfff;
    private static final int INDEX_BITS = 20;
    private static final int INDEX_MASK = MAX_SLOTS - 1;

    private final int tag;

    private int[] generations;
    private int[] free;
    private int freeTop;
    /** Slots [0, used) have been handed out at least once. */
    private int used;

    /**
     * @param initialCapacity slots available before the first growth, 1 to {@link #MAX_SLOTS}
     */
    public HandleAllocator(int initialCapacity) {
        this(initialCapacity, 0);
    }

    /**
     * @param initialCapacity slots available before the first growth, 1 to {@link #MAX_SLOTS}
     * @param tag             the tag of every handle this allocator issues, 0 to {@link #MAX_TAG}
     */
    public HandleAllocator(int initialCapacity, int tag) {
        if (initialCapacity < 1 || initialCapacity > MAX_SLOTS) {
            throw new IllegalArgumentException("initial capacity must be within 1.." + MAX_SLOTS + ", got " + initialCapacity);
        }
        if (tag < 0 || tag > MAX_TAG) {
            throw new IllegalArgumentException("tag must be within 0.." + MAX_TAG + ", got " + tag);
        }
        this.tag = tag;
        generations = new int[initialCapacity];
        free = new int[initialCapacity];
    }

    /**
     * A copy of another allocator's state: the same handles are live in both.
     *
     * @param other the allocator to copy
     */
    protected HandleAllocator(HandleAllocator other) {
        tag = other.tag;
        generations = other.generations.clone();
        free = other.free.clone();
        freeTop = other.freeTop;
        used = other.used;
    }

    /**
     * Hands out a slot.
     *
     * @return a handle that stays live until {@link #free} is called with it
     * @throws IllegalStateException if {@link #MAX_SLOTS} handles are live
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
        }
        int[] g = generations;
        int generation = g[index] + 1;
        g[index] = generation;
        return handleOf(generation, index);
    }

    /**
     * The handle the next {@link #allocate} will return, for values that must know their own
     * handle before they are stored.
     *
     * @return the next handle
     */
    public final long nextHandle() {
        int index = freeTop > 0 ? free[freeTop - 1] : used;
        return handleOf(index < generations.length ? generations[index] + 1 : 1, index);
    }

    /**
     * @param handle a handle
     * @return whether it refers to a live slot
     */
    public final boolean isLive(long handle) {
        int index = index(handle);
        int[] g = generations;
        // Slots never handed out have generation 0. A handle of another tag is never live here.
        return index < g.length && tag(handle) == tag && isLive(g[index], handle);
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
        if (index >= g.length || tag(handle) != tag) {
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
        return (generation & 1) == 0 ? NONE : handleOf(generation, index);
    }

    /** @return the tag of this allocator's handles */
    public final int tag() {
        return tag;
    }

    /**
     * @param handle a handle
     * @return whether this allocator (its tag) issued it, live or not
     */
    public final boolean issued(long handle) {
        return tag(handle) == tag;
    }

    private long handleOf(int generation, int index) {
        return (long) generation << 32 | (long) tag << INDEX_BITS | index;
    }

    private void grow() {
        if (generations.length == MAX_SLOTS) {
            throw new IllegalStateException("an arena holds at most " + MAX_SLOTS + " handles at once");
        }
        int n = Math.min(MAX_SLOTS, generations.length * 2);
        generations = Arrays.copyOf(generations, n);
        free = Arrays.copyOf(free, n);
    }

    /**
     * @param generation the generation
     * @param index      the slot index, below {@link #MAX_SLOTS}
     * @return the packed handle, with tag 0
     */
    public static long handle(int generation, int index) {
        return (long) generation << 32 | (index & INDEX_MASK);
    }

    /**
     * @param handle a handle
     * @return its slot index
     */
    public static int index(long handle) {
        return (int) handle & INDEX_MASK;
    }

    /**
     * @param handle a handle
     * @return the tag of the allocator that issued it
     */
    public static int tag(long handle) {
        return (int) handle >>> INDEX_BITS;
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
