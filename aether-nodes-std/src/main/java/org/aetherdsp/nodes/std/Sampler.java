package org.aetherdsp.nodes.std;

/**
 * The control-side view of a sampler ({@link SamplePlayer}, node type {@code std.sampler}):
 * which table it plays. Reach it with {@code engine.nodeAs(handle, Sampler.class)}.
 *
 * <p>Both methods are safe to call from any control thread while the node runs. They copy
 * and validate on the calling thread and publish the result atomically; the RT thread
 * picks it up at its next block boundary, allocating nothing and never waiting. A note
 * already playing finishes on the table it started with; the next trigger plays the new one.
 *
 * <p>The RT thread lets go of a replaced table by dropping its reference, which is
 * allocation-free; the garbage collector reclaims it (the control side never gets it back).
 */
public interface Sampler {

    /**
     * Makes a copy of {@code samples} the table that the next trigger plays.
     *
     * @param samples          mono audio, at least one frame, every value finite; copied
     * @param sourceSampleRate the rate it was recorded at, in Hz; playback resamples it to
     *                         the engine's rate, so {@code pitch} 0 plays it at its true speed
     * @throws IllegalArgumentException if the table is empty, a sample is not finite, or the
     *                                  rate is not positive and finite
     */
    void load(float[] samples, float sourceSampleRate);

    /**
     * Makes a copy of a stereo table the one that the next trigger plays: {@code left} on the
     * node's {@code out} port, {@code right} on its {@code right} port. (A mono table plays on
     * both.)
     *
     * @param left             the left channel, at least one frame, every value finite; copied
     * @param right            the right channel, as long as {@code left}, every value finite; copied
     * @param sourceSampleRate the rate it was recorded at, in Hz
     * @throws IllegalArgumentException if the channels differ in length, the table is empty, a
     *                                  sample is not finite, or the rate is not positive and finite
     */
    void load(float[] left, float[] right, float sourceSampleRate);

    /** Removes the table: triggers play silence until the next {@link #load}. */
    void clear();
}
