package com.acme.tremolo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.core.param.SmoothedParams;
import org.junit.jupiter.api.Test;

/** What the nodes do to a signal, against the formulas in their Javadoc. */
class AcmeNodesTest {

    private static final float RATE = 48_000f;
    private static final int BLOCK = 64;

    /** Runs {@code blocks} blocks of constant input through a prepared node, the way the engine does. */
    private static float[] run(DspNode node, NodeDescriptor descriptor, float input, int blocks, float... params) {
        SmoothedParams block = new SmoothedParams(descriptor);
        for (int i = 0; i < params.length; i++) {
            block.get(i).setTarget(params[i], 0);
        }
        node.prepare(ProcessContext.of(RATE, BLOCK, 0));
        float[][] in = {new float[BLOCK]};
        Arrays.fill(in[0], input);
        float[] all = new float[blocks * BLOCK];
        for (int b = 0; b < blocks; b++) {
            float[][] out = {new float[BLOCK]};
            node.process(in, out, block, ProcessContext.of(RATE, BLOCK, (long) b * BLOCK));
            block.advance(BLOCK);
            System.arraycopy(out[0], 0, all, b * BLOCK, BLOCK);
        }
        return all;
    }

    @Test
    void tremoloAtFullDepthSwingsFromFullLevelToSilenceOncePerCycle() {
        // 7.5 Hz at 48 kHz: one cycle is 6400 frames, 100 blocks; the trough is at frame 3200.
        float[] out = run(new Tremolo(), Tremolo.DESCRIPTOR, 0.8f, 100, 7.5f, 1f);
        assertEquals(0.8f, out[0], 1e-6f);
        assertEquals(0f, out[3200], 1e-6f);
        assertEquals(0.4f, out[1600], 1e-4f);
        assertEquals(0.8f, out[6399], 1e-5f);
    }

    @Test
    void tremoloAtZeroDepthPassesTheInputUnchanged() {
        float[] out = run(new Tremolo(), Tremolo.DESCRIPTOR, 0.3f, 10, 5f, 0f);
        for (float v : out) {
            assertEquals(0.3f, v);
        }
    }

    @Test
    void bitcrusherRoundsToTheStepOfItsBitDepth() {
        // 3 bits: steps of 1/4, so 0.3 becomes 0.25 and 0.4 becomes 0.5.
        assertEquals(0.25f, run(new Bitcrusher(), Bitcrusher.DESCRIPTOR, 0.3f, 1, 3f, 1f, 1f)[10]);
        assertEquals(0.5f, run(new Bitcrusher(), Bitcrusher.DESCRIPTOR, 0.4f, 1, 3f, 1f, 1f)[10]);
        assertEquals(1f, run(new Bitcrusher(), Bitcrusher.DESCRIPTOR, 1f, 1, 1f, 1f, 1f)[10]);
    }

    @Test
    void bitcrusherHoldsEachSampleForHoldFrames() {
        Bitcrusher node = new Bitcrusher();
        SmoothedParams params = new SmoothedParams(Bitcrusher.DESCRIPTOR);
        params.get(Bitcrusher.BITS).setTarget(16f, 0);
        params.get(Bitcrusher.HOLD).setTarget(4f, 0);
        node.prepare(ProcessContext.of(RATE, BLOCK, 0));
        float[][] in = {new float[BLOCK]};
        for (int i = 0; i < BLOCK; i++) {
            in[0][i] = i / 64f;
        }
        float[][] out = {new float[BLOCK]};
        node.process(in, out, params, ProcessContext.of(RATE, BLOCK, 0));
        for (int i = 0; i < BLOCK; i++) {
            assertEquals((i / 4 * 4) / 64f, out[0][i], "frame " + i);
        }
    }

    @Test
    void bitcrusherAtZeroMixPassesTheInputUnchanged() {
        float[] out = run(new Bitcrusher(), Bitcrusher.DESCRIPTOR, 0.3f, 2, 2f, 8f, 0f);
        for (float v : out) {
            assertEquals(0.3f, v);
        }
    }
}
