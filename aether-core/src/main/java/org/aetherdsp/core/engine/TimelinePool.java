package org.aetherdsp.core.engine;

import java.util.function.IntConsumer;
import org.aetherdsp.core.rt.TimelineEvents;

/**
 * The control side's bookkeeping of the timeline: which events are free, which lane each
 * parameter with events has, and which part of the curve space is in use. Events come back on
 * {@link TimelineEvents}'s return ring; a lane is free again once every event sent for it has
 * come back (the RT thread releases a lane's last event only when the lane ends, so a lane is
 * never given to another parameter while the RT thread still plays it).
 *
 * <p>Threads: the engine's control side, under its lock. Allocation-free.
 */
final class TimelinePool {

    /** Curve space is handed out in pages of this many floats. */
    private static final int PAGE = 16;

    final TimelineEvents events;
    private final int[] free;
    private int freeTop;
    private final long[] laneNode;
    private final int[] laneParam;
    /** Events of the lane not yet back; 0: the lane is free. */
    private final int[] laneEvents;
    private final boolean[] pageUsed;
    private final IntConsumer onReturned = this::returned;

    TimelinePool(TimelineEvents events, int lanes) {
        this.events = events;
        this.free = new int[events.capacity()];
        for (int i = 0; i < free.length; i++) {
            free[i] = free.length - 1 - i;
        }
        this.freeTop = free.length;
        this.laneNode = new long[lanes];
        this.laneParam = new int[lanes];
        this.laneEvents = new int[lanes];
        this.pageUsed = new boolean[(events.curveCapacity() + PAGE - 1) / PAGE];
    }

    /** Takes back what the RT thread released. */
    void drain() {
        events.drainReturned(onReturned);
    }

    private void returned(int e) {
        int l = events.laneOf(e);
        laneEvents[l]--;
        int len = events.curveLengthOf(e);
        if (len > 0) {
            int first = events.curveStartOf(e) / PAGE;
            for (int p = first, end = first + pages(len); p < end; p++) {
                pageUsed[p] = false;
            }
        }
        free[freeTop++] = e;
    }

    /** Frees the chain of a command that was never sent. */
    void freeChain(int head) {
        int e = head;
        while (e != -1) {
            int n = events.nextOf(e);
            returned(e);
            e = n;
        }
    }

    /** @return the lane of a parameter, or a free lane for it, or -1 if every lane is taken */
    int laneFor(long node, int param) {
        int spare = -1;
        for (int l = 0; l < laneEvents.length; l++) {
            if (laneEvents[l] == 0) {
                if (spare == -1) {
                    spare = l;
                }
            } else if (laneNode[l] == node && laneParam[l] == param) {
                return l;
            }
        }
        return spare;
    }

    /** @return the number of lanes */
    int lanes() {
        return laneEvents.length;
    }

    /** @return events free now */
    int freeEvents() {
        return freeTop;
    }

    /** @return the first page of a free run long enough for {@code floats}, or -1 */
    int findCurveSpace(int floats) {
        int need = pages(floats);
        int run = 0;
        for (int p = 0; p < pageUsed.length; p++) {
            run = pageUsed[p] ? 0 : run + 1;
            if (run == need) {
                return p - need + 1;
            }
        }
        return -1;
    }

    /** @return a free event, now counted in {@code lane}; {@link #freeEvents()} said there is one */
    int take(int lane, long node, int param) {
        laneNode[lane] = node;
        laneParam[lane] = param;
        laneEvents[lane]++;
        return free[--freeTop];
    }

    /** Marks a run found by {@link #findCurveSpace} used; @return its offset in floats */
    int takeCurveSpace(int firstPage, int floats) {
        for (int p = firstPage, end = firstPage + pages(floats); p < end; p++) {
            pageUsed[p] = true;
        }
        return firstPage * PAGE;
    }

    /** @return the lanes in use (for statistics) */
    int lanesInUse() {
        int n = 0;
        for (int c : laneEvents) {
            if (c != 0) {
                n++;
            }
        }
        return n;
    }

    private static int pages(int floats) {
        return (floats + PAGE - 1) / PAGE;
    }
}
