package org.aetherdsp.core.graph;

/** The node type declares no parameter with that id. */
public final class UnknownParamException extends GraphException {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong, naming the thing */
    public UnknownParamException(String message) {
        super(message);
    }
}
