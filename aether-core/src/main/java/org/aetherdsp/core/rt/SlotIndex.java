package org.aetherdsp.core.rt;

import java.util.Arrays;
import org.aetherdsp.core.arena.Arena;

/**
 * A plan's nodes by the arena index of their handle ({@link Arena#index}): how a frame-stamped
 * event, which names its node by handle, finds it in O(1). Built on the control side when the
 * plan is sealed, read by the RT thread.
 */
final class SlotIndex {

    private static final NodeSlot[] NO_SLOTS = {};
    /** Arena indices at or above this are not indexed (no engine holds that many nodes). */
    private static final int MAX_INDEXED = 1 << 24;

    private NodeSlot[] byIndex = NO_SLOTS;
    /** Per entry, the fill that last set it (control thread only). */
    private int[] indexedIn = new int[0];
    private int fills;

    /**
     * Points the index at the first {@code n} slots, writing only entries that change: a stamp
     * per entry says which fill set it, and entries from earlier fills are cleared.
     *
     * @param slots the plan's slots by position
     * @param arenaIndex per position, its slot's {@link Arena#index} (read without loading each slot)
     * @param n     how many positions
     */
    void index(NodeSlot[] slots, int[] arenaIndex, int n) {
        int maxIndex = -1;
        for (int i = 0; i < n; i++) {
            int index = arenaIndex[i];
            if (index >= 0 && index < MAX_INDEXED) {
                maxIndex = Math.max(maxIndex, index);
            }
        }
        if (byIndex.length <= maxIndex) {
            int capacity = Math.max(maxIndex + 1, byIndex.length + (byIndex.length >> 1));
            byIndex = Arrays.copyOf(byIndex, capacity);
            indexedIn = Arrays.copyOf(indexedIn, capacity);
        }
        int stamp = ++fills;
        if (stamp == 0) { // wrapped: no entry may look current by accident
            Arrays.fill(indexedIn, 0);
            stamp = fills = 1;
        }
        for (int i = 0; i < n; i++) {
            int index = arenaIndex[i];
            if (index >= 0 && index <= maxIndex) {
                indexedIn[index] = stamp;
                if (byIndex[index] != slots[i]) {
                    byIndex[index] = slots[i];
                }
            }
        }
        for (int index = 0; index < byIndex.length; index++) {
            if (byIndex[index] != null && indexedIn[index] != stamp) {
                byIndex[index] = null;
            }
        }
    }

    /**
     * @param handle a graph handle
     * @return its slot, or null if the plan does not run that node (removed, stale generation)
     */
    NodeSlot get(long handle) {
        final int index = Arena.index(handle);
        final NodeSlot[] table = byIndex;
        if (index < 0 || index >= table.length) {
            return null;
        }
        final NodeSlot s = table[index];
        return s != null && s.handle == handle ? s : null;
    }
}
