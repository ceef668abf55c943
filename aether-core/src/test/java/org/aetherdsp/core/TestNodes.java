package org.aetherdsp.core;

import java.util.List;
import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.NodeProvider;
import org.aetherdsp.api.NodeType;
import org.aetherdsp.api.ParamBlock;
import org.aetherdsp.api.ParamSpec;
import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.core.engine.Engine;

/** Small node types whose output is known exactly, for testing the engine itself. */
public final class TestNodes implements NodeProvider {

    /** Writes its {@code value} param (smoothed per sample). */
    public static final NodeType CONST = NodeType.of("test.const",
            NodeDescriptor.builder("Constant").output("out")
                    .param(ParamSpec.of("value", -1000f, 1000f, 0f, "", 0f)).build(),
            () -> new DspNode() {
                @Override
                public void process(float[][] in, float[][] out, ParamBlock p, ProcessContext ctx) {
                    p.get(0).fill(out[0], ctx.blockSize());
                }
            });

    /** Copies its input times {@code gain}. */
    public static final NodeType PASS = NodeType.of("test.pass",
            NodeDescriptor.builder("Pass").input("in").output("out")
                    .param(ParamSpec.of("gain", -10f, 10f, 1f, "", 0f)).build(),
            () -> new DspNode() {
                @Override
                public void process(float[][] in, float[][] out, ParamBlock p, ProcessContext ctx) {
                    float g = p.get(0).value();
                    for (int i = 0; i < ctx.blockSize(); i++) {
                        out[0][i] = in[0][i] * g;
                    }
                }
            });

    /** out0 = in0 + in1, out1 = in0 - in1. */
    public static final NodeType ADD = NodeType.of("test.add",
            NodeDescriptor.builder("Add").input("a").input("b").output("sum").output("diff").build(),
            () -> new DspNode() {
                @Override
                public void process(float[][] in, float[][] out, ParamBlock p, ProcessContext ctx) {
                    for (int i = 0; i < ctx.blockSize(); i++) {
                        out[0][i] = in[0][i] + in[1][i];
                        out[1][i] = in[0][i] - in[1][i];
                    }
                }
            });

    /** Does nothing at all (the scheduler benchmark's node). */
    public static final NodeType NOOP = NodeType.of("test.noop",
            NodeDescriptor.builder("No-op").input("in").output("out").build(),
            () -> (in, out, p, ctx) -> { });

    /** Copies its input, but throws from the block at which {@code failAt} frames have passed. */
    public static final NodeType THROW = NodeType.of("test.throw",
            NodeDescriptor.builder("Thrower").input("in").output("out")
                    .param(ParamSpec.of("failAt", 0f, 1e9f, 0f, "frames", 0f)).build(),
            () -> new DspNode() {
                @Override
                public void process(float[][] in, float[][] out, ParamBlock p, ProcessContext ctx) {
                    if (ctx.samplePosition() >= (long) p.get(0).value()) {
                        throw new IllegalStateException("deliberate failure at frame " + ctx.samplePosition());
                    }
                    System.arraycopy(in[0], 0, out[0], 0, ctx.blockSize());
                }
            });

    /** Writes NaN, +Inf, -Inf and 0.5 in turn. */
    public static final NodeType NAN = NodeType.of("test.nan",
            NodeDescriptor.builder("Non-finite source").output("out").build(),
            () -> new DspNode() {
                @Override
                public void process(float[][] in, float[][] out, ParamBlock p, ProcessContext ctx) {
                    for (int i = 0; i < ctx.blockSize(); i++) {
                        int k = i & 3;
                        out[0][i] = k == 0 ? Float.NaN : k == 1 ? Float.POSITIVE_INFINITY : k == 2 ? Float.NEGATIVE_INFINITY : 0.5f;
                    }
                }
            });

    /** Output k is 1 while input k is connected ({@link ProcessContext#isConnected}), 0 while not. */
    public static final NodeType PORTS = NodeType.of("test.ports",
            NodeDescriptor.builder("Connection probe").input("a").input("b").input("c")
                    .output("a").output("b").output("c").build(),
            () -> new DspNode() {
                @Override
                public void process(float[][] in, float[][] out, ParamBlock p, ProcessContext ctx) {
                    for (int k = 0; k < 3; k++) {
                        java.util.Arrays.fill(out[k], 0, ctx.blockSize(), ctx.isConnected(k) ? 1f : 0f);
                    }
                }
            });

    /** A loud source: writes {@code amp} (default 1, up to 200, smoothed per sample), like an oscillator at full level. */
    public static final NodeType LOUD = NodeType.of("test.loud",
            NodeDescriptor.builder("Loud source").output("out")
                    .param(ParamSpec.of("amp", 0f, 200f, 1f, "", 0f)).build(),
            () -> new DspNode() {
                @Override
                public void process(float[][] in, float[][] out, ParamBlock p, ProcessContext ctx) {
                    p.get(0).fill(out[0], ctx.blockSize());
                }
            });

    @Override
    public List<NodeType> nodeTypes() {
        return List.of(CONST, PASS, ADD, NOOP, THROW, NAN, PORTS, LOUD);
    }

    /** @return a builder for an engine that knows exactly the test node types */
    public static Engine.Builder engine() {
        return Engine.builder().discoverNodeTypes(false).nodeProvider(new TestNodes());
    }
}
