package org.aetherdsp.core.graph;

/** The connection (or host output) to remove does not exist. */
public final class NoSuchConnectionException extends GraphException {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong, naming the thing */
    public NoSuchConnectionException(String message) {
        super(message);
    }
}
