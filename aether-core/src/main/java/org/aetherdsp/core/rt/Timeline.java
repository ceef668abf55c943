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

    private final TimelineEvents ev;
    private final TimelineCurves curves;
    private final TimelineLane[] lanes;
    /** The lanes in use, in no order. */
    private final int[] used;
    private int usedCount;
    private final TimelineLane scratch;
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
        this.curves = new TimelineCurves(events);
        this.blockSize = blockSize;
        this.lanes = new TimelineLane[laneCount];
        for (int i = 0; i < laneCount; i++) {
            lanes[i] = new TimelineLane(i, blockSize);
        }
        this.used = new int[laneCount];
        this.scratch = new TimelineLane(-1, 1);
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
        final TimelineLane lane = lanes[l];
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
            lane.cut(ev, ev.time[e], false);
            keepOrRelease(l, lane, e);
        } else if (k == CANCEL_AND_HOLD) {
            cancelAndHold(l, lane, e, blockStart);
        } else {
            lane.insert(ev, e);
        }
        refreshDue(lane);
    }

    private void open(int l, TimelineLane lane, NodeSlot slot, int pi) {
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
    private void follow(TimelineLane lane, NodeSlot slot) {
        final SmoothedParam p = slot.params.get(lane.paramIndex);
        lane.param.lane(-1);
        lane.slot = slot;
        lane.param = p;
        p.lane(lane.index);
        if (lane.governing) {
            p.drive(lane.values, blockSize);
        }
    }

    /**
     * After a cancel: a lane left with nothing keeps {@code e} as its held event while it drives
     * (so it cannot be handed to another parameter before it ends), or ends at once.
     */
    private void keepOrRelease(int l, TimelineLane lane, int e) {
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
    private void cancelAndHold(int l, TimelineLane lane, int e, long blockStart) {
        final double tc = ev.time[e];
        final TimelineLane s = scratch;
        s.copyState(lane);
        if (!lane.governing) {
            s.holdValue = lane.param.valueAt(0);
            s.holdTime = blockStart;
            s.active = NONE;
        }
        int p = lane.head;
        while (p != -1 && ev.time[p] <= tc) {
            curves.reach(s, p);
            p = ev.next[p];
        }
        final double held = curves.value(s, tc, p);
        if (p != -1 && (ev.kind[p] == LINEAR || ev.kind[p] == EXPONENTIAL)) {
            ev.time[p] = tc;
            ev.value[p] = held;
            lane.cut(ev, tc, true);
            ev.release(e);
            return;
        }
        lane.cut(ev, tc, true);
        if (s.active == TARGET || s.active == CURVE && tc < s.start + s.duration) {
            ev.kind[e] = SET;
            ev.value[e] = held;
            lane.insert(ev, e);
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
        final TimelineLane lane = lanes[l];
        changed = true;
        if (lane.governing) {
            end(l, lane, valueNow(lane, blockStart));
        } else {
            end(l, lane, 0.0);
        }
        RtStats.add(overridden, 1);
    }

    /** The lane's value at {@code frame}, reaching the events due by then (a block boundary). */
    private double valueNow(TimelineLane lane, long frame) {
        int e;
        while ((e = lane.head) != -1 && ev.time[e] <= frame) {
            lane.pop(ev);
            reachAndHold(lane, e);
        }
        return curves.value(lane, frame, lane.head);
    }

    /** Ends a lane: drops its events; a lane that drove its parameter leaves it at {@code at}. */
    private void end(int l, TimelineLane lane, double at) {
        lane.cut(ev, Double.NEGATIVE_INFINITY, false);
        if (lane.governing) {
            lane.param.undrive((float) at);
            lane.slot.params.publish(lane.paramIndex);
        }
        close(l, lane);
    }

    private void close(int l, TimelineLane lane) {
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
            final TimelineLane lane = lanes[l];
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
    private boolean renderLane(int l, TimelineLane lane, long blockStart, Scheduler scheduler) {
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
        } else if (lane.head == -1 && curves.settled(lane, blockStart)) {
            final double v = curves.value(lane, blockStart, -1);
            end(l, lane, v);
            return false;
        }
        final float[] out = lane.values;
        while (i < n) {
            final long frame = blockStart + i;
            int e;
            while ((e = lane.head) != -1 && ev.time[e] <= frame) {
                lane.pop(ev);
                reachAndHold(lane, e);
            }
            // Frames up to the next event's first frame see no event: one segment, one formula.
            final int end = e == -1 ? n : (int) Math.min(n, (long) Math.ceil(ev.time[e]) - blockStart);
            curves.segment(lane, e, blockStart, i, end, out);
            i = end;
        }
        return true;
    }

    /** Recomputes a waiting lane's due frame after its first event may have changed. */
    private void refreshDue(TimelineLane lane) {
        lane.due = lane.head == -1 ? Long.MAX_VALUE : curves.dueFrame(lane.head);
    }

    /** Reaches {@code e} and keeps it as the lane's held event, releasing the one held before. */
    private void reachAndHold(TimelineLane lane, int e) {
        curves.reach(lane, e);
        if (lane.held != -1) {
            ev.release(lane.held);
        }
        lane.held = e;
    }

}
