package org.aetherdsp.core.engine;

import org.aetherdsp.core.graph.GraphException;

/** A node type's factory or the new node's {@code prepare} failed; the graph is unchanged. */
public final class NodeCreationException extends GraphException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message which node type failed and how
     * @param cause   what it threw
     */
    public NodeCreationException(String message, Throwable cause) {
        super(message);
        initCause(cause);
    }
}
