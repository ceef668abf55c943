package org.aetherdsp.nodes.std;

import java.util.Arrays;

import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.NodeProvider;
import org.aetherdsp.api.NodeType;
import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.core.param.SmoothedParams;

/**
 * One node driven by hand the way the engine drives it: created through the provider's
 * {@link NodeType}, prepared at 48 kHz / 64 frames, processed block by block with the
 * parameters advanced after each block.
 */
final class NodeUnderTest {

    static final float SAMPLE_RATE = 48_000f;
    static final int BLOCK = 64;

    final NodeType type;
    final DspNode node;
    final SmoothedParams params;
    final float[][] inputs;
    final float[][] outputs;
    final ProcessContext context = ProcessContext.of(SAMPLE_RATE, BLOCK, 0);

    private NodeUnderTest(NodeType type) {
        this.type = type;
        this.node = type.create();
        NodeDescriptor d = type.descriptor();
        this.params = new SmoothedParams(d);
        this.inputs = new float[d.inputCount()][BLOCK];
        this.outputs = new float[d.outputCount()][BLOCK];
        node.prepare(context);
    }

    static NodeType type(String typeId) {
        NodeProvider provider = new StdNodeProvider();
        for (NodeType t : provider.nodeTypes()) {
            if (t.id().equals(typeId)) {
                return t;
            }
        }
        throw new IllegalArgumentException("no node type " + typeId);
    }

    /** A freshly created and prepared node of that type, with its parameters at their defaults. */
    static NodeUnderTest of(String typeId) {
        return new NodeUnderTest(type(typeId));
    }

    /** Sets a parameter at once, with no ramp. */
    NodeUnderTest set(String paramId, float value) {
        params.get(paramIndex(paramId)).setTarget(value, 0);
        return this;
    }

    /** Starts a ramp to {@code value} over {@code frames} frames. */
    NodeUnderTest ramp(String paramId, float value, int frames) {
        params.get(paramIndex(paramId)).setTarget(value, frames);
        return this;
    }

    int paramIndex(String paramId) {
        int i = params.indexOf(paramId);
        if (i < 0) {
            throw new IllegalArgumentException(type.id() + " has no param " + paramId);
        }
        return i;
    }

    /** The buffer of an input port; what is written there is what every block reads. */
    float[] input(String port) {
        int i = type.descriptor().inputs().indexOf(port);
        if (i < 0) {
            throw new IllegalArgumentException(type.id() + " has no input " + port);
        }
        return inputs[i];
    }

    /** Fills an input port with one value. */
    NodeUnderTest constantInput(String port, float value) {
        Arrays.fill(input(port), value);
        return this;
    }

    /** Processes one block, after filling the outputs with NaN so unwritten samples show. */
    void processBlock() {
        for (float[] o : outputs) {
            Arrays.fill(o, Float.NaN);
        }
        node.process(inputs, outputs, params, context);
        params.advance(BLOCK);
    }

    /** Renders {@code blocks} blocks and returns output port 0, concatenated. */
    float[] render(int blocks) {
        float[] all = new float[blocks * BLOCK];
        for (int b = 0; b < blocks; b++) {
            processBlock();
            System.arraycopy(outputs[0], 0, all, b * BLOCK, BLOCK);
        }
        return all;
    }
}
