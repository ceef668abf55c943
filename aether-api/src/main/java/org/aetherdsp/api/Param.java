package org.aetherdsp.api;

/**
 * The running value of one parameter, with linear smoothing toward a target.
 *
 * <p>A change is a target and a ramp length in samples: the value moves in equal steps
 * from where it is now and lands exactly on the target after that many samples. Nodes read
 * it in three ways, all allocation-free and side-effect free:
 * <ul>
 *   <li>{@link #value()}: the value at the start of the block (control rate);</li>
 *   <li>{@link #valueAt(int)}: the value at one frame of the block;</li>
 *   <li>{@link #fill(float[], int)}: the whole block's ramp in closed form, a loop the JIT
 *       can vectorise.</li>
 * </ul>
 * The engine calls {@link #setTarget} (when a change arrives) and {@link #advance} (after
 * the node's {@code process}) on the <b>RT thread</b>. Instances are not thread-safe and
 * are only touched by the RT thread once the node is running.
 */
public final class Param {

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

    /**
     * Creates a settled parameter at the spec's default.
     *
     * @param spec its declaration
     */
    public Param(ParamSpec spec) {
        this.spec = spec;
        this.current = spec.defaultValue();
        this.target = current;
    }

    /** @return the declaration of this parameter */
    public ParamSpec spec() {
        return spec;
    }

    /** @return the value at the first frame of the current block */
    public float value() {
        return current;
    }

    /** @return the value the parameter is heading to (equal to {@link #value()} when settled) */
    public float target() {
        return target;
    }

    /** @return whether the value changes within the current block or later */
    public boolean isSmoothing() {
        return remaining > 0;
    }

    /** @return frames left until the ramp lands on its target, 0 when settled */
    public int rampRemaining() {
        return remaining;
    }

    /**
     * The value at one frame of the current block.
     *
     * @param frame frame index in the block, from 0
     * @return the smoothed value there
     */
    public float valueAt(int frame) {
        return frame < remaining ? current + step * frame : target;
    }

    /**
     * Writes the value of each of the first {@code frames} frames of the current block into
     * {@code dst}. Pure: calling it twice writes the same values.
     *
     * @param dst    destination, at least {@code frames} long
     * @param frames how many frames to write
     */
    public void fill(float[] dst, int frames) {
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
     * Starts a ramp from the current value to {@code newTarget} over {@code rampFrames}
     * frames (0 or less: jump at once). Called by the engine on the RT thread; the value is
     * assumed to have been range-checked on the control side.
     *
     * @param newTarget  where to go
     * @param rampFrames how many frames to take
     */
    public void setTarget(float newTarget, int rampFrames) {
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
     * Moves the ramp forward by {@code frames} frames; lands exactly on the target when the
     * ramp ends. Called by the engine on the RT thread after each block.
     *
     * @param frames frames elapsed
     */
    public void advance(int frames) {
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
    public void copyFrom(Param other) {
        current = other.current;
        target = other.target;
        step = other.step;
        remaining = other.remaining;
    }

    /** Settles at the target at once, dropping any ramp in progress. */
    public void settle() {
        current = target;
        step = 0f;
        remaining = 0;
    }
}
