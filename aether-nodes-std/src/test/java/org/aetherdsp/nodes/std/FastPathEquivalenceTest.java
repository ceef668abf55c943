package org.aetherdsp.nodes.std;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.aetherdsp.api.NodeType;
import org.aetherdsp.api.ParamSpec;
import org.aetherdsp.api.StateBuffer;
import org.aetherdsp.core.param.SmoothedParam;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every std node renders the same bits whether an input it reads as silence is reported
 * unconnected (the engine's answer for an input with no source, which lets a node take its
 * fast path) or connected (a source that happens to be silent: the general path). For each
 * node type and each input alone, and for all inputs at once: two instances, one with the
 * input unconnected, one with it connected to silence, every other input on the same fresh
 * noise each block, through the same parameter script (settled, then ramps, jumps, a change
 * stamped inside a block, settled again, so both paths and the moves between them run).
 * Outputs must match to the last bit, and so must the saved states at the end.
 */
class FastPathEquivalenceTest {

    private static final int BLOCKS = 120;

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (NodeType t : new StdNodeProvider().nodeTypes()) {
            List<String> inputs = t.descriptor().inputs();
            for (String port : inputs) {
                all.add(Arguments.of(t.id(), List.of(port)));
            }
            if (inputs.size() > 1) {
                all.add(Arguments.of(t.id(), inputs));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} with {1} unconnected")
    @MethodSource("cases")
    void unconnectedInputsRenderTheSameBitsAsSilentConnectedOnes(String typeId, List<String> silent) {
        NodeUnderTest fast = NodeUnderTest.of(typeId);
        NodeUnderTest general = NodeUnderTest.of(typeId);
        for (String port : silent) {
            fast.unconnected(port);
        }
        List<String> inputs = fast.type.descriptor().inputs();
        SplittableRandom noise = new SplittableRandom(18);
        for (int b = 0; b < BLOCKS; b++) {
            for (int p = 0; p < inputs.size(); p++) {
                if (silent.contains(inputs.get(p))) {
                    continue;
                }
                for (int i = 0; i < NodeUnderTest.BLOCK; i++) {
                    float v = (float) (noise.nextDouble() * 2 - 1);
                    fast.inputs[p][i] = v;
                    general.inputs[p][i] = v;
                }
            }
            script(fast, b);
            script(general, b);
            fast.processBlock();
            general.processBlock();
            for (int o = 0; o < fast.outputs.length; o++) {
                assertArrayEquals(bits(general.outputs[o]), bits(fast.outputs[o]),
                        typeId + ", output " + o + ", block " + b + ": fast path differs from the general path");
            }
        }
        assertArrayEquals(state(general), state(fast), typeId + ": saved state differs after " + BLOCKS + " blocks");
        assertEquals(general.node.stateVersion(), fast.node.stateVersion());
    }

    static Stream<String> types() {
        return new StdNodeProvider().nodeTypes().stream().map(NodeType::id);
    }

    /**
     * A parameter that does not move is read once per block (the fast path) and gives the same
     * bits as one the node must read per frame (the general path) with the same values: the
     * second instance's parameters each carry a change, stamped far beyond the block, to the
     * value they already have, so that they report {@code isSmoothing()} while every frame
     * reads the same value. Inputs on the same noise; settled at the defaults, then jumps to
     * 30% and 70% of every range.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void settledParametersRenderTheSameBitsAsParametersThatReportARamp(String typeId) {
        NodeUnderTest fast = NodeUnderTest.of(typeId);
        NodeUnderTest general = NodeUnderTest.of(typeId);
        SplittableRandom noise = new SplittableRandom(81);
        for (int b = 0; b < BLOCKS; b++) {
            for (int p = 0; p < fast.inputs.length; p++) {
                for (int i = 0; i < NodeUnderTest.BLOCK; i++) {
                    float v = (float) (noise.nextDouble() * 2 - 1);
                    fast.inputs[p][i] = v;
                    general.inputs[p][i] = v;
                }
            }
            if (b == 40 || b == 80) {
                double fraction = b == 40 ? 0.3 : 0.7;
                for (int p = 0; p < fast.params.size(); p++) {
                    fast.params.get(p).setTarget(at(fast.params.get(p).spec(), fraction), 0);
                    general.params.get(p).setTarget(at(general.params.get(p).spec(), fraction), 0);
                }
            }
            for (int p = 0; p < general.params.size(); p++) {
                SmoothedParam param = general.params.get(p);
                param.setTarget(param.value(), 0, 1_000_000);
                assertEquals(true, param.isSmoothing());
            }
            fast.processBlock();
            general.processBlock();
            for (int o = 0; o < fast.outputs.length; o++) {
                assertArrayEquals(bits(general.outputs[o]), bits(fast.outputs[o]),
                        typeId + ", output " + o + ", block " + b + ": once-per-block read differs from the per-frame one");
            }
        }
        assertArrayEquals(state(general), state(fast), typeId + ": saved state differs after " + BLOCKS + " blocks");
    }

    /**
     * A glide (fm and pm unconnected, {@code freq} ramping, sometimes {@code amp} too) renders
     * the same bits as the general path (fm and pm connected to silence). Ramps of 1 to 200
     * blocks to random pitches from 30 Hz to 1.4 kHz, some starting inside a block: many blocks
     * stay within one mip level at a weight of 1 (the wavetable oscillators' glide path, counted
     * here from the same rule), and many do not.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"std.osc.saw", "std.osc.triangle"})
    void aGlideRendersTheSameBitsAsTheGeneralPath(String typeId) {
        NodeUnderTest fast = NodeUnderTest.of(typeId).unconnected("fm").unconnected("pm");
        NodeUnderTest general = NodeUnderTest.of(typeId);
        SplittableRandom random = new SplittableRandom(23);
        float[] freq = new float[NodeUnderTest.BLOCK];
        int oneLevel = 0;
        int other = 0;
        for (int b = 0; b < 3000; b++) {
            if (b % 40 == 0) {
                float target = (float) (30.0 * Math.pow(2.0, random.nextDouble() * 5.5));
                int frames = NodeUnderTest.BLOCK * random.nextInt(1, 200);
                int start = random.nextInt(0, NodeUnderTest.BLOCK);
                boolean amp = random.nextBoolean();
                float level = (float) random.nextDouble(0.2, 1.0);
                for (NodeUnderTest n : List.of(fast, general)) {
                    n.params.get(Oscillator.P_FREQ).setTarget(target, frames, start);
                    if (amp) {
                        n.params.get(Oscillator.P_AMP).setTarget(level, frames / 2);
                    }
                }
            }
            SmoothedParam f = fast.params.get(Oscillator.P_FREQ);
            if (f.isSmoothing() || fast.params.get(Oscillator.P_AMP).isSmoothing()) {
                f.fill(freq, NodeUnderTest.BLOCK);
                double smallest = Double.POSITIVE_INFINITY;
                double largest = 0.0;
                for (float v : freq) {
                    smallest = Math.min(smallest, v / (double) NodeUnderTest.SAMPLE_RATE);
                    largest = Math.max(largest, v / (double) NodeUnderTest.SAMPLE_RATE);
                }
                int level = BandLimitedWavetable.level(smallest);
                if (level == BandLimitedWavetable.level(largest) && BandLimitedWavetable.weight(level, largest) == 1.0) {
                    oneLevel++;
                } else {
                    other++;
                }
            }
            fast.processBlock();
            general.processBlock();
            assertArrayEquals(bits(general.outputs[0]), bits(fast.outputs[0]),
                    typeId + ", block " + b + ": the glide differs from the general path");
        }
        assertArrayEquals(state(general), state(fast), typeId + ": saved state differs after the glides");
        assertTrue(oneLevel > 300 && other > 300, "blocks within one level at weight 1: " + oneLevel + ", others: " + other);
    }

    /**
     * Blocks 0-19 settled at the defaults; 20: every parameter ramps to 30% of its range over
     * 200 frames; 40: jumps to 70%; 60: a change to 10% stamped at frame 17, ramping over 100
     * frames; 80: back to the default over 1000 frames; then settled. Stepped parameters
     * (no smoothing) jump.
     */
    private static void script(NodeUnderTest n, int block) {
        for (int p = 0; p < n.params.size(); p++) {
            SmoothedParam param = n.params.get(p);
            ParamSpec s = param.spec();
            boolean stepped = s.smoothingMs() == 0f;
            switch (block) {
                case 20 -> param.setTarget(at(s, 0.3), stepped ? 0 : 200);
                case 40 -> param.setTarget(at(s, 0.7), 0);
                case 60 -> param.setTarget(at(s, 0.1), stepped ? 0 : 100, 17);
                case 80 -> param.setTarget(s.defaultValue(), stepped ? 0 : 1000);
                default -> {
                }
            }
        }
    }

    private static float at(ParamSpec s, double fraction) {
        return (float) (s.min() + (s.max() - s.min()) * fraction);
    }

    private static int[] bits(float[] x) {
        int[] b = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            b[i] = Float.floatToRawIntBits(x[i]);
        }
        return b;
    }

    private static byte[] state(NodeUnderTest n) {
        StateBuffer buffer = new StateBuffer(n.node.stateSize());
        n.node.saveState(buffer);
        return buffer.toByteArray();
    }
}
