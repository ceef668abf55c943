package org.aetherdsp.core.poly;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A voice: a subgraph defined once and instanced per voice by {@link Voices}. It names its nodes
 * (ids local to the voice), their parameters, the connections between them, where the voice's
 * gate, pitch and velocity go, and which of its ports are the voice's outputs (summed over all
 * voices). Ports are written as in a patch file: {@code "id"} (the node's first port) or
 * {@code "id.port"} (a port name). Ports are resolved against the node types when instanced.
 *
 * <p>Immutable; built on any thread with {@link #builder()}.
 */
public final class VoiceTemplate {

    /** A node of the template. */
    public record Node(String id, String type, Map<String, Float> params) {
    }

    /** A connection inside the template, {@code "id"} or {@code "id.port"} at each end. */
    public record Connection(String from, String to) {
    }

    /** Which voice signal a {@link #feeds} entry carries. */
    public enum Signal {
        /** The voice's gate, 0 or 1. */
        GATE,
        /** The voice's pitch in Hz. */
        PITCH,
        /** The voice's velocity, 0..1. */
        VELOCITY
    }

    /** A voice signal into a template port. */
    public record Feed(Signal signal, String to) {
    }

    private final List<Node> nodes;
    private final List<Connection> connections;
    private final List<Feed> feeds;
    private final List<String> outputs;

    private VoiceTemplate(Builder b) {
        List<Node> ns = new ArrayList<>();
        for (Map.Entry<String, Node> e : b.nodes.entrySet()) {
            Node n = e.getValue();
            ns.add(new Node(n.id(), n.type(), Map.copyOf(b.params.get(n.id()))));
        }
        this.nodes = List.copyOf(ns);
        this.connections = List.copyOf(b.connections);
        this.feeds = List.copyOf(b.feeds);
        this.outputs = List.copyOf(b.outputs);
    }

    /** @return a builder of an empty template */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the nodes, in the order given */
    public List<Node> nodes() {
        return nodes;
    }

    /** @return the connections inside a voice */
    public List<Connection> connections() {
        return connections;
    }

    /** @return where the voice's gate, pitch and velocity go */
    public List<Feed> feeds() {
        return feeds;
    }

    /** @return the ports whose signals, summed over the voices, are the template's outputs */
    public List<String> outputs() {
        return outputs;
    }

    /** Collects a template; not thread-safe. */
    public static final class Builder {
        private final Map<String, Node> nodes = new LinkedHashMap<>();
        private final Map<String, Map<String, Float>> params = new LinkedHashMap<>();
        private final List<Connection> connections = new ArrayList<>();
        private final List<Feed> feeds = new ArrayList<>();
        private final List<String> outputs = new ArrayList<>();

        private Builder() {
        }

        /**
         * Adds a node.
         *
         * @param id   its id in the voice: not empty, no {@code /} or {@code .}, not {@code in} or
         *             {@code out...} (the instancer's own nodes)
         * @param type its node type id
         * @return this builder
         * @throws IllegalArgumentException if the id is malformed or taken
         */
        public Builder node(String id, String type) {
            if (id == null || id.isEmpty() || id.contains("/") || id.contains(".") || id.equals("in") || id.startsWith("out")) {
                throw new IllegalArgumentException("voice node id " + quote(id)
                        + " must be non-empty, without '/' or '.', and not 'in' or 'out...'");
            }
            if (nodes.containsKey(id)) {
                throw new IllegalArgumentException("voice node id " + quote(id) + " is used twice");
            }
            nodes.put(id, new Node(id, type, Map.of()));
            params.put(id, new LinkedHashMap<>());
            return this;
        }

        /**
         * Sets a parameter of a node, in every voice.
         *
         * @return this builder
         * @throws IllegalArgumentException if there is no such node (yet)
         */
        public Builder param(String id, String param, float value) {
            require(id);
            params.get(id).put(param, value);
            return this;
        }

        /** Connects two ports inside the voice; @return this builder */
        public Builder connect(String from, String to) {
            require(nodeOf(from));
            require(nodeOf(to));
            connections.add(new Connection(from, to));
            return this;
        }

        /** Feeds the voice's gate into {@code to}; @return this builder */
        public Builder gate(String to) {
            return feed(Signal.GATE, to);
        }

        /** Feeds the voice's pitch (Hz) into {@code to}; @return this builder */
        public Builder pitch(String to) {
            return feed(Signal.PITCH, to);
        }

        /** Feeds the voice's velocity into {@code to}; @return this builder */
        public Builder velocity(String to) {
            return feed(Signal.VELOCITY, to);
        }

        /** Feeds a voice signal into {@code to}; @return this builder */
        public Builder feed(Signal signal, String to) {
            require(nodeOf(to));
            feeds.add(new Feed(signal, to));
            return this;
        }

        /** Makes {@code from} a template output (its voices summed); @return this builder */
        public Builder output(String from) {
            require(nodeOf(from));
            if (outputs.size() == 16) {
                throw new IllegalArgumentException("a voice has at most 16 outputs");
            }
            outputs.add(from);
            return this;
        }

        /**
         * @return the template
         * @throws IllegalArgumentException if it has no node or no output
         */
        public VoiceTemplate build() {
            if (outputs.isEmpty()) {
                throw new IllegalArgumentException("a voice template needs at least one output");
            }
            return new VoiceTemplate(this);
        }

        private void require(String id) {
            if (!nodes.containsKey(id)) {
                throw new IllegalArgumentException("voice template has no node " + quote(id));
            }
        }
    }

    static String nodeOf(String port) {
        int dot = port == null ? -1 : port.indexOf('.');
        return dot < 0 ? port : port.substring(0, dot);
    }

    static String portOf(String port) {
        int dot = port.indexOf('.');
        return dot < 0 ? null : port.substring(dot + 1);
    }

    static String quote(String s) {
        return org.aetherdsp.core.graph.UserText.quote(s);
    }
}
