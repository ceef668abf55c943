package org.aetherdsp.nodes.std;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.ParamSpec;
import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.core.param.SmoothedParams;
import org.aetherdsp.testkit.AllocationProbe;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code process} (with the engine's {@code setTarget}/{@code advance} around it) allocates
 * nothing once the JIT has settled. The first measured round may show a few hundred bytes
 * from OSR compilation of the loop, so only the later rounds must be exactly zero.
 */
class ZeroAllocationTest {

    /** Long enough for the JIT to have seen every branch the automation below takes (at 20,000 a late deoptimisation charged the saw 72 to 112 bytes once). */
    private static final int WARMUP_BLOCKS = 100_000;
    private static final int MAX_ROUNDS = 12;
    private static final int STRICT_ROUNDS = 3;
    private static final int BLOCKS_PER_ROUND = 10_000;
    private static final int RETARGET_EVERY = 16;
    private static final int RAMP_FRAMES = 480;
    private static final double[] TARGET_FRACTIONS = {0.1, 0.6, 0.3, 0.9};

    @ParameterizedTest
    @ValueSource(strings = {"std.osc.sine", "std.osc.saw", "std.gain", "std.mix", "std.comb"})
    void processAllocatesNothingOnceWarm(String typeId) {
        assertTrue(((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                .isThreadAllocatedMemorySupported(), "this JVM cannot count allocated bytes");

        NodeUnderTest n = NodeUnderTest.of(typeId);
        Random rnd = new Random(11);
        for (float[] in : n.inputs) {
            for (int i = 0; i < in.length; i++) {
                in[i] = (float) (rnd.nextDouble() - 0.5);
            }
        }
        float[] targets = targets(n.params);

        measure(n, targets, typeId);
    }

    /**
     * Warms up, then renders rounds until {@link #STRICT_ROUNDS} in a row allocate nothing, at most
     * {@link #MAX_ROUNDS}. A round that allocates in steady state is a one-time charge of the JIT,
     * not of the node: the first C2 compilation of any method of a class resolves all of that
     * class's string constants on the thread that asked for it (HotSpot's
     * {@code CompileBroker::compile_method}; a class with 4 unused string constants charged its
     * caller 240 bytes, with 8 constants 496, at the compilation of a method that allocates
     * nothing), and that first compilation can come late on a loaded machine (CI: 312 bytes in the
     * round after a quiet one, when the render loop below first reached C2). Each class pays once,
     * so the charges stop; an allocation of the node's own, per block or per ramp, repeats in every
     * round of {@link #BLOCKS_PER_ROUND} blocks and never gives {@link #STRICT_ROUNDS} zero rounds in
     * a row. The loop lives in {@link Loop}, a class without string constants, so that its own
     * compilation charges nothing.
     */
    private static void measure(NodeUnderTest n, float[] targets, String what) {
        Loop.render(n.node, n.inputs, n.outputs, n.params, n.context, targets, WARMUP_BLOCKS);
        long[] seen = AllocationProbe.steadyState(
                () -> Loop.render(n.node, n.inputs, n.outputs, n.params, n.context, targets, BLOCKS_PER_ROUND),
                STRICT_ROUNDS, MAX_ROUNDS);
        System.out.println(what + ": bytes allocated per round of " + BLOCKS_PER_ROUND + " blocks: " + Arrays.toString(seen));
        int zerosAtEnd = 0;
        for (int r = seen.length - 1; r >= 0 && seen[r] == 0; r--) {
            zerosAtEnd++;
        }
        assertTrue(zerosAtEnd >= STRICT_ROUNDS,
                what + " never allocated nothing for " + STRICT_ROUNDS + " rounds in a row in " + MAX_ROUNDS + ": " + Arrays.toString(seen));
    }

    /**
     * The same for the fast paths: the modulation inputs unconnected, as the engine reports an
     * input with no source, so that every block whose parameters are settled takes the steady
     * loop (half the blocks here: a 480-frame ramp every 16 blocks). The sampler has no table
     * loaded: its silent path.
     */
    @ParameterizedTest
    @ValueSource(strings = {"std.osc.sine", "std.osc.saw", "std.osc.square", "std.osc.triangle", "std.filter.biquad",
        "std.filter.svf", "std.pan", "std.lfo", "std.sampler"})
    void fastPathsAllocateNothingOnceWarm(String typeId) {
        NodeUnderTest n = NodeUnderTest.of(typeId);
        Random rnd = new Random(12);
        for (float[] in : n.inputs) {
            for (int i = 0; i < in.length; i++) {
                in[i] = (float) (rnd.nextDouble() - 0.5);
            }
        }
        for (String port : n.type.descriptor().inputs()) {
            if (port.equals("fm") || port.equals("pm") || port.equals("cutoff_mod") || port.equals("sync")) {
                n.unconnected(port);
            }
        }
        float[] targets = targets(n.params);

        measure(n, targets, typeId + " (modulation unconnected)");
    }

    /** Four targets per parameter, spread over its range, flattened as [param * 4 + choice]. */
    private static float[] targets(SmoothedParams params) {
        float[] t = new float[params.size() * TARGET_FRACTIONS.length];
        for (int p = 0; p < params.size(); p++) {
            ParamSpec s = params.get(p).spec();
            for (int c = 0; c < TARGET_FRACTIONS.length; c++) {
                t[p * TARGET_FRACTIONS.length + c] = (float) (s.min() + (s.max() - s.min()) * TARGET_FRACTIONS[c]);
            }
        }
        return t;
    }

    /** The engine's loop for one node: occasional ramps, process, advance. No string constants (see {@link #measure}). */
    private static final class Loop {
        static void render(DspNode node, float[][] inputs, float[][] outputs, SmoothedParams params,
                           ProcessContext context, float[] targets, int blocks) {
            final int choices = TARGET_FRACTIONS.length;
            final int frames = context.blockSize();
            for (int b = 0; b < blocks; b++) {
                if (b % RETARGET_EVERY == 0) {
                    int choice = (b / RETARGET_EVERY) % choices;
                    for (int p = 0; p < params.size(); p++) {
                        params.get(p).setTarget(targets[p * choices + choice], RAMP_FRAMES);
                    }
                }
                node.process(inputs, outputs, params, context);
                params.advance(frames);
            }
        }
    }
}
