package org.aetherdsp.api;

/**
 * What a node sees of one parameter: its running value, smoothed toward a target. Read-only:
 * the engine (the host) moves it, at block boundaries and at frames inside a block; a node
 * only reads it.
 *
 * <p>A change is a target and a ramp length in frames: the value moves in equal steps from
 * where it is and lands exactly on the target after that many frames. A change may also start
 * at a frame inside the block (a time-stamped MIDI control change): frames before it follow the
 * running ramp. A node reads the value in three ways, all allocation-free and side-effect free:
 * <ul>
 *   <li>{@link #value()}: the value at the start of the block (control rate);</li>
 *   <li>{@link #valueAt(int)}: the value at one frame of the block;</li>
 *   <li>{@link #fill(float[], int)}: the whole block's values in closed form, a loop the JIT
 *       can vectorise.</li>
 * </ul>
 * A node that wants the cheap path when nothing moves tests {@link #isSmoothing()} once per
 * block: when it is false, every frame of the block has {@link #value()}.
 *
 * <h2>Threads</h2>
 * Read on the <b>RT thread</b> inside {@link DspNode#process}, between the engine's updates,
 * which happen on the same thread between blocks. Keep no reference to compare across engines:
 * the instance belongs to the node's slot in its engine.
 */
public interface Param {

    /** @return the declaration of this parameter */
    ParamSpec spec();

    /** @return the value at the first frame of the current block */
    float value();

    /**
     * @return the value the parameter is heading to (equal to {@link #value()} when settled);
     *         with a change pending inside the block, that change's target
     */
    float target();

    /**
     * @return whether the value changes within the current block or later (a ramp, or a change
     *         pending); false means every frame of this block reads {@link #value()}
     */
    boolean isSmoothing();

    /**
     * @return frames left until the ramp lands on its target, 0 when settled; with a change
     *         pending, until that change's ramp ends
     */
    int rampRemaining();

    /**
     * The value at one frame of the current block.
     *
     * @param frame frame index in the block, from 0
     * @return the smoothed value there
     */
    float valueAt(int frame);

    /**
     * Writes the value of each of the first {@code frames} frames of the current block into
     * {@code dst}. Pure: calling it twice writes the same values.
     *
     * @param dst    destination, at least {@code frames} long
     * @param frames how many frames to write
     */
    void fill(float[] dst, int frames);
}
