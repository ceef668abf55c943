package org.aetherdsp.core.rt;

import org.aetherdsp.api.SpscRing;

/**
 * The automation timeline's events, preallocated once per engine as arrays of primitives
 * indexed by event number, and the ring on which the RT thread hands used events back.
 *
 * <p>Ownership moves with the messages, never shared at one time: the control side takes a free
 * event, writes it ({@link #write}) and links it into a {@link Command}; the command ring's
 * release/acquire publishes the writes to the RT thread, which owns the event while it sits in a
 * lane's list; when the RT thread is done with it, it offers the number on the return ring
 * ({@link #release}), whose release/acquire publishes the event back to the control side. An
 * event is in exactly one of those places, so the return ring (as large as the pool) is never
 * full.
 *
 * <p>Times are frames as doubles: the frame API passes whole frames, the seconds API
 * {@code seconds * sampleRate}; an event at a fractional time takes effect at the first frame at
 * or after it, and the curves are evaluated at whole frames (as Web Audio evaluates at sample
 * times).
 */
public final class TimelineEvents {

    /** {@code setValueAtTime}. */
    public static final int SET = 1;
    /** {@code linearRampToValueAtTime}: the time is the ramp's end. */
    public static final int LINEAR = 2;
    /** {@code exponentialRampToValueAtTime}: the time is the ramp's end. */
    public static final int EXPONENTIAL = 3;
    /** {@code setTargetAtTime}: aux is the time constant in frames. */
    public static final int TARGET = 4;
    /** {@code setValueCurveAtTime}: aux is the duration in frames; the values are in {@link #curveData}. */
    public static final int CURVE = 5;
    /** {@code cancelScheduledValues}: removes the events at or after its time, when it reaches the RT thread. */
    public static final int CANCEL = 6;
    /** {@code cancelAndHoldAtTime}. */
    public static final int CANCEL_AND_HOLD = 7;

    final long[] node;
    final int[] param;
    final int[] lane;
    final int[] kind;
    final double[] time;
    final double[] value;
    final double[] aux;
    final int[] curveStart;
    final int[] curveLength;
    /** The next event: in a command's chain on the way, in a lane's list on the RT thread. */
    final int[] next;
    /** The frame of the block at whose boundary the RT thread took the event in. */
    final long[] applied;
    final float[] curveData;
    private final SpscRing returns;
    private final int[] returned;

    /**
     * Control side, when the engine is built.
     *
     * @param capacity  events at most, in flight and scheduled together
     * @param curveData floats for the values of curves, all curves together
     */
    public TimelineEvents(int capacity, int curveData) {
        node = new long[capacity];
        param = new int[capacity];
        lane = new int[capacity];
        kind = new int[capacity];
        time = new double[capacity];
        value = new double[capacity];
        aux = new double[capacity];
        curveStart = new int[capacity];
        curveLength = new int[capacity];
        next = new int[capacity];
        applied = new long[capacity];
        this.curveData = new float[Math.max(1, curveData)];
        returns = new SpscRing(capacity);
        returned = new int[returns.capacity()];
    }

    /** @return the number of events */
    public int capacity() {
        return node.length;
    }

    /** @return the number of curve values */
    public int curveCapacity() {
        return curveData.length;
    }

    /**
     * Fills an event. Control side, on an event it owns (free, not yet sent).
     *
     * @param e        the event
     * @param nodeH    the node's handle
     * @param paramIdx the parameter's index in its descriptor
     * @param laneIdx  the lane the control side gave this parameter
     * @param kindCode one of the kind constants
     * @param frame    the event's time in frames
     * @param v        its value (target)
     * @param auxValue time constant or duration in frames, 0 for the others
     */
    public void write(int e, long nodeH, int paramIdx, int laneIdx, int kindCode, double frame, double v, double auxValue) {
        node[e] = nodeH;
        param[e] = paramIdx;
        lane[e] = laneIdx;
        kind[e] = kindCode;
        time[e] = frame;
        value[e] = v;
        aux[e] = auxValue;
        curveStart[e] = 0;
        curveLength[e] = 0;
        next[e] = -1;
    }

    /**
     * Gives an event its curve's values, copied into the shared curve space. Control side.
     *
     * @param e      the event
     * @param offset where in the curve space
     * @param values the values
     */
    public void writeCurve(int e, int offset, float[] values) {
        System.arraycopy(values, 0, curveData, offset, values.length);
        curveStart[e] = offset;
        curveLength[e] = values.length;
    }

    /**
     * Links {@code e} after {@code previous} in a chain. Control side.
     *
     * @param previous the chain's last event
     * @param e        the event to append
     */
    public void link(int previous, int e) {
        next[previous] = e;
    }

    /** @return the chain successor of {@code e}, or -1; control side, on a chain it owns */
    public int nextOf(int e) {
        return next[e];
    }

    /** @return the lane of an event (control side, on an event it owns) */
    public int laneOf(int e) {
        return lane[e];
    }

    /** @return the curve start of an event (control side, on an event it owns) */
    public int curveStartOf(int e) {
        return curveStart[e];
    }

    /** @return the curve length of an event, 0 for none (control side, on an event it owns) */
    public int curveLengthOf(int e) {
        return curveLength[e];
    }

    /** Hands an event back to the control side. RT thread. */
    void release(int e) {
        if (returns.writable() == 0) {
            return; // cannot happen: the ring holds every event (see the class comment)
        }
        returned[returns.producerSlot(0)] = e;
        returns.publish(1);
    }

    /**
     * Takes back the events the RT thread released. Control side (one thread at a time).
     *
     * @param sink receives each event number
     * @return how many
     */
    public int drainReturned(java.util.function.IntConsumer sink) {
        final int n = returns.readable();
        for (int k = 0; k < n; k++) {
            sink.accept(returned[returns.consumerSlot(k)]);
        }
        returns.release(n);
        return n;
    }
}
