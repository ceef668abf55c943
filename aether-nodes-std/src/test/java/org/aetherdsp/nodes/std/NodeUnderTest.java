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
 *
 * <p>Every input counts as connected (the node takes its general path) until
 * {@link #unconnected} marks one as the engine would an input with no source: it reads
 * silence and {@link ProcessContext#isConnected} answers false for it, so the node may take
 * its fast path.
 */
final class NodeUnderTest {

    static final float SAMPLE_RATE = 48_000f;
    static final int BLOCK = 64;

    final NodeType type;
    final DspNode node;
    final SmoothedParams params;
    final float[][] inputs;
    final float[][] outputs;
    /** Which inputs {@link #context} reports as connected; all, until {@link #unconnected}. */
    final boolean[] connected;
    final ProcessContext context;

    private NodeUnderTest(NodeType type) {
        this.type = type;
        this.node = type.create();
        NodeDescriptor d = type.descriptor();
        this.params = new SmoothedParams(d);
        this.inputs = new float[d.inputCount()][BLOCK];
        this.outputs = new float[d.outputCount()][BLOCK];
        this.connected = new boolean[d.inputCount()];
        Arrays.fill(connected, true);
        this.context = new HandContext(connected);
        node.prepare(ProcessContext.of(SAMPLE_RATE, BLOCK, 0));
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

    /**
     * Marks an input as having no source: from the next block it reads silence (its buffer is
     * zeroed, and must stay so) and the context reports it unconnected.
     */
    NodeUnderTest unconnected(String port) {
        int i = type.descriptor().inputs().indexOf(port);
        if (i < 0) {
            throw new IllegalArgumentException(type.id() + " has no input " + port);
        }
        connected[i] = false;
        Arrays.fill(inputs[i], 0f);
        return this;
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

    /**
     * The context of a hand-driven node: 48 kHz, 64 frames, position 0, and the connection
     * flags of {@link #connected}, as the engine's per-node context answers them.
     */
    static final class HandContext implements ProcessContext {
        private final boolean[] connected;

        HandContext(boolean[] connected) {
            this.connected = connected;
        }

        @Override
        public float sampleRate() {
            return SAMPLE_RATE;
        }

        @Override
        public int blockSize() {
            return BLOCK;
        }

        @Override
        public long samplePosition() {
            return 0;
        }

        @Override
        public boolean isConnected(int inputPort) {
            return inputPort >= 0 && inputPort < connected.length && connected[inputPort];
        }
    }
}
