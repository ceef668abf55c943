package org.aetherdsp.testkit;

import java.util.Arrays;
import java.util.function.IntConsumer;
import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.NodeType;
import org.aetherdsp.api.ParamBlock;
import org.aetherdsp.api.ParamSpec;
import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.core.engine.Engine;

/**
 * Rounds of blocks on an engine with one helper worker, the calling thread being the RT thread,
 * until {@link #ZERO_ROUNDS} rounds in a row allocated nothing on either thread while the helper
 * ran clusters in each (the steady state of {@link AllocationProbe}), at most {@link #MAX_ROUNDS}.
 * Control calls made between blocks (by {@code beforeBlock}) run on the calling thread too, so
 * only the blocks are measured there.
 */
final class WorkerRounds {

    /** Writes its {@code value} param, ramped per sample. */
    static final NodeType SOURCE = NodeType.of("alloc.source",
            NodeDescriptor.builder("Source").output("out").param(ParamSpec.of("value", -1f, 1f, 0.5f, "", 0f)).build(),
            () -> new DspNode() {
                @Override
                public void process(float[][] in, float[][] out, ParamBlock p, ProcessContext ctx) {
                    p.get(0).fill(out[0], ctx.blockSize());
                }
            });

    /**
     * A one-pole low-pass scaled by its ramped {@code gain}: state, per-sample params.
     *
     * @param maxGain the gain's maximum (below 1 keeps loops bounded)
     * @param gain    its default
     * @return the node type {@code alloc.filter}
     */
    static NodeType filter(float maxGain, float gain) {
        return NodeType.of("alloc.filter",
                NodeDescriptor.builder("Filter").input("in").output("out")
                        .param(ParamSpec.of("gain", 0f, maxGain, gain, "", 5f)).build(),
                () -> new DspNode() {
                    private float z;

                    @Override
                    public void process(float[][] in, float[][] out, ParamBlock p, ProcessContext ctx) {
                        for (int i = 0; i < ctx.blockSize(); i++) {
                            z += 0.2f * (in[0][i] - z);
                            out[0][i] = z * p.get(0).valueAt(i);
                        }
                    }
                });
    }

    static final int ZERO_ROUNDS = 5;
    static final int MAX_ROUNDS = 60;

    final long[] rt = new long[MAX_ROUNDS];
    final long[] helper = new long[MAX_ROUNDS];
    final long[] helped = new long[MAX_ROUNDS];
    int rounds;
    int zeros;

    private WorkerRounds() {
    }

    /**
     * @param engine         an engine with exactly one helper thread
     * @param host           the host buffers
     * @param blocksPerRound blocks in a round
     * @param beforeBlock    called with the block's index in its round before each block (control calls)
     * @return the rounds measured
     */
    static WorkerRounds run(Engine engine, float[][] host, int blocksPerRound, IntConsumer beforeBlock) {
        Thread helperThread = engine.helperThreads()[0];
        Runnable block = () -> engine.process(host);
        WorkerRounds w = new WorkerRounds();
        while (w.rounds < MAX_ROUNDS && w.zeros < ZERO_ROUNDS) {
            int r = w.rounds;
            long helperBefore = AllocationProbe.allocatedBy(helperThread);
            long clustersBefore = engine.helperClusters();
            long rtBytes = 0;
            for (int b = 0; b < blocksPerRound; b++) {
                beforeBlock.accept(b);
                rtBytes += AllocationProbe.measure(block);
            }
            w.rt[r] = rtBytes;
            w.helper[r] = AllocationProbe.allocatedBy(helperThread) - helperBefore;
            w.helped[r] = engine.helperClusters() - clustersBefore;
            w.zeros = w.rt[r] == 0 && w.helper[r] == 0 && w.helped[r] > 0 ? w.zeros + 1 : 0;
            w.rounds++;
        }
        return w;
    }

    /** @return the bytes and helper clusters of every round, for assertion messages */
    String report() {
        return "bytes per round, RT thread " + Arrays.toString(Arrays.copyOf(rt, rounds))
                + ", helper " + Arrays.toString(Arrays.copyOf(helper, rounds))
                + ", clusters the helper ran " + Arrays.toString(Arrays.copyOf(helped, rounds));
    }
}
