package org.aetherdsp.core.rt;

import static org.aetherdsp.core.rt.TimelineEvents.CURVE;
import static org.aetherdsp.core.rt.TimelineEvents.EXPONENTIAL;
import static org.aetherdsp.core.rt.TimelineEvents.LINEAR;
import static org.aetherdsp.core.rt.TimelineEvents.TARGET;

/**
 * The automation formulas of {@link Timeline}: the Web Audio API's AudioParam "computation of
 * value" per event kind, evaluated in double precision at whole frames on one lane's state
 * ({@link TimelineLane}) and the pooled events ({@link TimelineEvents}). RT thread only; no
 * allocation.
 */
final class TimelineCurves {

    private static final int NONE = 0;

    private final TimelineEvents ev;

    TimelineCurves(TimelineEvents ev) {
        this.ev = ev;
    }

    /**
     * Writes frames {@code from..to-1} of the block, where no event is reached, in closed form.
     * Linear ramps use the formula at every frame (exact); exponential ramps and setTarget compute
     * the formula at the segment's first frame and step by a constant ratio from there (at most a
     * block of steps, so the error stays within a few ulps of a double); curves and the rare
     * cases go frame by frame through {@link #value}.
     */
    void segment(TimelineLane s, int e, long blockStart, int from, int to, float[] out) {
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
    long dueFrame(int e) {
        final int k = ev.kind[e];
        if (k == LINEAR || k == EXPONENTIAL) {
            return ev.applied[e];
        }
        return (long) Math.ceil(ev.time[e]);
    }

    /** With no events left: whether the value no longer moves from {@code frame} on. */
    boolean settled(TimelineLane lane, long frame) {
        if (lane.active == NONE) {
            return true;
        }
        if (lane.active == CURVE) {
            return frame >= lane.start + lane.duration;
        }
        return (float) activeValue(lane, frame) == (float) lane.target;
    }

    /** The automation passes event {@code e}'s time: the state it leaves behind. */
    void reach(TimelineLane s, int e) {
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
    double activeValue(TimelineLane s, double t) {
        if (s.active == TARGET) {
            return s.tau <= 0 ? s.target : s.target + (s.v0 - s.target) * Math.exp(-(t - s.start) / s.tau);
        }
        if (s.active == CURVE) {
            return curveValue(s, t);
        }
        return s.holdValue;
    }

    /** Web Audio's setValueCurveAtTime: linear interpolation between the N values over the duration. */
    double curveValue(TimelineLane s, double t) {
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
    double value(TimelineLane s, double t, int e) {
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
