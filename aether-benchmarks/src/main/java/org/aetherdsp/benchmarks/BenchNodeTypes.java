package org.aetherdsp.benchmarks;

import java.util.Arrays;
import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.NodeType;
import org.aetherdsp.api.ParamBlock;
import org.aetherdsp.api.ProcessContext;

/** Node types that exist only to measure the engine around them. */
final class BenchNodeTypes {

    /** {@code bench.noop}: one input, one output, {@code process} does nothing at all. */
    static final NodeType NOOP = NodeType.of("bench.noop",
            NodeDescriptor.builder("No-op").input("in").output("out").build(),
            NoOp::new);

    /** The value {@link #CONST} writes on every frame. */
    static final float CONST_VALUE = 0.5f;

    /** {@code bench.const}: no input, one output filled with {@link #CONST_VALUE}. */
    static final NodeType CONST = NodeType.of("bench.const",
            NodeDescriptor.builder("Constant").output("out").build(),
            Const::new);

    private BenchNodeTypes() {
    }

    private static final class NoOp implements DspNode {
        @Override
        public void process(float[][] inputs, float[][] outputs, ParamBlock params, ProcessContext context) {
        }
    }

    private static final class Const implements DspNode {
        @Override
        public void process(float[][] inputs, float[][] outputs, ParamBlock params, ProcessContext context) {
            Arrays.fill(outputs[0], 0, context.blockSize(), CONST_VALUE);
        }
    }
}
