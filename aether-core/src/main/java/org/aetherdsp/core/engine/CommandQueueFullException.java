package org.aetherdsp.core.engine;

/**
 * Every pooled command is in flight: the RT thread has not consumed the earlier ones (is
 * anything calling {@link Engine#process}?). Nothing was changed; retry after a few blocks.
 */
public final class CommandQueueFullException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** @param message what was refused */
    public CommandQueueFullException(String message) {
        super(message);
    }
}
