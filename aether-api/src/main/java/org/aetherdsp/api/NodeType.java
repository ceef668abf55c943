package org.aetherdsp.api;

import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A kind of node the engine can create: a stable id, a descriptor and a factory.
 *
 * <p>The id is written into patch files and must never change once published. It is
 * namespaced with dots: {@code std.osc.sine}, {@code acme.tremolo}. A type that stands for
 * something named by a URI elsewhere (an LV2 plugin) may instead be a lower-case prefix, a colon
 * and that absolute URI: {@code lv2:http://lv2plug.in/plugins/eg-amp}.
 */
public final class NodeType {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_-]*(\\.[a-z0-9][a-z0-9_-]*)+");
    /** {@code prefix:} and an absolute URI (scheme, colon, then printable characters a URI may hold). */
    private static final Pattern URI_ID = Pattern.compile("[a-z][a-z0-9]*:[A-Za-z][A-Za-z0-9+.-]*:[!#-;=?-\\[\\]_a-z~]+");

    private final String id;
    private final NodeDescriptor descriptor;
    private final Supplier<? extends DspNode> factory;

    private NodeType(String id, NodeDescriptor descriptor, Supplier<? extends DspNode> factory) {
        if (id == null || !(ID.matcher(id).matches() || URI_ID.matcher(id).matches())) {
            throw new IllegalArgumentException("node type id must be lower case and namespaced like 'vendor.name' ("
                    + ID + "), or a prefix and an absolute URI like 'lv2:http://example.org/plugin', got '" + id + "'");
        }
        this.id = id;
        this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /**
     * @param id         stable namespaced id, e.g. {@code std.osc.sine}, or a prefix and an absolute
     *                   URI, e.g. {@code lv2:http://lv2plug.in/plugins/eg-amp}
     * @param descriptor ports and parameters
     * @param factory    creates a fresh, unprepared node; called on the control thread
     * @return the node type
     * @throws IllegalArgumentException if the id is neither namespaced lower case nor a prefixed URI
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
