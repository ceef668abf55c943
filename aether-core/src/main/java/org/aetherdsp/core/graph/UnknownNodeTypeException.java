package org.aetherdsp.core.graph;

/** No node type has the requested id. */
public final class UnknownNodeTypeException extends GraphException {
    private static final long serialVersionUID = 1L;

    private final String typeId;

    /** @param message what was wrong, naming the thing */
    public UnknownNodeTypeException(String message) {
        this(message, null);
    }

    /**
     * @param message what was wrong, naming the thing
     * @param typeId  the id that was asked for, or null
     */
    public UnknownNodeTypeException(String message, String typeId) {
        super(message);
        this.typeId = typeId;
    }

    /** @return the id that was asked for (as given, possibly huge), or null if not known */
    public String typeId() {
        return typeId;
    }
}
