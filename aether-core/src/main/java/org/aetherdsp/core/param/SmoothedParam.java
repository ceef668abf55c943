package org.aetherdsp.core.param;

import org.aetherdsp.api.Param;
import org.aetherdsp.api.ParamSpec;

/**
 * The host side of one parameter: the running value with linear smoothing toward a target, and
 * the operations that move it. A node sees it only as the read-only {@link Param}; the engine
 * (or a test harness driving a node by hand) calls {@link #setTarget}, {@link #advance},
 * {@link #settle} and {@link #copyFrom} on the <b>RT thread</b> between blocks. Not
 * thread-safe: once the node runs, only the RT thread touches it.
 *
 * <h2>Changes inside a block</h2>
 * A change may start at a frame inside the block ({@link #setTarget(float, int, int)}: a
 * time-stamped MIDI control change): frames before it follow the running ramp, and from that
 * frame on the value ramps from where it is there to the new target. One such change is held
 * per parameter; a second one before it has started keeps the earlier start frame and takes
 * the newer target and ramp (a burst of control changes within one block moves the value from
 * the first one's frame toward the last one's value). The readers honour it; a parameter with
 * no change pending pays one field test for it.
 */
public final class SmoothedParam implements Param {

    /**
     * {@code FRAME_INDEX[i] == i}: multiplying by a table instead of converting the loop
     * counter to float lets C2 vectorise {@link #fill} (JDK 17 does not vectorise the
     * int-to-float conversion). Exact, since every int below 2^24 is a float.
     */
    private static final float[] FRAME_INDEX = new float[8192];

    static {
        for (int i = 0; i < FRAME_INDEX.length; i++) {
            FRAME_INDEX[i] = i;
        }
    }

    private final ParamSpec spec;
    /** Value at frame 0 of the current block. */
    private float current;
    private float target;
    /** Change per frame while ramping. */
    private float step;
    /** Frames until the ramp lands on target; 0 when settled. */
    private int remaining;
    /** Frames from the start of the current block until the pending change starts; 0: none pending. */
    private int delay;
    private float pendingTarget;
    private int pendingRamp;
    /**
     * The current block's values when an automation timeline drives this parameter, else null:
     * the timeline writes every frame of the block into it before the node runs, so the readers
     * return exactly what the timeline computed. See {@link #drive}.
     */
    private float[] driven;
    private int drivenFrames;
    /** The RT side's timeline lane holding events for this parameter, or -1. */
    private int lane = -1;

    /**
     * Creates a settled parameter at the spec's default.
     *
     * @param spec its declaration
     */
    public SmoothedParam(ParamSpec spec) {
        this.spec = spec;
        this.current = spec.defaultValue();
        this.target = current;
    }

    /** @return the declaration of this parameter */
    @Override
    public ParamSpec spec() {
        return spec;
    }

    /** @return the value at the first frame of the current block */
    @Override
    public float value() {
        return driven != null ? driven[0] : current;
    }

    /**
     * @return the value the parameter is heading to (equal to {@link #value()} when settled);
     *         with a change pending inside the block, that change's target
     */
    @Override
    public float target() {
        if (driven != null) {
            return driven[drivenFrames - 1];
        }
        return delay != 0 ? pendingTarget : target;
    }

    /** @return whether the value changes within the current block or later (a ramp, or a change pending) */
    @Override
    public boolean isSmoothing() {
        return remaining > 0 || delay != 0 || driven != null;
    }

    /**
     * @return frames left until the ramp lands on its target, 0 when settled; with a change
     *         pending, until that change's ramp ends
     */
    @Override
    public int rampRemaining() {
        if (driven != null) {
            return drivenFrames;
        }
        return delay != 0 ? delay + pendingRamp : remaining;
    }

    /**
     * The value at one frame of the current block.
     *
     * @param frame frame index in the block, from 0
     * @return the smoothed value there
     */
    @Override
    public float valueAt(int frame) {
        if (driven != null) {
            return driven[frame];
        }
        if (delay != 0 && frame >= delay) {
            return pendingValueAt(frame);
        }
        return frame < remaining ? current + step * frame : target;
    }

    /** The running ramp's value at frame {@code frame}, ignoring a pending change. */
    private float rampValueAt(int frame) {
        return frame < remaining ? current + step * frame : target;
    }

    /** Value at {@code frame} (at or after {@link #delay}): the pending change's ramp from the value there. */
    private float pendingValueAt(int frame) {
        final float from = rampValueAt(delay);
        final int j = frame - delay;
        if (pendingRamp <= 0 || from == pendingTarget || j >= pendingRamp) {
            return pendingTarget;
        }
        return from + (pendingTarget - from) / pendingRamp * j;
    }

    /**
     * Writes the value of each of the first {@code frames} frames of the current block into
     * {@code dst}. Pure: calling it twice writes the same values.
     *
     * @param dst    destination, at least {@code frames} long
     * @param frames how many frames to write
     */
    @Override
    public void fill(float[] dst, int frames) {
        if (driven != null) {
            System.arraycopy(driven, 0, dst, 0, frames);
            return;
        }
        if (delay != 0) {
            fillPending(dst, frames);
            return;
        }
        final int ramp = Math.min(remaining, frames);
        final float c = current;
        final float s = step;
        final int tabled = Math.min(ramp, FRAME_INDEX.length);
        final float[] index = FRAME_INDEX;
        for (int i = 0; i < tabled; i++) {
            dst[i] = c + s * index[i];
        }
        for (int i = tabled; i < ramp; i++) {
            dst[i] = c + s * i;
        }
        final float t = target;
        for (int i = ramp; i < frames; i++) {
            dst[i] = t;
        }
    }

    /**
     * {@link #fill} with a change pending: the running ramp up to {@link #delay}, then the
     * change's ramp from the value there. The same arithmetic as {@link #advance}, so the next
     * block continues exactly where this one ends.
     */
    private void fillPending(float[] dst, int frames) {
        final int d = Math.min(delay, frames);
        for (int i = 0; i < d; i++) {
            dst[i] = rampValueAt(i);
        }
        if (d == frames) {
            return;
        }
        final float from = rampValueAt(delay);
        final float t = pendingTarget;
        final int ramp = pendingRamp <= 0 || from == t ? 0 : pendingRamp;
        final float s = ramp == 0 ? 0f : (t - from) / ramp;
        for (int i = d; i < frames; i++) {
            final int j = i - d;
            dst[i] = j < ramp ? from + s * j : t;
        }
    }

    /**
     * Starts a ramp from the current value to {@code newTarget} over {@code rampFrames}
     * frames (0 or less: jump at once), replacing a change pending inside the block. Called by
     * the engine on the RT thread; the value is assumed to have been range-checked on the
     * control side.
     *
     * @param newTarget  where to go
     * @param rampFrames how many frames to take
     */
    public void setTarget(float newTarget, int rampFrames) {
        delay = 0;
        target = newTarget;
        if (rampFrames <= 0 || current == newTarget) {
            current = newTarget;
            step = 0f;
            remaining = 0;
        } else {
            step = (newTarget - current) / rampFrames;
            remaining = rampFrames;
        }
    }

    /**
     * Starts a change at frame {@code startFrame} of the current block (the block the node
     * reads next): frames before it keep following the running ramp; from it on, the value
     * ramps from where it is at that frame to {@code newTarget} over {@code rampFrames}
     * frames (0 or less: jumps there at that frame). A frame beyond the block carries over to
     * later blocks. {@code startFrame} 0 or less is {@link #setTarget(float, int)}.
     *
     * <p>One change is held: a second one before the first has started keeps the earlier
     * start frame and takes the newer target and ramp. Called by the engine on the RT thread
     * at a block boundary; the value is assumed to have been range-checked.
     *
     * @param newTarget  where to go
     * @param rampFrames how many frames to take from the start frame
     * @param startFrame frame of the current block at which the change starts
     */
    public void setTarget(float newTarget, int rampFrames, int startFrame) {
        if (startFrame <= 0) {
            setTarget(newTarget, rampFrames);
            return;
        }
        delay = delay == 0 ? startFrame : Math.min(delay, startFrame);
        pendingTarget = newTarget;
        pendingRamp = Math.max(0, rampFrames);
    }

    /**
     * Moves the ramp forward by {@code frames} frames; lands exactly on the target when the
     * ramp ends, and starts a pending change when its frame is reached. Called by the engine
     * on the RT thread after each block.
     *
     * @param frames frames elapsed
     */
    public void advance(int frames) {
        if (delay != 0) {
            advancePending(frames);
            return;
        }
        advanceRamp(frames);
    }

    private void advancePending(int frames) {
        if (frames < delay) {
            advanceRamp(frames);
            delay -= frames;
            return;
        }
        final int rest = frames - delay;
        advanceRamp(delay);
        setTarget(pendingTarget, pendingRamp); // clears delay
        advanceRamp(rest);
    }

    private void advanceRamp(int frames) {
        if (remaining > 0) {
            if (frames >= remaining) {
                current = target;
                step = 0f;
                remaining = 0;
            } else {
                current += step * frames;
                remaining -= frames;
            }
        }
    }

    /**
     * Takes over another parameter's exact position, target and ramp, so that a replacement
     * node continues the automation without a step. Called by the engine on the RT thread.
     *
     * @param other a parameter with the same spec
     */
    public void copyFrom(SmoothedParam other) {
        current = other.current;
        target = other.target;
        step = other.step;
        remaining = other.remaining;
        delay = other.delay;
        pendingTarget = other.pendingTarget;
        pendingRamp = other.pendingRamp;
        driven = other.driven;
        drivenFrames = other.drivenFrames;
        lane = other.lane;
    }

    /**
     * Writes this parameter's own (smoothed) values of the current block into {@code dst},
     * ignoring a timeline that drives it: what the timeline starts from. RT thread.
     *
     * @param dst    destination, at least {@code frames} long
     * @param frames how many frames
     */
    public void fillOwn(float[] dst, int frames) {
        float[] d = driven;
        driven = null;
        fill(dst, frames);
        driven = d;
    }

    /**
     * Hands the current block's values over to an automation timeline: until {@link #undrive},
     * every reader returns {@code values[frame]} (which the timeline rewrites before each block),
     * and this parameter's own ramp is not consulted. RT thread, at a block boundary.
     *
     * @param values the block's values, written by the timeline
     * @param frames the block length
     */
    public void drive(float[] values, int frames) {
        driven = values;
        drivenFrames = frames;
    }

    /**
     * Ends a timeline's drive: the parameter settles at {@code value} (no ramp) and its own
     * ramp logic takes over again. RT thread, at a block boundary.
     *
     * @param value where the timeline left it
     */
    public void undrive(float value) {
        driven = null;
        setTarget(value, 0);
    }

    /** @return whether a timeline writes this block's values (RT thread) */
    public boolean isDriven() {
        return driven != null;
    }

    /** @return the RT timeline lane holding events for this parameter, or -1 (RT thread) */
    public int lane() {
        return lane;
    }

    /**
     * Records the RT timeline lane that holds events for this parameter. RT thread.
     *
     * @param index the lane, or -1 for none
     */
    public void lane(int index) {
        lane = index;
    }

    /** Settles at the target at once (a pending change's target, if any), dropping any ramp in progress. */
    public void settle() {
        if (delay != 0) {
            target = pendingTarget;
            delay = 0;
        }
        current = target;
        step = 0f;
        remaining = 0;
    }
}
