package org.aetherdsp.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a node type looks like from outside: its name, its ports and its parameters.
 * Immutable; built with {@link #builder(String)}.
 *
 * <pre>{@code
 * NodeDescriptor d = NodeDescriptor.builder("Sine oscillator")
 *         .input("fm").input("pm")
 *         .output("out")
 *         .param(ParamSpec.of("freq", 0.01f, 20_000f, 440f, "Hz", 20f))
 *         .build();
 * }</pre>
 */
public final class NodeDescriptor {

    private final String displayName;
    private final List<String> inputs;
    private final List<String> outputs;
    private final List<ParamSpec> params;

    private NodeDescriptor(Builder b) {
        this.displayName = b.displayName;
        this.inputs = List.copyOf(b.inputs);
        this.outputs = List.copyOf(b.outputs);
        this.params = List.copyOf(b.params);
    }

    /**
     * @param displayName a human-readable name of the node type, e.g. "Sine oscillator"
     * @return a builder with no ports and no parameters
     */
    public static Builder builder(String displayName) {
        return new Builder(displayName);
    }

    /** @return the human-readable name of the node type */
    public String displayName() {
        return displayName;
    }

    /** @return the names of the input ports, in port order */
    public List<String> inputs() {
        return inputs;
    }

    /** @return the names of the output ports, in port order */
    public List<String> outputs() {
        return outputs;
    }

    /** @return the number of input ports */
    public int inputCount() {
        return inputs.size();
    }

    /** @return the number of output ports */
    public int outputCount() {
        return outputs.size();
    }

    /** @return the parameter declarations, in index order */
    public List<ParamSpec> params() {
        return params;
    }

    /**
     * @param id a parameter id
     * @return its index in {@link #params()}, or -1 if there is none
     */
    public int paramIndex(String id) {
        for (int i = 0; i < params.size(); i++) {
            if (params.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return displayName + " (" + inputs.size() + " in, " + outputs.size() + " out, " + params.size() + " params)";
    }

    /** Collects ports and parameters; each id must be unique. */
    public static final class Builder {
        private final String displayName;
        private final List<String> inputs = new ArrayList<>();
        private final List<String> outputs = new ArrayList<>();
        private final List<ParamSpec> params = new ArrayList<>();

        private Builder(String displayName) {
            this.displayName = Objects.requireNonNull(displayName, "displayName");
        }

        /**
         * Adds an input port.
         *
         * @param name port name, unique among inputs
         * @return this builder
         */
        public Builder input(String name) {
            inputs.add(Objects.requireNonNull(name, "input name"));
            return this;
        }

        /**
         * Adds an output port.
         *
         * @param name port name, unique among outputs
         * @return this builder
         */
        public Builder output(String name) {
            outputs.add(Objects.requireNonNull(name, "output name"));
            return this;
        }

        /**
         * Adds a parameter; its index is the number of parameters added before it.
         *
         * @param spec the declaration
         * @return this builder
         */
        public Builder param(ParamSpec spec) {
            params.add(Objects.requireNonNull(spec, "param spec"));
            return this;
        }

        /**
         * @return the descriptor
         * @throws IllegalArgumentException if two ports on one side or two parameters share a name
         */
        public NodeDescriptor build() {
            requireUnique("input port", inputs);
            requireUnique("output port", outputs);
            List<String> ids = new ArrayList<>();
            for (ParamSpec p : params) {
                ids.add(p.id());
            }
            requireUnique("param", ids);
            return new NodeDescriptor(this);
        }

        private void requireUnique(String what, List<String> names) {
            Set<String> seen = new HashSet<>();
            for (String n : names) {
                if (!seen.add(n)) {
                    throw new IllegalArgumentException(displayName + ": duplicate " + what + " '" + n + "'");
                }
            }
        }
    }
}
