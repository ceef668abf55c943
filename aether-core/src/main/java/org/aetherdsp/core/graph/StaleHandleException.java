package org.aetherdsp.core.graph;

/** The handle refers to a node that was removed, or was never issued. */
public final class StaleHandleException extends GraphException {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong, naming the thing */
    public StaleHandleException(String message) {
        super(message);
    }
}
