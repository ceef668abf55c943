package org.aetherdsp.core.graph;

/** A port or host channel index does not exist on the node or the engine. */
public final class PortOutOfRangeException extends GraphException {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong, naming the thing */
    public PortOutOfRangeException(String message) {
        super(message);
    }
}
