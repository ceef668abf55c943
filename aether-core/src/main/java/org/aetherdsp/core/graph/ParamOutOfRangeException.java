package org.aetherdsp.core.graph;

/** A parameter value outside the range its spec declares (or NaN). */
public final class ParamOutOfRangeException extends GraphException {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong, naming the thing */
    public ParamOutOfRangeException(String message) {
        super(message);
    }
}
