package org.aetherdsp.testkit;

import java.util.Arrays;
import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.NodeType;
import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.core.param.SmoothedParam;
import org.aetherdsp.core.param.SmoothedParams;

/**
 * Drives one node by hand exactly as the engine does: prepared once, then per block its
 * outputs are poisoned with NaN (so an unwritten sample shows), {@code process} is called,
 * and its parameters are advanced. Allocation-free after construction.
 */
final class NodeHarness {

    /** What every input port receives. */
    enum Input {
        SILENCE("silence"), NOISE("full-scale white noise"), DC_POSITIVE("DC at +1"), DC_NEGATIVE("DC at -1");

        final String description;

        Input(String description) {
            this.description = description;
        }
    }

    final NodeType type;
    final DspNode node;
    SmoothedParams params;
    private final float[][] inputs;
    private final float[][] outputs;
    private final Context context;

    NodeHarness(NodeType type, float sampleRate, int blockSize) {
        this.type = type;
        NodeDescriptor d = type.descriptor();
        this.node = type.create();
        this.context = new Context(sampleRate, blockSize);
        node.prepare(ProcessContext.of(sampleRate, blockSize, 0));
        this.params = new SmoothedParams(d);
        this.inputs = new float[d.inputCount()][blockSize];
        this.outputs = new float[d.outputCount()][blockSize];
    }

    /** Renders one block with {@code input} on every input port. */
    void render(Input input, Xorshift random) {
        for (float[] in : inputs) {
            switch (input) {
                case SILENCE -> Arrays.fill(in, 0f);
                case DC_POSITIVE -> Arrays.fill(in, 1f);
                case DC_NEGATIVE -> Arrays.fill(in, -1f);
                default -> {
                    for (int i = 0; i < in.length; i++) {
                        in[i] = random.nextFloat() * 2f - 1f;
                    }
                }
            }
        }
        for (float[] out : outputs) {
            Arrays.fill(out, Float.NaN);
        }
        node.process(inputs, outputs, params, context);
        params.advance(context.blockSize);
        context.position += context.blockSize;
    }

    /** Sends one parameter a random target inside its range, with a random ramp of up to 50 ms. */
    void automate(Xorshift random) {
        if (params.size() == 0) {
            return;
        }
        SmoothedParam p = params.get(random.nextInt(params.size()));
        float target = p.spec().min() + (p.spec().max() - p.spec().min()) * random.nextFloat();
        p.setTarget(target, random.nextInt((int) (context.sampleRate / 20)));
    }

    /** Sets every parameter at once. */
    void setAll(float[] values) {
        for (int i = 0; i < values.length; i++) {
            params.get(i).setTarget(values[i], 0);
        }
    }

    void settleParams() {
        for (int i = 0; i < params.size(); i++) {
            params.get(i).settle();
        }
    }

    void resetParams() {
        params = new SmoothedParams(type.descriptor());
    }

    void copyParamsFrom(NodeHarness other) {
        for (int i = 0; i < params.size(); i++) {
            params.get(i).setTarget(other.params.get(i).value(), 0);
        }
    }

    /** @return a description of the first output sample that is NaN (unwritten) or infinite, or null */
    String firstBadOutput() {
        for (int o = 0; o < outputs.length; o++) {
            for (int i = 0; i < outputs[o].length; i++) {
                float v = outputs[o][i];
                if (Float.isNaN(v)) {
                    return "output " + o + " (" + type.descriptor().outputs().get(o) + ") frame " + i
                            + " is NaN: not written, or the node produced NaN";
                }
                if (Float.isInfinite(v)) {
                    return "output " + o + " (" + type.descriptor().outputs().get(o) + ") frame " + i + " is " + v;
                }
            }
        }
        return null;
    }

    /**
     * Renders {@code blocks} blocks of noise input with automation every 8 blocks, and keeps
     * a copy of every output.
     */
    float[][][] record(int blocks, Xorshift random) {
        float[][][] out = new float[blocks][outputs.length][];
        for (int b = 0; b < blocks; b++) {
            if ((b & 7) == 0) {
                automate(random);
            }
            render(Input.NOISE, random);
            for (int o = 0; o < outputs.length; o++) {
                out[b][o] = outputs[o].clone();
            }
        }
        return out;
    }

    /** The engine's context as a node sees it, advanced per block. */
    private static final class Context implements ProcessContext {
        final float sampleRate;
        final int blockSize;
        long position;

        Context(float sampleRate, int blockSize) {
            this.sampleRate = sampleRate;
            this.blockSize = blockSize;
        }

        @Override
        public float sampleRate() {
            return sampleRate;
        }

        @Override
        public int blockSize() {
            return blockSize;
        }

        @Override
        public long samplePosition() {
            return position;
        }
    }
}
