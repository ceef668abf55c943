package org.aetherdsp.core.engine;

/**
 * Several edits that reach the RT thread as one plan swap, at one block boundary, or not at
 * all. Open with {@link Engine#beginBatch()}, edit the engine as usual on the same thread,
 * then {@link #commit()}; closing without committing (or an exception escaping a
 * try-with-resources block) rolls every edit back.
 *
 * <pre>{@code
 * try (EditBatch batch = engine.beginBatch()) {
 *     long osc = engine.add("std.osc.saw");
 *     engine.connectOutput(osc, 0, 0);
 *     engine.setParam(osc, "freq", 110f);
 *     batch.commit();
 * }
 * }</pre>
 */
public interface EditBatch extends AutoCloseable {

    /**
     * Compiles the edited graph and sends it, with the batch's parameter changes, to the RT
     * thread.
     *
     * @throws CommandQueueFullException if the command ring is full; the batch is rolled back
     */
    void commit();

    /**
     * Commits the batch to take effect at an engine frame: the RT thread applies it (plan,
     * parameter changes, timeline events) at the start of the block that contains {@code frame},
     * so up to a block before that frame, never after it; a frame already past is applied at the
     * next block boundary. Until then it holds back every message committed after it (messages
     * are applied in the order they were committed), so a later edit never lands before it.
     * Sample-accurate changes belong on the automation timeline ({@link Engine#automation()}),
     * whose events are exact to the frame.
     *
     * @param frame the engine frame (see {@link Engine#currentFrame()})
     * @throws CommandQueueFullException if the command ring is full; the batch is rolled back
     */
    void commitAt(long frame);

    /** Rolls back every edit of the batch unless it was committed. */
    @Override
    void close();
}
