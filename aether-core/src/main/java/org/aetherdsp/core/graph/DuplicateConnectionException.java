package org.aetherdsp.core.graph;

/** The connection (or host output) already exists. */
public final class DuplicateConnectionException extends GraphException {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong, naming the thing */
    public DuplicateConnectionException(String message) {
        super(message);
    }
}
