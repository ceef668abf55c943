package org.aetherdsp.nodes.std;

/**
 * The control-side view of a step sequencer ({@link StepSequencer}, node type
 * {@code std.seq}): its pattern and where it is. Reach it with
 * {@code engine.nodeAs(handle, Sequencer.class)}.
 *
 * <p>Every method is safe to call from any control thread while the node runs; none makes
 * the RT thread wait.
 */
public interface Sequencer {

    /** The most steps a pattern has. */
    int MAX_STEPS = 16;

    /**
     * Replaces the pattern. The arrays are copied here, on the calling thread, and the copy
     * is published atomically; the RT thread switches to it at the next step boundary, so a
     * step always plays entirely from one pattern. When several patterns are set before a
     * boundary, the last one wins. Steps past the end of the arrays (up to
     * {@link #MAX_STEPS}) become rests.
     *
     * @param hz    the pitch of each step in Hz, 0..20000 (read for gated steps only, but
     *              checked for all)
     * @param gates whether each step plays ({@code true}) or rests
     * @throws IllegalArgumentException if the arrays differ in length, are empty or longer
     *                                  than {@link #MAX_STEPS}, or a pitch is out of range
     */
    void setPattern(float[] hz, boolean[] gates);

    /**
     * @return the index in the pattern of the step playing at the end of the last processed
     *         block, or -1 before the first step
     */
    int currentStep();
}
