/**
 * Generational handles: {@link org.aetherdsp.core.arena.HandleAllocator} hands out
 * {@code long} handles in O(1) that go stale when freed, and {@link org.aetherdsp.core.arena.Arena}
 * keeps a value per handle.
 *
 * <p>Threads: the control side only, one thread at a time (the engine's lock). Nothing here runs
 * on the RT thread; the RT side finds nodes through the plan it runs.
 */
package org.aetherdsp.core.arena;
