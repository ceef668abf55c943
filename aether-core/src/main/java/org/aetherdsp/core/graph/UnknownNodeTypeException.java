package org.aetherdsp.core.graph;

/** No node type has the requested id. */
public final class UnknownNodeTypeException extends GraphException {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong, naming the thing */
    public UnknownNodeTypeException(String message) {
        super(message);
    }
}
