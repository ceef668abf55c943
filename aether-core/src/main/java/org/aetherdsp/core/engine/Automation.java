package org.aetherdsp.core.engine;

import java.util.concurrent.locks.ReentrantLock;
import org.aetherdsp.api.ParamSpec;
import org.aetherdsp.core.graph.ParamOutOfRangeException;
import org.aetherdsp.core.graph.StaleHandleException;
import org.aetherdsp.core.graph.UnknownParamException;
import org.aetherdsp.core.graph.UserText;
import org.aetherdsp.core.model.NodeEntry;
import org.aetherdsp.core.rt.Command;
import org.aetherdsp.core.rt.TimelineEvents;

/**
 * The automation timeline: schedules parameter changes at absolute engine frames (or seconds),
 * played sample-accurately, also in the middle of a block. Obtained from
 * {@link Engine#automation()}.
 *
 * <h2>Time</h2>
 * Engine time starts at frame 0 ({@link Engine.Builder#startPosition} moves it) and advances by
 * a block per {@link Engine#process}; {@link Engine#currentFrame()} is the first frame of the
 * next block. Seconds are {@code frame / sampleRate}. An event at time {@code t} takes effect at
 * the first frame at or after {@code t}; the curves are evaluated at whole frames. An event in
 * the past takes effect at once (at the first frame of the block it reaches).
 *
 * <h2>Semantics: the Web Audio API's AudioParam automation</h2>
 * Each parameter has an event list ordered by time; an event added at the time of existing ones
 * goes after them. The value at frame {@code k}, with {@code V0, T0} the value and time of the
 * previous event:
 * <ul>
 *   <li>{@code setValueAt}: {@code V} from {@code T} on.</li>
 *   <li>{@code linearRampToValueAt} (time = the ramp's end {@code T1}):
 *       {@code V0 + (V1 - V0) * (k - T0) / (T1 - T0)} for {@code T0 <= k < T1}, then {@code V1}.</li>
 *   <li>{@code exponentialRampToValueAt}: {@code V0 * (V1 / V0)^((k - T0) / (T1 - T0))}; if
 *       {@code V0} is 0 or has the other sign than {@code V1}, {@code V0} until {@code T1}.
 *       A target of 0 is refused.</li>
 *   <li>{@code setTargetAt}: {@code V1 + (V0 - V1) * exp(-(k - T0) / tau)} from {@code T0} until
 *       the next event; a time constant of 0 jumps.</li>
 *   <li>{@code setValueCurveAt}: {@code N} values spread over the duration, linearly
 *       interpolated, then the last value held.</li>
 *   <li>A ramp after a setTarget starts where the setTarget is when the ramp was scheduled (the
 *       block boundary at which it reached the RT thread), or at the setTarget's start if later.
 *       A ramp that is the first event ramps from the parameter's value at the block boundary
 *       where it arrived.</li>
 *   <li>{@code cancelScheduledValues(t)}: removes every event at or after {@code t} (ramps by
 *       their end time, so a ramp in progress ending later is removed and the value falls back
 *       to the one before it).</li>
 *   <li>{@code cancelAndHoldAt(t)}: removes the events after {@code t} and holds the value the
 *       automation has at {@code t}: a ramp in progress then becomes a ramp of the same kind
 *       ending at {@code t}; a setTarget or curve in progress is followed by a setValue there.</li>
 * </ul>
 * Values are computed in double precision and rounded to float once per frame.
 *
 * <h2>Where Aether differs from Web Audio</h2>
 * <ul>
 *   <li>Before a parameter's first event is reached, and after its last event has played and
 *       the value stopped moving, the parameter follows its own smoothing ({@link
 *       Engine#setParam}); the timeline hands over at the value it reached.</li>
 *   <li>A plain change ({@code setParam}, a MIDI control change through
 *       {@link Engine#paramEvents()}) to a parameter whose timeline holds events <em>wins</em>,
 *       as touching an automated control does in a DAW: at the block boundary where it lands,
 *       the timeline's events for that parameter are dropped (counted as
 *       {@code timeline.overridden}) and the change ramps from the timeline's value there. (Web
 *       Audio's value setter would insert a setValue instead.)</li>
 *   <li>No overlap errors: Web Audio throws when an event falls inside a value curve; here the
 *       later event simply cuts the curve off where it starts. {@code cancelScheduledValues}
 *       does not stop a setTarget or curve that has already started.</li>
 *   <li>A setTarget ends (and its lane is freed) once its float value equals the target.</li>
 *   <li>Events for a node that is removed are dropped with it (counted as
 *       {@code timeline.dropped}); a replaced node's timeline continues on the replacement.</li>
 * </ul>
 *
 * <h2>Capacity and transactions</h2>
 * Each engine has a fixed number of events ({@link Engine.Builder#timelineEvents}), of
 * parameters with events at once ({@link Engine.Builder#timelineParams}) and of curve values
 * ({@link Engine.Builder#timelineCurveValues}); an event that does not fit is refused with
 * {@link TimelineFullException} and nothing is scheduled. An event holds its place from the call
 * until it has played (or was cancelled). Inside a batch ({@link Engine#beginBatch}) the events
 * travel with the batch, as one message, and are dropped with it if it is rolled back; outside,
 * each call is one message. Allocation-free on this side once warm (the curve's values are
 * copied into preallocated space), and on the RT thread.
 *
 * <h2>Threads</h2>
 * Control side: any thread, serialised on the engine's lock (an open batch holds it); never
 * waits for the RT thread. Every method validates fully and throws with the engine unchanged:
 * {@link StaleHandleException}, {@link UnknownParamException}, {@link ParamOutOfRangeException},
 * {@link IllegalArgumentException} (a time or time constant that is not finite, an exponential
 * ramp to 0, a curve of fewer than 2 values or no duration), {@link TimelineFullException},
 * {@link CommandQueueFullException}.
 */
public final class Automation {

    private final ReentrantLock lock;
    private final GraphEditor editor;
    private final CommandPort port;
    private final TimelinePool pool;
    private final double sampleRate;

    Automation(ReentrantLock lock, GraphEditor editor, CommandPort port, TimelinePool pool, float sampleRate) {
        this.lock = lock;
        this.editor = editor;
        this.port = port;
        this.pool = pool;
        this.sampleRate = sampleRate;
    }

    // ---------------------------------------------------------------- frames

    /**
     * {@code setValueAtTime}: the parameter jumps to {@code value} at {@code frame}.
     *
     * @param node    the node
     * @param paramId the parameter id
     * @param value   the value, inside the spec's range
     * @param frame   the engine frame
     */
    public void setValueAtFrame(long node, String paramId, float value, long frame) {
        schedule(node, paramId, TimelineEvents.SET, value, frame, 0, null, "setValue");
    }

    /**
     * {@code linearRampToValueAtTime}: a straight line from the previous event's value and time,
     * reaching {@code value} at {@code endFrame}.
     *
     * @param node     the node
     * @param paramId  the parameter id
     * @param value    the value at the end, inside the spec's range
     * @param endFrame the engine frame where the ramp ends
     */
    public void linearRampToValueAtFrame(long node, String paramId, float value, long endFrame) {
        schedule(node, paramId, TimelineEvents.LINEAR, value, endFrame, 0, null, "linearRamp");
    }

    /**
     * {@code exponentialRampToValueAtTime}: a geometric curve from the previous event's value,
     * reaching {@code value} at {@code endFrame}.
     *
     * @param node     the node
     * @param paramId  the parameter id
     * @param value    the value at the end, inside the spec's range, not 0
     * @param endFrame the engine frame where the ramp ends
     */
    public void exponentialRampToValueAtFrame(long node, String paramId, float value, long endFrame) {
        schedule(node, paramId, TimelineEvents.EXPONENTIAL, value, endFrame, 0, null, "exponentialRamp");
    }

    /**
     * {@code setTargetAtTime}: from {@code startFrame} on, approaches {@code target}
     * exponentially with time constant {@code timeConstantFrames}.
     *
     * @param node               the node
     * @param paramId            the parameter id
     * @param target             the value approached, inside the spec's range
     * @param startFrame         the engine frame where the approach starts
     * @param timeConstantFrames the time constant in frames, finite and at least 0 (0: jump)
     */
    public void setTargetAtFrame(long node, String paramId, float target, long startFrame, double timeConstantFrames) {
        schedule(node, paramId, TimelineEvents.TARGET, target, startFrame, timeConstantFrames, null, "setTarget");
    }

    /**
     * {@code setValueCurveAtTime}: the values spread evenly over {@code durationFrames} from
     * {@code startFrame}, linearly interpolated; the last one is held after. The values are
     * copied: the array may be reused at once.
     *
     * @param node           the node
     * @param paramId        the parameter id
     * @param values         at least 2 values, each inside the spec's range
     * @param startFrame     the engine frame where the curve starts
     * @param durationFrames its length in frames, at least 1
     */
    public void setValueCurveAtFrame(long node, String paramId, float[] values, long startFrame, long durationFrames) {
        schedule(node, paramId, TimelineEvents.CURVE, 0f, startFrame, durationFrames, values, "setValueCurve");
    }

    /**
     * {@code cancelScheduledValues}: removes the parameter's events at or after {@code frame}.
     *
     * @param node    the node
     * @param paramId the parameter id
     * @param frame   the engine frame
     */
    public void cancelScheduledValues(long node, String paramId, long frame) {
        schedule(node, paramId, TimelineEvents.CANCEL, 0f, frame, 0, null, "cancelScheduledValues");
    }

    /**
     * {@code cancelAndHoldAtTime}: removes the events after {@code frame} and holds the value the
     * automation has there.
     *
     * @param node    the node
     * @param paramId the parameter id
     * @param frame   the engine frame
     */
    public void cancelAndHoldAtFrame(long node, String paramId, long frame) {
        schedule(node, paramId, TimelineEvents.CANCEL_AND_HOLD, 0f, frame, 0, null, "cancelAndHold");
    }

    // ---------------------------------------------------------------- seconds

    /**
     * {@link #setValueAtFrame} at {@code seconds * sampleRate}.
     *
     * @param node    the node
     * @param paramId the parameter id
     * @param value   the value
     * @param seconds engine time in seconds
     */
    public void setValueAtTime(long node, String paramId, float value, double seconds) {
        schedule(node, paramId, TimelineEvents.SET, value, frames(seconds), 0, null, "setValue");
    }

    /**
     * {@link #linearRampToValueAtFrame} ending at {@code seconds * sampleRate}.
     *
     * @param node    the node
     * @param paramId the parameter id
     * @param value   the value at the end
     * @param seconds engine time of the end, in seconds
     */
    public void linearRampToValueAtTime(long node, String paramId, float value, double seconds) {
        schedule(node, paramId, TimelineEvents.LINEAR, value, frames(seconds), 0, null, "linearRamp");
    }

    /**
     * {@link #exponentialRampToValueAtFrame} ending at {@code seconds * sampleRate}.
     *
     * @param node    the node
     * @param paramId the parameter id
     * @param value   the value at the end, not 0
     * @param seconds engine time of the end, in seconds
     */
    public void exponentialRampToValueAtTime(long node, String paramId, float value, double seconds) {
        schedule(node, paramId, TimelineEvents.EXPONENTIAL, value, frames(seconds), 0, null, "exponentialRamp");
    }

    /**
     * {@link #setTargetAtFrame} in seconds.
     *
     * @param node                the node
     * @param paramId             the parameter id
     * @param target              the value approached
     * @param startSeconds        engine time of the start
     * @param timeConstantSeconds the time constant in seconds
     */
    public void setTargetAtTime(long node, String paramId, float target, double startSeconds, double timeConstantSeconds) {
        schedule(node, paramId, TimelineEvents.TARGET, target, frames(startSeconds), timeConstantSeconds * sampleRate, null,
                "setTarget");
    }

    /**
     * {@link #setValueCurveAtFrame} in seconds.
     *
     * @param node            the node
     * @param paramId         the parameter id
     * @param values          at least 2 values
     * @param startSeconds    engine time of the start
     * @param durationSeconds its length, more than 0
     */
    public void setValueCurveAtTime(long node, String paramId, float[] values, double startSeconds, double durationSeconds) {
        schedule(node, paramId, TimelineEvents.CURVE, 0f, frames(startSeconds), durationSeconds * sampleRate, values,
                "setValueCurve");
    }

    /**
     * {@link #cancelScheduledValues(long, String, long)} in seconds.
     *
     * @param node    the node
     * @param paramId the parameter id
     * @param seconds engine time
     */
    public void cancelScheduledValuesAtTime(long node, String paramId, double seconds) {
        schedule(node, paramId, TimelineEvents.CANCEL, 0f, frames(seconds), 0, null, "cancelScheduledValues");
    }

    /**
     * {@link #cancelAndHoldAtFrame} in seconds.
     *
     * @param node    the node
     * @param paramId the parameter id
     * @param seconds engine time
     */
    public void cancelAndHoldAtTime(long node, String paramId, double seconds) {
        schedule(node, paramId, TimelineEvents.CANCEL_AND_HOLD, 0f, frames(seconds), 0, null, "cancelAndHold");
    }

    // ---------------------------------------------------------------- queries

    /** @return events free now (control side, may wait for the engine's lock) */
    public int freeEvents() {
        lock.lock();
        try {
            pool.drain();
            return pool.freeEvents();
        } finally {
            lock.unlock();
        }
    }

    /** @return the event capacity; any thread */
    public int capacity() {
        return pool.events.capacity();
    }

    // ---------------------------------------------------------------- the one path

    private double frames(double seconds) {
        return seconds * sampleRate;
    }

    private void schedule(long node, String paramId, int kind, float value, double frame, double aux, float[] curve,
                          String what) {
        lock.lock();
        try {
            NodeEntry e = editor.model.entry(node);
            int index = editor.paramIndex(e, paramId);
            ParamSpec spec = e.descriptor().params().get(index);
            validate(node, spec, kind, value, frame, aux, curve, what);
            Command batch = editor.batchCommand();
            if (batch == null) {
                port.requireFree(what); // before anything is taken
            }
            pool.drain();
            int lane = pool.laneFor(node, index);
            if (lane < 0) {
                throw new TimelineFullException("timeline full: every one of its " + pool.lanes()
                        + " parameter lanes has events; " + what + " for " + describe(node, spec) + " refused, nothing scheduled");
            }
            if (pool.freeEvents() == 0) {
                throw new TimelineFullException("timeline full: all " + pool.events.capacity() + " events are scheduled or in flight; "
                        + what + " for " + describe(node, spec) + " refused, nothing scheduled");
            }
            int page = -1;
            if (curve != null) {
                page = pool.findCurveSpace(curve.length);
                if (page < 0) {
                    throw new TimelineFullException("timeline full: no room for " + curve.length + " curve values (of "
                            + pool.events.curveCapacity() + "); " + what + " for " + describe(node, spec) + " refused, nothing scheduled");
                }
            }
            int ev = pool.take(lane, node, index);
            pool.events.write(ev, node, index, lane, kind, frame, value, aux);
            if (curve != null) {
                pool.events.writeCurve(ev, pool.takeCurveSpace(page, curve.length), curve);
            }
            if (batch != null) {
                batch.event(pool.events, ev);
            } else {
                Command c = port.take();
                c.transaction(null).event(pool.events, ev);
                port.send(c, null);
            }
        } finally {
            lock.unlock();
        }
    }

    private void validate(long node, ParamSpec spec, int kind, float value, double frame, double aux, float[] curve,
                          String what) {
        if (!Double.isFinite(frame)) {
            throw new IllegalArgumentException(what + " for " + describe(node, spec) + ": the time must be finite, got " + frame);
        }
        switch (kind) {
            case TimelineEvents.SET, TimelineEvents.LINEAR, TimelineEvents.EXPONENTIAL, TimelineEvents.TARGET ->
                    requireInRange(node, spec, value, what);
            default -> { }
        }
        if (kind == TimelineEvents.EXPONENTIAL && value == 0f) {
            throw new IllegalArgumentException("exponentialRamp for " + describe(node, spec) + ": the target must not be 0");
        }
        if (kind == TimelineEvents.TARGET && !(aux >= 0 && Double.isFinite(aux))) {
            throw new IllegalArgumentException("setTarget for " + describe(node, spec)
                    + ": the time constant must be finite and >= 0, got " + aux);
        }
        if (kind == TimelineEvents.CURVE) {
            if (curve == null || curve.length < 2) {
                throw new IllegalArgumentException("setValueCurve for " + describe(node, spec) + " needs at least 2 values, got "
                        + (curve == null ? 0 : curve.length));
            }
            if (!(aux > 0 && Double.isFinite(aux))) {
                throw new IllegalArgumentException("setValueCurve for " + describe(node, spec)
                        + ": the duration must be finite and > 0, got " + aux);
            }
            for (float v : curve) {
                requireInRange(node, spec, v, what);
            }
        }
    }

    private void requireInRange(long node, ParamSpec spec, float value, String what) {
        if (!spec.accepts(value)) {
            throw new ParamOutOfRangeException(what + ": value " + value + " for " + describe(node, spec)
                    + " is outside its range [" + spec.min() + ", " + spec.max() + "]");
        }
    }

    private String describe(long node, ParamSpec spec) {
        return "param " + UserText.quote(spec.id()) + " of " + editor.model.describe(node);
    }
}
