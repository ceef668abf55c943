package org.aetherdsp.api;

import java.util.List;
import java.util.Objects;

/**
 * A whole patch as plain data: which nodes, their parameters and (optionally) their internal
 * state, how they are connected, and which outputs reach the host. What an engine captures
 * and restores, and what codecs ({@link SnapshotCodec}) turn into bytes: binary for exact
 * engine state, JSON for human-edited patch files.
 *
 * @param sampleRate     the sample rate the states were captured at (states of rate-dependent
 *                       nodes are only valid at that rate)
 * @param blockSize      the block size it was captured at
 * @param outputChannels the number of host channels
 * @param samplePosition the engine's frame position when captured (0 for a patch file)
 * @param nodes          the nodes, each with an id unique within the snapshot
 * @param connections    connections between node ports, by node id; a feedback connection may carry
 *                       its contents ({@link Connection#state()}), one block of {@code blockSize} frames
 * @param outputs        routes from node outputs to host channels, by node id
 * @param inputChannels  the number of host input channels (0 for a patch that only generates)
 * @param inputs         routes from host input channels into node input ports, by node id
 */
public record GraphSnapshot(float sampleRate, int blockSize, int outputChannels, long samplePosition,
                            List<NodeSnapshot> nodes, List<Connection> connections, List<Output> outputs,
                            int inputChannels, List<Input> inputs) {

    /**
     * A snapshot without host inputs: a patch that only generates.
     *
     * @param sampleRate     the sample rate
     * @param blockSize      the block size
     * @param outputChannels the number of host channels
     * @param samplePosition the frame position
     * @param nodes          the nodes
     * @param connections    connections between node ports
     * @param outputs        routes to host channels
     */
    public GraphSnapshot(float sampleRate, int blockSize, int outputChannels, long samplePosition,
                         List<NodeSnapshot> nodes, List<Connection> connections, List<Output> outputs) {
        this(sampleRate, blockSize, outputChannels, samplePosition, nodes, connections, outputs, 0, List.of());
    }

    /** Validates the parts that do not need a node registry: ids unique, references known. */
    public GraphSnapshot {
        if (!(sampleRate > 0f) || Float.isInfinite(sampleRate)) {
            throw new IllegalArgumentException("sample rate must be positive, got " + sampleRate);
        }
        if (blockSize <= 0 || outputChannels <= 0 || samplePosition < 0) {
            throw new IllegalArgumentException("block size, channels must be positive and position >= 0, got "
                    + blockSize + ", " + outputChannels + ", " + samplePosition);
        }
        nodes = List.copyOf(nodes);
        connections = List.copyOf(connections);
        outputs = List.copyOf(outputs);
        inputs = List.copyOf(inputs);
        if (inputChannels < 0) {
            throw new IllegalArgumentException("input channels must not be negative, got " + inputChannels);
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (NodeSnapshot n : nodes) {
            if (!ids.add(n.id())) {
                throw new IllegalArgumentException("node id '" + n.id() + "' appears twice");
            }
        }
        for (Connection c : connections) {
            requireNode(ids, c.source(), "connection source");
            requireNode(ids, c.target(), "connection target");
            if (c.state != null && c.state.length != blockSize) {
                throw new IllegalArgumentException("feedback connection " + c.source() + ":" + c.sourcePort() + " -> "
                        + c.target() + ":" + c.targetPort() + " holds " + c.state.length + " frames; a block has " + blockSize);
            }
        }
        for (Output o : outputs) {
            requireNode(ids, o.node(), "output");
            if (o.channel() >= outputChannels) {
                throw new IllegalArgumentException("output of node '" + o.node() + "' goes to channel " + o.channel()
                        + "; the snapshot has " + outputChannels + " channels");
            }
        }
        for (Input i : inputs) {
            requireNode(ids, i.node(), "input");
            if (i.channel() >= inputChannels) {
                throw new IllegalArgumentException("input channel " + i.channel() + " of node '" + i.node()
                        + "' does not exist; the snapshot has " + inputChannels + " input channels");
            }
        }
    }

    private static void requireNode(java.util.Set<String> ids, String id, String what) {
        if (!ids.contains(id)) {
            throw new IllegalArgumentException(what + " refers to unknown node id '" + id + "'");
        }
    }

    /**
     * One node.
     *
     * @param id     unique within the snapshot: a name in a patch file ({@code "osc1"}), the
     *               handle ({@code "3:1"}) in an engine capture
     * @param typeId the node type id, e.g. {@code std.osc.saw}
     * @param params parameter values by id (only those that differ from the default need be
     *               present); iteration order is kept
     * @param state  the node's internal state, or {@code null} (a fresh node)
     */
    public record NodeSnapshot(String id, String typeId, java.util.Map<String, Float> params, StateBlob state) {
        /** Checks the id and type id are present and copies the params (keeping their order). */
        public NodeSnapshot {
            Objects.requireNonNull(id, "node id");
            Objects.requireNonNull(typeId, "type id of node " + id);
            if (id.isBlank()) {
                throw new IllegalArgumentException("node id is blank");
            }
            params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
            for (java.util.Map.Entry<String, Float> p : params.entrySet()) {
                if (p.getValue() == null || !Float.isFinite(p.getValue())) {
                    throw new IllegalArgumentException("param '" + p.getKey() + "' of node '" + id + "' is not a finite number");
                }
            }
        }
    }

    /**
     * A connection from an output port of one node to an input port of another.
     *
     * <p>A <em>feedback</em> connection ({@code "feedback": true} in a patch file) reads the
     * source's output of the previous block, which is how a patch closes a loop: the loop has one
     * block of delay. In an engine capture it carries what it held at the captured block boundary
     * (the source's output of the block before), so that a restored engine continues bit for bit.
     *
     * @param source     source node id
     * @param sourcePort its output port
     * @param target     target node id
     * @param targetPort its input port
     * @param feedback   whether it is a feedback connection
     * @param state      a feedback connection's contents, one block of frames, or {@code null}
     *                   (silence: a patch file, or an ordinary connection); copied in and out
     */
    public record Connection(String source, int sourcePort, String target, int targetPort, boolean feedback,
                             float[] state) {
        /** Checks the ids are present, the ports not negative, and that only a feedback connection has finite state. */
        public Connection {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(target, "target");
            if (sourcePort < 0 || targetPort < 0) {
                throw new IllegalArgumentException("negative port in connection " + source + ":" + sourcePort
                        + " -> " + target + ":" + targetPort);
            }
            if (state != null) {
                if (!feedback) {
                    throw new IllegalArgumentException("connection " + source + ":" + sourcePort + " -> " + target + ":"
                            + targetPort + " carries state but is not a feedback connection");
                }
                state = state.clone();
                for (float v : state) {
                    if (!Float.isFinite(v)) {
                        throw new IllegalArgumentException("feedback connection " + source + ":" + sourcePort + " -> "
                                + target + ":" + targetPort + " holds a non-finite sample");
                    }
                }
            }
        }

        /**
         * An ordinary connection.
         *
         * @param source     source node id
         * @param sourcePort its output port
         * @param target     target node id
         * @param targetPort its input port
         */
        public Connection(String source, int sourcePort, String target, int targetPort) {
            this(source, sourcePort, target, targetPort, false, null);
        }

        /**
         * A connection without state: ordinary, or feedback starting from silence.
         *
         * @param source     source node id
         * @param sourcePort its output port
         * @param target     target node id
         * @param targetPort its input port
         * @param feedback   whether it is a feedback connection
         */
        public Connection(String source, int sourcePort, String target, int targetPort, boolean feedback) {
            this(source, sourcePort, target, targetPort, feedback, null);
        }

        /** @return a copy of the feedback contents, or {@code null} */
        @Override
        public float[] state() {
            return state == null ? null : state.clone();
        }

        /** @return whether {@code o} is the same connection with the same contents (compared bit for bit) */
        @Override
        public boolean equals(Object o) {
            return o instanceof Connection c && c.sourcePort == sourcePort && c.targetPort == targetPort
                    && c.feedback == feedback && c.source.equals(source) && c.target.equals(target)
                    && java.util.Arrays.equals(c.state, state);
        }

        @Override
        public int hashCode() {
            return Objects.hash(source, sourcePort, target, targetPort, feedback) * 31 + java.util.Arrays.hashCode(state);
        }

        @Override
        public String toString() {
            return "Connection[" + source + ":" + sourcePort + " -> " + target + ":" + targetPort
                    + (feedback ? ", feedback" + (state == null ? "" : ", " + state.length + " frames") : "") + "]";
        }
    }

    /**
     * A route from a host input channel into a node input port.
     *
     * @param channel host input channel, from 0
     * @param node    node id
     * @param port    its input port
     */
    public record Input(int channel, String node, int port) {
        /** Checks the id is present and the numbers not negative. */
        public Input {
            Objects.requireNonNull(node, "node");
            if (port < 0 || channel < 0) {
                throw new IllegalArgumentException("negative port or channel in input of " + node);
            }
        }
    }

    /**
     * A route from a node output to a host channel.
     *
     * @param node    node id
     * @param port    its output port
     * @param channel host channel, from 0
     */
    public record Output(String node, int port, int channel) {
        /** Checks the id is present and the numbers not negative. */
        public Output {
            Objects.requireNonNull(node, "node");
            if (port < 0 || channel < 0) {
                throw new IllegalArgumentException("negative port or channel in output of " + node);
            }
        }
    }
}
