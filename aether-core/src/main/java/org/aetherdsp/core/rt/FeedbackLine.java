package org.aetherdsp.core.rt;

/**
 * The state of one feedback connection: what its target reads during a block, which is the
 * source's output of the block before. One line per feedback edge of the graph model, made
 * when the edge is connected and dropped when it is cut (disconnected, or either node
 * removed), so a loop that is cut and connected again starts from silence. Every plan that
 * runs the edge points at the same line, so the loop's contents survive plan swaps the way a
 * node's state does.
 *
 * <p>Threads: made and sized on the control side before a plan holding it is published (the
 * command ring then orders those writes before the RT thread's reads); from then on only the
 * RT thread writes it, at the end of each block ({@link FeedbackCopies}), and reads it for a
 * state capture at a block boundary.
 */
public final class FeedbackLine {

    /** What the target reads: the source's output one block ago. Null until first sized. */
    float[] buffer;

    /** A silent line, sized when a plan first holds it. Control side. */
    public FeedbackLine() {
    }

    /**
     * The buffer the target reads, allocated (silent) on first use. Control side, before a plan
     * holding this line is published.
     *
     * @param frames the engine's block size
     * @return the buffer
     * @throws IllegalStateException if the line was preset with another length
     */
    public float[] buffer(int frames) {
        if (buffer == null) {
            buffer = new float[frames];
        } else if (buffer.length != frames) {
            throw new IllegalStateException("feedback line holds " + buffer.length + " frames; the block has " + frames);
        }
        return buffer;
    }

    /**
     * Gives a new line the contents it starts with (a restored snapshot's). Control side, before
     * any plan holding this line is published.
     *
     * @param frames one block of the source's output, as captured
     * @throws IllegalStateException if the line has been sized already (it may be running)
     */
    public void preset(float[] frames) {
        if (buffer != null) {
            throw new IllegalStateException("a feedback line can only be preset before it runs");
        }
        buffer = frames.clone();
    }
}
