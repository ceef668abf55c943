package org.aetherdsp.nodes.std;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.aetherdsp.api.StateBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * State capture and reset of the stateful nodes in configurations the conformance suite does
 * not reach (it runs them with default patterns and no tables): a fresh instance that loads
 * the state continues bit for bit, including what the control side set up.
 */
class UtilityStateTest {

    private static final float[] TABLE = new float[3000];

    static {
        for (int i = 0; i < TABLE.length; i++) {
            TABLE[i] = (float) Math.sin(i * 0.05) * (1 - i / 3000f);
        }
    }

    /** A node, what the application does to it before it runs, and what drives its input. */
    record Scenario(String typeId, Consumer<NodeUnderTest> setUp, String port, SignalDriver.Signal signal) {
        @Override
        public String toString() {
            return typeId;
        }
    }

    static Stream<Arguments> scenarios() {
        return Stream.of(
                Arguments.of(new Scenario(AdsrEnvelope.TYPE_ID, n -> n.set("attack", 30f).set("decay", 80f).set("release", 50f),
                        "gate", f -> (f / 3000) % 2 == 0 ? 1f : 0f)),
                Arguments.of(new Scenario(StepSequencer.TYPE_ID, n -> {
                    n.set("bpm", 133f).set("swing", 0.1f).set("steps", 5f);
                    ((Sequencer) n.node).setPattern(new float[] {110f, 0f, 220f, 330f, 440f},
                            new boolean[] {true, false, true, true, false});
                }, null, null)),
                Arguments.of(new Scenario(PluckedString.TYPE_ID, n -> n.set("freq", 173f).set("seed", 9f),
                        "trigger", f -> f % 20_000 < 10 ? 1f : 0f)),
                Arguments.of(new Scenario(SamplePlayer.TYPE_ID, n -> {
                    n.set("loop", 1f).set("loop_start", 0.3f).set("loop_end", 0.9f).set("pitch", 3.3f);
                    ((Sampler) n.node).load(TABLE, 44_100f);
                }, "trigger", f -> f >= 10 ? 1f : 0f)),
                Arguments.of(new Scenario(LevelMeter.TYPE_ID, n -> n.set("window", 170f).set("hold", 20f),
                        "in", f -> (float) Math.sin(f * 0.01) * (f % 9000 < 4000 ? 1f : 0.1f))));
    }

    private static NodeUnderTest create(Scenario s) {
        NodeUnderTest n = NodeUnderTest.of(s.typeId());
        s.setUp().accept(n);
        return n;
    }

    /**
     * Renders blocks from {@code firstFrame} and returns every output port, block by block;
     * for a meter, its two readings after each block as well.
     */
    private static float[] run(NodeUnderTest n, Scenario s, long firstFrame, int blocks) {
        float[] all = new float[0];
        for (int b = 0; b < blocks; b++) {
            float[][] out = SignalDriver.render(n, firstFrame + (long) b * NodeUnderTest.BLOCK, NodeUnderTest.BLOCK,
                    s.port(), s.signal(), null);
            for (float[] port : out) {
                all = concat(all, port);
            }
            if (n.node instanceof Meter m) {
                all = concat(all, new float[] {m.peak(), m.rms()});
            }
        }
        return all;
    }

    private static float[] concat(float[] a, float[] b) {
        float[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void stateLoadedIntoAFreshInstanceContinuesBitForBit(Scenario s) {
        int before = 1537;
        NodeUnderTest original = create(s);
        run(original, s, 0, before);
        StateBuffer state = new StateBuffer(original.node.stateSize());
        original.node.saveState(state);
        assertTrue(state.size() <= original.node.stateSize());

        NodeUnderTest restored = create(s);
        restored.node.loadState(StateBuffer.wrapCopy(state.toByteArray()), original.node.stateVersion());
        NodeUnderTest unrestored = create(s);

        long at = (long) before * NodeUnderTest.BLOCK;
        float[] expected = run(original, s, at, 600);
        assertArrayEquals(expected, run(restored, s, at, 600), s.typeId() + " continues from its state");
        assertFalse(Arrays.equals(expected, run(unrestored, s, at, 600)),
                "the state must matter for this test to mean anything");
        System.out.println(s.typeId() + ": " + state.size() + " bytes of state (stateSize " + original.node.stateSize()
                + ") continue bit for bit over 600 blocks");
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void afterResetTheNodeRendersLikeAFreshOneWithTheSameSetUp(Scenario s) {
        NodeUnderTest used = create(s);
        run(used, s, 0, 777);
        used.node.reset();
        float[] afterReset = run(used, s, 0, 600);
        float[] fresh = run(create(s), s, 0, 600);
        assertArrayEquals(fresh, afterReset, s.typeId() + " after reset");
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void fixedLayoutsWriteExactlyStateSizeBytes(Scenario s) {
        NodeUnderTest n = create(s);
        run(n, s, 0, 10);
        StateBuffer state = UtilityStability.stateOf(n.node);
        assertEquals(n.node.stateSize(), state.size(), s.typeId());
    }
}
