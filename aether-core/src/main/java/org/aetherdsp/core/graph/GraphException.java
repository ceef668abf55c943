package org.aetherdsp.core.graph;

/**
 * A rejected edit of the graph. Thrown on the control thread before anything changed: the
 * model and the running plan are exactly as they were before the call.
 */
public class GraphException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong, naming the node, port or type */
    public GraphException(String message) {
        super(message);
    }
}
