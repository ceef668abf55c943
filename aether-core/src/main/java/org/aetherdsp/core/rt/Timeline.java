package org.aetherdsp.core.rt;

import static org.aetherdsp.core.rt.TimelineEvents.CANCEL;
import static org.aetherdsp.core.rt.TimelineEvents.CANCEL_AND_HOLD;
import static org.aetherdsp.core.rt.TimelineEvents.CURVE;
import static org.aetherdsp.core.rt.TimelineEvents.EXPONENTIAL;
import static org.aetherdsp.core.rt.TimelineEvents.LINEAR;
import static org.aetherdsp.core.rt.TimelineEvents.SET;
import static org.aetherdsp.core.rt.TimelineEvents.TARGET;

import java.util.concurrent.atomic.AtomicLong;
import org.aetherdsp.core.param.SmoothedParam;

/**
 * The RT side of the automation timeline: one lane per parameter that has events, each with its
 * events in time order, rendered frame by frame into the block the node then reads (through
 * {@link SmoothedParam#drive}). The semantics are the Web Audio API's AudioParam automation
 * (the per-event formulas of its "computation of value"), evaluated in double precision at whole
 * frames; {@code org.aetherdsp.core.engine.Automation} states them and where they differ.
 *
 * <p>Cost: while no lane drives its parameter and none is due in the block, a block costs one
 * comparison whatever the number of scheduled events (the earliest due frame is kept from the
 * last pass); otherwise a lane whose first event is not due in this block is one comparison (it
 * neither renders nor drives the parameter), and a lane that drives its parameter costs one
 * formula per frame. Inserting an event after the lane's last (the usual order) is O(1); otherwise
 * O(events in the lane). A lane ends, and hands its parameter back to its own smoothing at the
 * value it reached, at the first block boundary where it has no events left and its value no
 * longer moves.
 *
 * <p>Threads: the RT thread only, at block boundaries. All memory was allocated when the engine
 * was built.
 */
public final class Timeline {

    private static final int NONE = 0;

    /** One parameter's timeline: where it is, and its events not yet reached. */
    static final class Lane {
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
        /** While not governing: the first frame at which the first event acts ({@link #refreshDue}). */
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

        Lane(int index, int blockSize) {
            this.index = index;
            values = new float[blockSize];
        }

        void copyState(Lane o) {
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
    }

    private final TimelineEvents ev;
    private final Lane[] lanes;
    /** The lanes in use, in no order. */
    private final int[] used;
    private int usedCount;
    private final Lane scratch;
    private final int blockSize;
    /** The plan the lanes' nodes were last looked up in. */
    private Plan lastPlan;
    /**
     * What the last full pass over the lanes found: the earliest frame a waiting lane is due at,
     * and whether any lane was driving its parameter. While no event came in since ({@link
     * #changed}), no plan was swapped, nothing drives and nothing is due in the block, a block
     * looks at no lane at all: scheduled events cost one comparison per block until due.
     */
    private long earliestDue = Long.MIN_VALUE;
    private boolean anyGoverning;
    /** An event came in or a lane ended outside {@link #render} since its last full pass. */
    private boolean changed = true;
    /** Events dropped because their node is not in the running plan (removed before they arrived). */
    private final AtomicLong dropped = new AtomicLong();
    /** Lanes cancelled because a plain change (setParam, a MIDI event) took the parameter over. */
    private final AtomicLong overridden = new AtomicLong();

    /**
     * Control side, when the engine is built.
     *
     * @param events    the event pool
     * @param laneCount parameters with events at once, at most
     * @param blockSize frames per block
     */
    public Timeline(TimelineEvents events, int laneCount, int blockSize) {
        this.ev = events;
        this.blockSize = blockSize;
        this.lanes = new Lane[laneCount];
        for (int i = 0; i < laneCount; i++) {
            lanes[i] = new Lane(i, blockSize);
        }
        this.used = new int[laneCount];
        this.scratch = new Lane(-1, 1);
    }

    /** @return events dropped on the RT thread because their node was not running; any thread */
    public long dropped() {
        return dropped.get();
    }

    /** @return timelines cancelled because a plain parameter change took their parameter over; any thread */
    public long overridden() {
        return overridden.get();
    }

    /** @return lanes in use now (RT thread; a racy hint elsewhere) */
    public int lanesInUse() {
        return usedCount;
    }

    // ------------------------------------------------------------------ taking events in

    /**
     * Takes a command's chain of events into their lanes. RT thread, at the block boundary
     * {@code blockStart}, after the command's plan and parameter changes.
     */
    void take(int first, Plan plan, long blockStart) {
        changed = true;
        int e = first;
        while (e != -1) {
            final int nextInChain = ev.next[e];
            ev.next[e] = -1;
            ev.applied[e] = blockStart;
            takeOne(e, plan, blockStart);
            e = nextInChain;
        }
    }

    private void takeOne(int e, Plan plan, long blockStart) {
        final int l = ev.lane[e];
        final Lane lane = lanes[l];
        final NodeSlot slot = plan.slotOf(ev.node[e]);
        final int pi = ev.param[e];
        if (slot == null || pi < 0 || pi >= slot.params.size()) {
            if (lane.inUse) {
                end(l, lane, lane.governing ? valueNow(lane, blockStart) : 0.0);
            }
            ev.release(e);
            RtStats.add(dropped, 1);
            return;
        }
        if (!lane.inUse) {
            open(l, lane, slot, pi);
        } else if (lane.slot != slot) {
            follow(lane, slot);
        }
        final int k = ev.kind[e];
        if (k == CANCEL) {
            cut(lane, ev.time[e], false);
            keepOrRelease(l, lane, e);
        } else if (k == CANCEL_AND_HOLD) {
            cancelAndHold(l, lane, e, blockStart);
        } else {
            insert(lane, e);
        }
        refreshDue(lane);
    }

    private void open(int l, Lane lane, NodeSlot slot, int pi) {
        lane.inUse = true;
        lane.governing = false;
        lane.slot = slot;
        lane.handle = slot.handle;
        lane.paramIndex = pi;
        lane.param = slot.params.get(pi);
        lane.param.lane(l);
        lane.head = -1;
        lane.tail = -1;
        lane.held = -1;
        lane.active = NONE;
        used[usedCount++] = l;
    }

    /** The node was replaced (same handle, new slot): the lane drives the replacement's parameter. */
    private void follow(Lane lane, NodeSlot slot) {
        final SmoothedParam p = slot.params.get(lane.paramIndex);
        lane.param.lane(-1);
        lane.slot = slot;
        lane.param = p;
        p.lane(lane.index);
        if (lane.governing) {
            p.drive(lane.values, blockSize);
        }
    }

    /** Inserts in time order, after the events at the same time (Web Audio's order). */
    private void insert(Lane lane, int e) {
        final double t = ev.time[e];
        if (lane.tail == -1) {
            lane.head = e;
            lane.tail = e;
            return;
        }
        if (ev.time[lane.tail] <= t) {
            ev.next[lane.tail] = e;
            lane.tail = e;
            return;
        }
        if (ev.time[lane.head] > t) {
            ev.next[e] = lane.head;
            lane.head = e;
            return;
        }
        int p = lane.head;
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
    private void cut(Lane lane, double from, boolean after) {
        int prev = -1;
        int p = lane.head;
        while (p != -1 && (after ? ev.time[p] <= from : ev.time[p] < from)) {
            prev = p;
            p = ev.next[p];
        }
        if (prev == -1) {
            lane.head = -1;
        } else {
            ev.next[prev] = -1;
        }
        lane.tail = prev;
        while (p != -1) {
            final int n = ev.next[p];
            ev.next[p] = -1;
            ev.release(p);
            p = n;
        }
    }

    /**
     * After a cancel: a lane left with nothing keeps {@code e} as its held event while it drives
     * (so it cannot be handed to another parameter before it ends), or ends at once.
     */
    private void keepOrRelease(int l, Lane lane, int e) {
        if (lane.head == -1 && lane.held == -1) {
            if (lane.governing) {
                lane.held = e;
                return;
            }
            ev.release(e);
            close(l, lane);
            return;
        }
        ev.release(e);
    }

    /**
     * Web Audio's cancelAndHoldAtTime: the value at the cancel time is held from there on; a
     * ramp in progress then is cut to end there with that value; a setTarget or curve in progress
     * gets a setValue at the cancel time.
     */
    private void cancelAndHold(int l, Lane lane, int e, long blockStart) {
        final double tc = ev.time[e];
        final Lane s = scratch;
        s.copyState(lane);
        if (!lane.governing) {
            s.holdValue = lane.param.valueAt(0);
            s.holdTime = blockStart;
            s.active = NONE;
        }
        int p = lane.head;
        while (p != -1 && ev.time[p] <= tc) {
            reach(s, p);
            p = ev.next[p];
        }
        final double held = value(s, tc, p);
        if (p != -1 && (ev.kind[p] == LINEAR || ev.kind[p] == EXPONENTIAL)) {
            ev.time[p] = tc;
            ev.value[p] = held;
            cut(lane, tc, true);
            ev.release(e);
            return;
        }
        cut(lane, tc, true);
        if (s.active == TARGET || s.active == CURVE && tc < s.start + s.duration) {
            ev.kind[e] = SET;
            ev.value[e] = held;
            insert(lane, e);
            return;
        }
        keepOrRelease(l, lane, e);
    }

    // ------------------------------------------------------------------ plain changes

    /**
     * A plain change (setParam, a MIDI event) reached a parameter that a timeline holds: the
     * plain change wins, as a touch on a DAW's automated control does. The parameter settles at
     * the timeline's value at this block's first frame, every event of the lane is dropped, and
     * the caller then applies its change from there. RT thread, at a block boundary.
     *
     * @param p          the parameter
     * @param blockStart the block's first frame
     */
    public void override(SmoothedParam p, long blockStart) {
        final int l = p.lane();
        if (l < 0 || l >= lanes.length || lanes[l].param != p) {
            return;
        }
        final Lane lane = lanes[l];
        changed = true;
        if (lane.governing) {
            end(l, lane, valueNow(lane, blockStart));
        } else {
            end(l, lane, 0.0);
        }
        RtStats.add(overridden, 1);
    }

    /** The lane's value at {@code frame}, reaching the events due by then (a block boundary). */
    private double valueNow(Lane lane, long frame) {
        int e;
        while ((e = lane.head) != -1 && ev.time[e] <= frame) {
            pop(lane);
            reachAndHold(lane, e);
        }
        return value(lane, frame, lane.head);
    }

    /** Ends a lane: drops its events; a lane that drove its parameter leaves it at {@code at}. */
    private void end(int l, Lane lane, double at) {
        cut(lane, Double.NEGATIVE_INFINITY, false);
        if (lane.governing) {
            lane.param.undrive((float) at);
            lane.slot.params.publish(lane.paramIndex);
        }
        close(l, lane);
    }

    private void close(int l, Lane lane) {
        if (lane.held != -1) {
            ev.release(lane.held);
            lane.held = -1;
        }
        if (lane.param != null && lane.param.lane() == l) {
            lane.param.lane(-1);
        }
        lane.inUse = false;
        lane.governing = false;
        lane.slot = null;
        lane.param = null;
        for (int i = 0; i < usedCount; i++) {
            if (used[i] == l) {
                used[i] = used[--usedCount];
                break;
            }
        }
    }

    // ------------------------------------------------------------------ rendering

    /**
     * Renders every due lane's values for the block starting at {@code blockStart}, and ends the
     * lanes that are done. RT thread, at the block boundary, after the commands and events.
     */
    void render(Plan plan, long blockStart, Scheduler scheduler) {
        // Nodes leave the graph or are replaced only with a plan swap: look the lanes' nodes up
        // in the plan then, not every block (a waiting lane then costs one comparison).
        final boolean swapped = plan != lastPlan;
        lastPlan = plan;
        final long blockEnd = blockStart + blockSize;
        if (!swapped && !changed && !anyGoverning && earliestDue >= blockEnd) {
            return; // every lane waits past this block
        }
        changed = false;
        long earliest = Long.MAX_VALUE;
        boolean governing = false;
        for (int k = 0; k < usedCount; ) {
            final int l = used[k];
            final Lane lane = lanes[l];
            if (swapped) {
                final NodeSlot now = plan.slotOf(lane.handle);
                if (now == null) {
                    // The node left the graph: its schedule goes with it.
                    end(l, lane, lane.governing ? valueNow(lane, blockStart) : 0.0);
                    continue; // close() moved another lane into position k
                }
                if (now != lane.slot) {
                    follow(lane, now);
                }
            }
            if (!lane.governing && lane.due >= blockEnd) {
                earliest = Math.min(earliest, lane.due);
                k++;
                continue; // nothing due in this block
            }
            if (renderLane(l, lane, blockStart, scheduler)) {
                if (lane.governing) {
                    governing = true;
                } else {
                    earliest = Math.min(earliest, lane.due);
                }
                k++;
            }
        }
        earliestDue = earliest;
        anyGoverning = governing;
    }

    /** @return false if the lane ended (and left the list) */
    private boolean renderLane(int l, Lane lane, long blockStart, Scheduler scheduler) {
        final int n = blockSize;
        int i = 0;
        if (!lane.governing) {
            final int e = lane.head;
            final long due = Math.max(lane.due, blockStart);
            if (e == -1 || due >= blockStart + n) {
                return true;
            }
            lane.param.fillOwn(lane.values, n);
            i = (int) (due - blockStart);
            lane.holdValue = lane.values[i];
            lane.holdTime = ev.kind[e] == LINEAR || ev.kind[e] == EXPONENTIAL ? ev.applied[e] : due;
            lane.active = NONE;
            lane.governing = true;
            lane.param.drive(lane.values, n);
            scheduler.track(lane.slot);
        } else if (lane.head == -1 && settled(lane, blockStart)) {
            final double v = value(lane, blockStart, -1);
            end(l, lane, v);
            return false;
        }
        final float[] out = lane.values;
        while (i < n) {
            final long frame = blockStart + i;
            int e;
            while ((e = lane.head) != -1 && ev.time[e] <= frame) {
                pop(lane);
                reachAndHold(lane, e);
            }
            // Frames up to the next event's first frame see no event: one segment, one formula.
            final int end = e == -1 ? n : (int) Math.min(n, (long) Math.ceil(ev.time[e]) - blockStart);
            segment(lane, e, blockStart, i, end, out);
            i = end;
        }
        return true;
    }

    /**
     * Writes frames {@code from..to-1} of the block, where no event is reached, in closed form.
     * Linear ramps use the formula at every frame (exact); exponential ramps and setTarget compute
     * the formula at the segment's first frame and step by a constant ratio from there (at most a
     * block of steps, so the error stays within a few ulps of a double); curves and the rare
     * cases go frame by frame through {@link #value}.
     */
    private void segment(Lane s, int e, long blockStart, int from, int to, float[] out) {
        final int k = e == -1 ? NONE : ev.kind[e];
        if (k == LINEAR || k == EXPONENTIAL) {
            if (s.active == NONE && s.holdTime <= blockStart + from) {
                final double t0 = s.holdTime;
                final double v0 = s.holdValue;
                final double t1 = ev.time[e];
                final double v1 = ev.value[e];
                if (k == LINEAR) {
                    for (int i = from; i < to; i++) {
                        out[i] = (float) (v0 + (v1 - v0) * ((blockStart + i) - t0) / (t1 - t0));
                    }
                    return;
                }
                if (v0 != 0 && (v0 > 0) == (v1 > 0) && t1 > t0) {
                    final double ratio = v1 / v0;
                    final double span = t1 - t0;
                    double v = v0 * Math.pow(ratio, ((blockStart + from) - t0) / span);
                    final double step = Math.pow(ratio, 1.0 / span);
                    for (int i = from; i < to; i++) {
                        out[i] = (float) v;
                        v *= step;
                    }
                    return;
                }
            }
        } else if (s.active == TARGET && s.tau > 0) {
            double d = (s.v0 - s.target) * Math.exp(-((blockStart + from) - s.start) / s.tau);
            final double step = Math.exp(-1.0 / s.tau);
            final double target = s.target;
            for (int i = from; i < to; i++) {
                out[i] = (float) (target + d);
                d *= step;
            }
            return;
        } else if (s.active == NONE) {
            final float v = (float) s.holdValue;
            for (int i = from; i < to; i++) {
                out[i] = v;
            }
            return;
        }
        for (int i = from; i < to; i++) {
            out[i] = (float) value(s, blockStart + i, e);
        }
    }

    /** The first frame at which a lane's first event acts: a ramp from the block it arrived in, the others at their time. */
    private long dueFrame(int e) {
        final int k = ev.kind[e];
        if (k == LINEAR || k == EXPONENTIAL) {
            return ev.applied[e];
        }
        return (long) Math.ceil(ev.time[e]);
    }

    /** Recomputes a waiting lane's due frame after its first event may have changed. */
    private void refreshDue(Lane lane) {
        lane.due = lane.head == -1 ? Long.MAX_VALUE : dueFrame(lane.head);
    }

    /** With no events left: whether the value no longer moves from {@code frame} on. */
    private boolean settled(Lane lane, long frame) {
        if (lane.active == NONE) {
            return true;
        }
        if (lane.active == CURVE) {
            return frame >= lane.start + lane.duration;
        }
        return (float) activeValue(lane, frame) == (float) lane.target;
    }

    private void pop(Lane lane) {
        final int e = lane.head;
        lane.head = ev.next[e];
        if (lane.head == -1) {
            lane.tail = -1;
        }
        ev.next[e] = -1;
    }

    /** Reaches {@code e} and keeps it as the lane's held event, releasing the one held before. */
    private void reachAndHold(Lane lane, int e) {
        reach(lane, e);
        if (lane.held != -1) {
            ev.release(lane.held);
        }
        lane.held = e;
    }

    /** The automation passes event {@code e}'s time: the state it leaves behind. */
    private void reach(Lane s, int e) {
        final int k = ev.kind[e];
        final double t = ev.time[e];
        if (k == TARGET) {
            s.v0 = activeValue(s, t);
            s.start = t;
            s.target = ev.value[e];
            s.tau = ev.aux[e];
            s.active = TARGET;
        } else if (k == CURVE) {
            s.start = t;
            s.duration = ev.aux[e];
            s.curveStart = ev.curveStart[e];
            s.curveLength = ev.curveLength[e];
            s.active = CURVE;
        } else {
            s.holdValue = ev.value[e];
            s.holdTime = t;
            s.active = NONE;
        }
    }

    /** The value of the held value, or of the setTarget or curve in progress, at {@code t}. */
    private double activeValue(Lane s, double t) {
        if (s.active == TARGET) {
            return s.tau <= 0 ? s.target : s.target + (s.v0 - s.target) * Math.exp(-(t - s.start) / s.tau);
        }
        if (s.active == CURVE) {
            return curveValue(s, t);
        }
        return s.holdValue;
    }

    /** Web Audio's setValueCurveAtTime: linear interpolation between the N values over the duration. */
    private double curveValue(Lane s, double t) {
        final int n = s.curveLength;
        final float[] data = ev.curveData;
        final int off = s.curveStart;
        if (t >= s.start + s.duration) {
            return data[off + n - 1];
        }
        final double pos = (t - s.start) * (n - 1) / s.duration;
        final int k = (int) Math.floor(pos);
        if (k >= n - 1) {
            return data[off + n - 1];
        }
        if (k < 0) {
            return data[off];
        }
        final double a = data[off + k];
        final double b = data[off + k + 1];
        return a + (b - a) * (pos - k);
    }

    /**
     * The automation's value at {@code t}, given the state and the first event not reached
     * ({@code e}, -1 for none): a ramp ending at {@code e} if it is one, else the state's value.
     */
    private double value(Lane s, double t, int e) {
        if (e != -1) {
            final int k = ev.kind[e];
            if (k == LINEAR || k == EXPONENTIAL) {
                final double t0;
                final double v0;
                if (s.active == TARGET) {
                    // Web Audio: a ramp after a setTarget starts where the setTarget is when the
                    // ramp was scheduled, or at the setTarget's start if that was later.
                    t0 = Math.max(s.start, ev.applied[e]);
                    v0 = activeValue(s, t0);
                } else if (s.active == CURVE) {
                    t0 = s.start + s.duration;
                    v0 = curveValue(s, t0);
                } else {
                    t0 = s.holdTime;
                    v0 = s.holdValue;
                }
                if (t < t0) {
                    return activeValue(s, t);
                }
                final double t1 = ev.time[e];
                final double v1 = ev.value[e];
                if (t1 <= t0) {
                    return v1;
                }
                if (k == LINEAR) {
                    return v0 + (v1 - v0) * (t - t0) / (t1 - t0);
                }
                if (v0 == 0 || (v0 > 0) != (v1 > 0)) {
                    return v0;
                }
                return v0 * Math.pow(v1 / v0, (t - t0) / (t1 - t0));
            }
        }
        return activeValue(s, t);
    }
}
