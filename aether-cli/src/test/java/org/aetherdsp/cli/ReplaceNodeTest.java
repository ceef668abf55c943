package org.aetherdsp.cli;

import java.util.List;
import java.util.stream.Stream;
import org.aetherdsp.api.NodeType;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.nodes.std.Sampler;
import org.aetherdsp.nodes.std.StdNodeProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replacing a running node by another of the same type hands over its state: no phase reset,
 * no click. The strictest form: two identical engines render side by side, one replaces the
 * node mid-render (with its parameters mid-ramp), and their outputs stay bit-identical.
 */
class ReplaceNodeTest {

    @TestFactory
    Stream<DynamicTest> replacingAnyStandardNodeMidRenderChangesNotOneSample() {
        return new StdNodeProvider().nodeTypes().stream().map(type -> DynamicTest.dynamicTest(type.id(), () -> {
            Engine kept = Engine.builder().build();
            Engine replaced = Engine.builder().build();
            EveryNodePatch a = EveryNodePatch.build(kept, List.of(type));
            EveryNodePatch b = EveryNodePatch.build(replaced, List.of(type));
            long node = b.nodes[b.nodes.length - 2]; // the node under test; the last is the mixer
            long twin = a.nodes[a.nodes.length - 2];
            float[][] x = new float[2][64];
            float[][] y = new float[2][64];
            for (int block = 0; block < 1500; block++) {
                if (block == 700) { // start ramps on both, so the replacement happens mid-ramp
                    new RandomAutomation(kept, new long[] {twin}, 5).step(kept);
                    new RandomAutomation(replaced, new long[] {node}, 5).step(replaced);
                }
                if (block == 710) {
                    replaced.replace(node, fresh -> {
                        if (fresh instanceof Sampler s) {
                            s.load(EveryNodePatch.samplerTable(), 48_000f); // content, not state
                        }
                    });
                }
                kept.process(x);
                replaced.process(y);
                for (int ch = 0; ch < 2; ch++) {
                    for (int i = 0; i < 64; i++) {
                        if (Float.floatToIntBits(x[ch][i]) != Float.floatToIntBits(y[ch][i])) {
                            throw new AssertionError(type.id() + ": block " + block + " channel " + ch + " frame " + i
                                    + ": " + x[ch][i] + " vs " + y[ch][i] + " after replacing at block 710");
                        }
                    }
                }
            }
            if (!replaced.drainFaults().isEmpty()) {
                throw new AssertionError(type.id() + ": the state handover failed: " + replaced.drainFaults());
            }
        }));
    }

    static List<NodeType> types() {
        return new StdNodeProvider().nodeTypes();
    }
}
