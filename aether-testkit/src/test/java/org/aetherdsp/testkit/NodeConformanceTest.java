package org.aetherdsp.testkit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.NodeType;
import org.aetherdsp.api.ParamBlock;
import org.aetherdsp.api.ParamSpec;
import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.api.StateReader;
import org.aetherdsp.api.StateWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.opentest4j.AssertionFailedError;

/** Each conformance check fails on a node that breaks exactly its rule, and passes a good one. */
class NodeConformanceTest {

    private static final NodeDescriptor ONE_IN_ONE_OUT = NodeDescriptor.builder("Fixture").input("in").output("out")
            .param(ParamSpec.of("level", 0f, 2f, 1f, "", 5f)).build();

    private static NodeType type(String id, Supplier<DspNode> factory) {
        return NodeType.of("fixture." + id, ONE_IN_ONE_OUT, factory);
    }

    private static NodeConformance suite(NodeType type) {
        return NodeConformance.forTypes(type);
    }

    private static void fails(Executable check, String... fragments) {
        AssertionFailedError e = assertThrows(AssertionFailedError.class, check);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message should mention '" + f + "': " + e.getMessage());
        }
    }

    /** A well-behaved node with state: a phase-accumulating ring modulator. */
    static class GoodNode implements DspNode {
        double phase;

        @Override
        public void process(float[][] in, float[][] out, ParamBlock p, ProcessContext ctx) {
            for (int i = 0; i < ctx.blockSize(); i++) {
                out[0][i] = in[0][i] * p.get(0).valueAt(i) * (float) Math.sin(2 * Math.PI * phase);
                phase += 0.01;
                if (phase >= 1) {
                    phase -= 1;
                }
            }
        }

        @Override
        public void reset() {
            phase = 0;
        }

        @Override
        public int stateSize() {
            return 8;
        }

        @Override
        public void saveState(StateWriter w) {
            w.writeDouble(phase);
        }

        @Override
        public void loadState(StateReader r, int version) {
            phase = r.readDouble();
        }
    }

    @Test
    void aWellBehavedNodePassesEveryCheck() {
        NodeConformance s = suite(type("good", GoodNode::new));
        NodeType t = type("good", GoodNode::new);
        s.descriptorIsSane(t);
        s.processAllocatesNothing(t);
        s.outputIsFiniteAndComplete(t);
        s.resetMakesOutputReproducible(t);
        s.stateContinuesIdentically(t);
    }

    @Test
    void allocatingProcessIsCaught() {
        NodeType t = type("allocating", () -> new GoodNode() {
            float[] last;

            @Override
            public void process(float[][] in, float[][] out, ParamBlock p, ProcessContext ctx) {
                last = in[0].clone();
                super.process(in, out, p, ctx);
            }
        });
        fails(() -> suite(t).processAllocatesNothing(t), "fixture.allocating", "allocates", "bytes per round");
    }

    @Test
    void unwrittenOutputIsCaught() {
        NodeType t = type("lazy", () -> (in, out, p, ctx) -> {
            for (int i = 0; i < ctx.blockSize() / 2; i++) {
                out[0][i] = in[0][i];
            }
        });
        fails(() -> suite(t).outputIsFiniteAndComplete(t), "fixture.lazy", "frame 32", "not written");
    }

    @Test
    void infiniteOutputAtAParamExtremeIsCaught() {
        NodeType t = type("blowup", () -> (in, out, p, ctx) -> {
            for (int i = 0; i < ctx.blockSize(); i++) {
                out[0][i] = p.get(0).value() == 0f ? in[0][i] / 0f : in[0][i];
            }
        });
        fails(() -> suite(t).outputIsFiniteAndComplete(t), "fixture.blowup", "all at minimum");
    }

    @Test
    void nodeWhoseResetForgetsStateIsCaught() {
        NodeType t = type("noreset", () -> new GoodNode() {
            @Override
            public void reset() {
            }
        });
        fails(() -> suite(t).resetMakesOutputReproducible(t), "fixture.noreset", "after reset()");
    }

    @Test
    void nodeWithHiddenGlobalStateIsCaught() {
        NodeType t = type("global", () -> (in, out, p, ctx) -> {
            for (int i = 0; i < ctx.blockSize(); i++) {
                out[0][i] = in[0][i] * (float) Math.random();
            }
        });
        fails(() -> suite(t).resetMakesOutputReproducible(t), "fixture.global", "fresh instance");
    }

    @Test
    void stateThatIsNotSavedIsCaught() {
        NodeType t = type("forgetful", () -> new GoodNode() {
            @Override
            public int stateSize() {
                return 0;
            }

            @Override
            public void saveState(StateWriter w) {
            }

            @Override
            public void loadState(StateReader r, int version) {
            }
        });
        fails(() -> suite(t).stateContinuesIdentically(t), "fixture.forgetful", "after loadState()", "0 bytes");
    }

    @Test
    void stateLargerThanDeclaredIsCaught() {
        NodeType t = type("overflow", () -> new GoodNode() {
            @Override
            public int stateSize() {
                return 4;
            }
        });
        fails(() -> suite(t).stateContinuesIdentically(t), "fixture.overflow", "more than stateSize() = 4");
    }

    @Test
    void factoryReturningTheSameInstanceIsCaught() {
        DspNode shared = new GoodNode();
        NodeType t = type("singleton", () -> shared);
        fails(() -> suite(t).descriptorIsSane(t), "fixture.singleton", "new node each time");
    }
}
