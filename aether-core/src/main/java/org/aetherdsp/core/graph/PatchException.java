package org.aetherdsp.core.graph;

/**
 * A patch (a {@code GraphSnapshot}) that does not fit the engine: the message names where in
 * the patch (the node id, connection or output), and the cause is the typed exception the
 * edit raised ({@link UnknownNodeTypeException}, {@link UnknownParamException},
 * {@link PortOutOfRangeException}, {@link CycleException}, ...). Nothing was added.
 */
public final class PatchException extends GraphException {
    private static final long serialVersionUID = 1L;

    private final String location;

    /**
     * @param location where in the patch, e.g. {@code node 'osc1' (std.osc.saw)}
     * @param cause    the typed exception of the failed edit
     */
    public PatchException(String location, RuntimeException cause) {
        super(location + ": " + cause.getMessage());
        this.location = location;
        initCause(cause);
    }

    /** @return where in the patch the problem is */
    public String location() {
        return location;
    }
}
