package org.aetherdsp.nodes.std;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;

import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.api.StateBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Long-memory state: each effect set so that seconds of history matter (a 1.5 s delay with
 * feedback, a long reverb tail, grains reading 1 s back), saved after 3 s of noise, continues
 * bit for bit in a fresh instance, and differs from one that was not restored.
 */
class EffectStateTest {

    private static NodeUnderTest configured(String typeId) {
        NodeUnderTest n = NodeUnderTest.of(typeId);
        switch (typeId) {
            case Delay.TYPE_ID -> n.set("time", 1500.3f).set("feedback", 0.9f).set("mix", 1f);
            case Chorus.TYPE_ID -> n.set("rate", 0.37f).set("depth", 5f).set("voices", 3f);
            case Reverb.TYPE_ID -> n.set("room", 0.95f).set("damp", 0.2f).set("mix", 1f);
            case Compressor.TYPE_ID -> n.set("threshold", -40f).set("release", 1500f);
            case Waveshaper.TYPE_ID -> n.set("mode", 3f).set("downsample", 37f).set("bits", 5f);
            case Granular.TYPE_ID -> n.set("position", 1000f).set("scatter", 0.7f).set("pitch", -5f).set("mix", 1f);
            default -> throw new IllegalArgumentException(typeId);
        }
        return n;
    }

    /** Renders {@code blocks} blocks of seeded noise; returns every output, concatenated. */
    private static float[] noise(NodeUnderTest n, int blocks, long seed) {
        Random random = new Random(seed);
        int outs = n.outputs.length;
        float[] all = new float[blocks * outs * NodeUnderTest.BLOCK];
        for (int b = 0; b < blocks; b++) {
            for (float[] in : n.inputs) {
                for (int i = 0; i < in.length; i++) {
                    in[i] = random.nextFloat() * 2f - 1f;
                }
            }
            n.processBlock();
            for (int o = 0; o < outs; o++) {
                System.arraycopy(n.outputs[o], 0, all, (b * outs + o) * NodeUnderTest.BLOCK, NodeUnderTest.BLOCK);
            }
        }
        return all;
    }

    private static final int THREE_SECONDS = 3 * 48_000 / NodeUnderTest.BLOCK;

    @ParameterizedTest
    @ValueSource(strings = {Delay.TYPE_ID, Chorus.TYPE_ID, Reverb.TYPE_ID, Compressor.TYPE_ID, Waveshaper.TYPE_ID,
        Granular.TYPE_ID})
    void stateSavedAfterThreeSecondsContinuesBitIdenticallyInAFreshInstance(String typeId) {
        NodeUnderTest original = configured(typeId);
        noise(original, THREE_SECONDS, 1);
        StateBuffer state = new StateBuffer(original.node.stateSize());
        original.node.saveState(state);

        NodeUnderTest restored = configured(typeId);
        restored.node.loadState(StateBuffer.wrapCopy(state.toByteArray()), original.node.stateVersion());
        NodeUnderTest unrestored = configured(typeId);

        float[] expected = noise(original, THREE_SECONDS / 2, 2);
        assertArrayEquals(expected, noise(restored, THREE_SECONDS / 2, 2));
        assertFalse(Arrays.equals(expected, noise(unrestored, THREE_SECONDS / 2, 2)),
                "the saved state must matter for this test to mean anything");
        System.out.println(typeId + ": " + state.size() + " of " + original.node.stateSize()
                + " declared state bytes restore 1.5 s bit for bit");
    }

    @ParameterizedTest
    @ValueSource(strings = {Delay.TYPE_ID, Chorus.TYPE_ID, Reverb.TYPE_ID, Compressor.TYPE_ID, Waveshaper.TYPE_ID,
        Granular.TYPE_ID})
    void afterResetOutputEqualsAFreshlyPreparedNode(String typeId) {
        NodeUnderTest used = configured(typeId);
        noise(used, THREE_SECONDS, 3);
        used.node.reset();
        assertArrayEquals(noise(configured(typeId), 200, 4), noise(used, 200, 4));
    }

    @ParameterizedTest
    @ValueSource(strings = {Delay.TYPE_ID, Chorus.TYPE_ID, Reverb.TYPE_ID, Granular.TYPE_ID})
    void stateSavedAtAnotherSampleRateIsRefused(String typeId) {
        DspNode at48k = NodeUnderTest.type(typeId).create();
        at48k.prepare(ProcessContext.of(48_000f, 64, 0));
        StateBuffer state = new StateBuffer(at48k.stateSize());
        at48k.saveState(state);
        DspNode at44k = NodeUnderTest.type(typeId).create();
        at44k.prepare(ProcessContext.of(44_100f, 64, 0));
        assertThrows(IllegalArgumentException.class, () -> at44k.loadState(state, at48k.stateVersion()));
    }

    @ParameterizedTest
    @ValueSource(strings = {Delay.TYPE_ID, Chorus.TYPE_ID, Reverb.TYPE_ID, Compressor.TYPE_ID, Waveshaper.TYPE_ID,
        Granular.TYPE_ID})
    void anUnknownStateVersionIsRefused(String typeId) {
        DspNode node = NodeUnderTest.type(typeId).create();
        node.prepare(ProcessContext.of(48_000f, 64, 0));
        StateBuffer state = new StateBuffer(node.stateSize());
        node.saveState(state);
        assertEquals(1, node.stateVersion());
        assertThrows(IllegalArgumentException.class, () -> node.loadState(state, 2));
    }
}
