package org.aetherdsp.core.rt;

import org.aetherdsp.core.param.SmoothedParam;

/**
 * One parameter's timeline in {@link Timeline}: where the automation is, and its events not yet
 * reached, as a list through {@link TimelineEvents#next} in time order. RT thread only; allocated
 * when the engine is built.
 */
final class TimelineLane {
    final int index;
    NodeSlot slot;
    SmoothedParam param;
    int paramIndex;
    long handle;
    boolean inUse;
    /** Whether the lane writes the parameter's values (its first event was reached). */
    boolean governing;
    int head = -1;
    int tail = -1;
    /** The last event reached, kept until a later one is reached or the lane ends. */
    int held = -1;
    /** While not governing: the first frame at which the first event acts ({@code Timeline.refreshDue}). */
    long due = Long.MAX_VALUE;
    final float[] values;
    // Where the automation is: the value held since the last event reached, or the setTarget
    // or curve in progress.
    double holdValue;
    double holdTime;
    int active;
    double start;
    double v0;
    double target;
    double tau;
    double duration;
    int curveStart;
    int curveLength;

    TimelineLane(int index, int blockSize) {
        this.index = index;
        values = new float[blockSize];
    }

    void copyState(TimelineLane o) {
        holdValue = o.holdValue;
        holdTime = o.holdTime;
        active = o.active;
        start = o.start;
        v0 = o.v0;
        target = o.target;
        tau = o.tau;
        duration = o.duration;
        curveStart = o.curveStart;
        curveLength = o.curveLength;
    }

    /** Inserts in time order, after the events at the same time (Web Audio's order). */
    void insert(TimelineEvents ev, int e) {
        final double t = ev.time[e];
        if (tail == -1) {
            head = e;
            tail = e;
            return;
        }
        if (ev.time[tail] <= t) {
            ev.next[tail] = e;
            tail = e;
            return;
        }
        if (ev.time[head] > t) {
            ev.next[e] = head;
            head = e;
            return;
        }
        int p = head;
        while (ev.next[p] != -1 && ev.time[ev.next[p]] <= t) {
            p = ev.next[p];
        }
        ev.next[e] = ev.next[p];
        ev.next[p] = e;
    }

    /**
     * Removes the events at or after {@code from} (strictly after when {@code after}), releasing
     * them.
     */
    void cut(TimelineEvents ev, double from, boolean after) {
        int prev = -1;
        int p = head;
        while (p != -1 && (after ? ev.time[p] <= from : ev.time[p] < from)) {
            prev = p;
            p = ev.next[p];
        }
        if (prev == -1) {
            head = -1;
        } else {
            ev.next[prev] = -1;
        }
        tail = prev;
        while (p != -1) {
            final int n = ev.next[p];
            ev.next[p] = -1;
            ev.release(p);
            p = n;
        }
    }

    void pop(TimelineEvents ev) {
        final int e = head;
        head = ev.next[e];
        if (head == -1) {
            tail = -1;
        }
        ev.next[e] = -1;
    }
}
