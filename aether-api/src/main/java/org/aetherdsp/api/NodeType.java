package org.aetherdsp.api;

import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A kind of node the engine can create: a stable id, a descriptor and a factory.
 *
 * <p>The id is written into patch files and must never change once published. It is
 * namespaced with dots: {@code std.osc.sine}, {@code acme.tremolo}.
 */
public final class NodeType {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_-]*(\\.[a-z0-9][a-z0-9_-]*)+");

    private final String id;
    private final NodeDescriptor descriptor;
    private final Supplier<? extends DspNode> factory;

    private NodeType(String id, NodeDescriptor descriptor, Supplier<? extends DspNode> factory) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("node type id must be lower case and namespaced like 'vendor.name' ("
                    + ID + "), got '" + id + "'");
        }
        this.id = id;
        this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /**
     * @param id         stable namespaced id, e.g. {@code std.osc.sine}
     * @param descriptor ports and parameters
     * @param factory    creates a fresh, unprepared node; called on the control thread
     * @return the node type
     * @throws IllegalArgumentException if the id is not namespaced lower case
     */
    public static NodeType of(String id, NodeDescriptor descriptor, Supplier<? extends DspNode> factory) {
        return new NodeType(id, descriptor, factory);
    }

    /** @return the stable id */
    public String id() {
        return id;
    }

    /** @return ports and parameters */
    public NodeDescriptor descriptor() {
        return descriptor;
    }

    /**
     * Creates a fresh, unprepared node. Called on the control thread.
     *
     * @return a new node
     * @throws IllegalStateException if the factory returns null
     */
    public DspNode create() {
        DspNode node = factory.get();
        if (node == null) {
            throw new IllegalStateException("factory of node type " + id + " returned null");
        }
        return node;
    }

    @Override
    public String toString() {
        return id + ": " + descriptor;
    }
}
