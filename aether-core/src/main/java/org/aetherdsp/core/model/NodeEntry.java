package org.aetherdsp.core.model;

import java.util.ArrayList;
import java.util.List;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.NodeType;
import org.aetherdsp.core.graph.Edge;
import org.aetherdsp.core.rt.NodeSlot;

/** One node in the control-side model: its type, its runtime slot, its edges and the parameter targets last set. */
public final class NodeEntry {

    private final NodeType type;
    private final NodeSlot slot;
    private final float[] paramTargets;
    final List<Edge> in;
    final List<Edge> out;
    /** The descriptor's port counts, held here so that a compile reads them without three loads each. */
    final int inputCount;
    final int outputCount;

    NodeEntry(NodeType type, NodeSlot slot) {
        this.type = type;
        this.slot = slot;
        this.inputCount = type.descriptor().inputCount();
        this.outputCount = type.descriptor().outputCount();
        this.paramTargets = new float[type.descriptor().params().size()];
        for (int i = 0; i < paramTargets.length; i++) {
            paramTargets[i] = type.descriptor().params().get(i).defaultValue();
        }
        this.in = new ArrayList<>();
        this.out = new ArrayList<>();
    }

    private NodeEntry(NodeEntry o) {
        this.type = o.type;
        this.slot = o.slot;
        this.inputCount = o.inputCount;
        this.outputCount = o.outputCount;
        this.paramTargets = o.paramTargets.clone();
        this.in = new ArrayList<>(o.in);
        this.out = new ArrayList<>(o.out);
    }

    private NodeEntry(NodeEntry o, NodeSlot slot) {
        this.type = o.type;
        this.slot = slot;
        this.inputCount = o.inputCount;
        this.outputCount = o.outputCount;
        this.paramTargets = o.paramTargets.clone();
        this.in = o.in;
        this.out = o.out;
    }

    NodeEntry withSlot(NodeSlot replacement) {
        return new NodeEntry(this, replacement);
    }

    NodeEntry copy() {
        return new NodeEntry(this);
    }

    /** @return the node's handle */
    public long handle() {
        return slot.handle();
    }

    /** @return the node type */
    public NodeType type() {
        return type;
    }

    /** @return the node type's descriptor */
    public NodeDescriptor descriptor() {
        return type.descriptor();
    }

    /** @return the runtime slot (node, params, fault state) */
    public NodeSlot slot() {
        return slot;
    }

    /**
     * @param index a parameter index
     * @return the value most recently set from the control side (the default if never set)
     */
    public float paramTarget(int index) {
        return paramTargets[index];
    }

    void setParamTarget(int index, float value) {
        paramTargets[index] = value;
    }

    /** @return connections into this node */
    public List<Edge> inputs() {
        return List.copyOf(in);
    }

    /** @return connections out of this node */
    public List<Edge> outputs() {
        return List.copyOf(out);
    }
}
