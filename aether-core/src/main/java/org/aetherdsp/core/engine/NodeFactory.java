package org.aetherdsp.core.engine;

import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.NodeType;
import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.api.StateReader;

/**
 * Everything the control side asks of a plugin's code, guarded: creating and preparing a node,
 * asking its state's size and version, loading a saved state. Whatever a plugin throws there
 * (an exception, or an {@code Error} such as a {@code StackOverflowError} or an
 * {@code AssertionError}) reaches the caller as a {@link NodeCreationException} naming the node
 * type and what it threw, and a state too large to preallocate is refused before anything is
 * allocated for it.
 */
final class NodeFactory {

    /** The largest state a node may declare: capture preallocates this much per node. */
    static final int MAX_STATE_BYTES = 64 << 20;

    private final ProcessContext prepareContext;

    NodeFactory(ProcessContext prepareContext) {
        this.prepareContext = prepareContext;
    }

    /**
     * @param type the node type
     * @param what what the node is for, in the message ("a node", "a replacement")
     * @return a new, prepared node
     * @throws NodeCreationException if the factory returns null or throws, or prepare throws
     */
    DspNode create(NodeType type, String what) {
        DspNode node;
        try {
            node = type.create();
        } catch (Throwable t) {
            throw failed(type.id(), "failed to create " + what, t);
        }
        if (node == null) {
            throw new NodeCreationException("node type " + type.id() + " failed to create " + what + ": its factory returned null", null);
        }
        try {
            node.prepare(prepareContext);
        } catch (Throwable t) {
            throw failed(type.id(), "failed to prepare " + what, t);
        }
        return node;
    }

    /**
     * @param node the node
     * @param typeId its type id, for the message
     * @return its {@code stateSize()}, checked
     * @throws NodeCreationException if it throws, is negative or exceeds {@link #MAX_STATE_BYTES}
     */
    static int stateSize(DspNode node, String typeId) {
        int size;
        try {
            size = node.stateSize();
        } catch (Throwable t) {
            throw failed(typeId, "failed to say its state size", t);
        }
        if (size < 0 || size > MAX_STATE_BYTES) {
            throw new NodeCreationException("node type " + typeId + " declares a state of " + size
                    + " bytes; a state must be within 0.." + MAX_STATE_BYTES + " bytes (64 MiB)", null);
        }
        return size;
    }

    /**
     * @return the node's {@code stateVersion()}
     * @throws NodeCreationException if it throws
     */
    static int stateVersion(DspNode node, String typeId) {
        try {
            return node.stateVersion();
        } catch (Throwable t) {
            throw failed(typeId, "failed to say its state version", t);
        }
    }

    /**
     * Loads a saved state into a node that has not joined a running graph, and checks that the
     * node read all of it.
     *
     * @throws NodeCreationException if the version is one the node cannot know (below 1 or newer
     *                               than its own), if loading throws, or if bytes are left unread
     */
    static void loadState(DspNode node, String typeId, StateReader in, int version) {
        int own = stateVersion(node, typeId);
        if (version < 1 || version > own) {
            throw new NodeCreationException("its state has version " + version + "; node type " + typeId
                    + " reads versions 1.." + own, null);
        }
        try {
            node.loadState(in, version);
        } catch (Throwable t) {
            throw failed(typeId, "refused its saved state", t);
        }
        if (in.remaining() != 0) {
            throw new NodeCreationException("node type " + typeId + " left " + in.remaining()
                    + " bytes of its saved state unread: the state is not one it wrote", null);
        }
    }

    private static NodeCreationException failed(String typeId, String what, Throwable t) {
        return new NodeCreationException("node type " + typeId + " " + what + ": " + t, t);
    }
}
