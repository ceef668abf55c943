package org.aetherdsp.lv2;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.ParamSpec;
import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.core.param.SmoothedParams;
import org.aetherdsp.testkit.AllocationProbe;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The RT call path of an LV2 node (copy in, control values, the JNI run, copy out, NaN check)
 * allocates nothing once warm, with every control port automated: ramps every 16 blocks, so that
 * half the blocks run in smoothing chunks. 100,000 blocks of warm-up, then rounds of 10,000 until
 * three in a row allocate nothing, as the standard nodes' test judges it.
 */
class Lv2ZeroAllocationTest {

    private static final int WARMUP_BLOCKS = 100_000;
    private static final int BLOCKS_PER_ROUND = 10_000;
    private static final int STRICT_ROUNDS = 3;
    private static final int MAX_ROUNDS = 12;

    @ParameterizedTest
    @ValueSource(strings = {Lv2TestPlugins.AMP, Lv2TestPlugins.DELAY, Lv2TestPlugins.LIMITER})
    void processAllocatesNothingOnceWarm(String uri) {
        Lv2Host host = Lv2TestPlugins.host(uri);
        Lv2Node node = host.create(uri);
        ProcessContext context = ProcessContext.of(48_000f, 64, 0);
        node.prepare(context);
        SmoothedParams params = new SmoothedParams(node.layout().descriptor);
        float[][] in = new float[node.layout().inputPorts.length][64];
        float[][] out = new float[node.layout().outputPorts.length][64];
        java.util.Random rnd = new java.util.Random(5);
        for (float[] a : in) {
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) (rnd.nextDouble() - 0.5) * 0.5f;
            }
        }
        float[] targets = new float[params.size() * 2];
        for (int p = 0; p < params.size(); p++) {
            ParamSpec s = params.get(p).spec();
            // Delay times small enough to stay inside the delay line; gains inside their range.
            float lo = s.min();
            float hi = Math.min(s.max(), s.min() + 0.5f * (s.max() - s.min()));
            if (s.id().contains("delay")) {
                lo = 0.001f;
                hi = 0.05f;
            }
            targets[2 * p] = lo + 0.2f * (hi - lo);
            targets[2 * p + 1] = lo + 0.8f * (hi - lo);
        }
        Loop.render(node, in, out, params, context, targets, WARMUP_BLOCKS);
        long[] seen = AllocationProbe.steadyState(() -> Loop.render(node, in, out, params, context, targets, BLOCKS_PER_ROUND),
                STRICT_ROUNDS, MAX_ROUNDS);
        System.out.println(uri + ": bytes allocated per round of " + BLOCKS_PER_ROUND + " blocks: " + Arrays.toString(seen));
        int zeros = 0;
        for (int r = seen.length - 1; r >= 0 && seen[r] == 0; r--) {
            zeros++;
        }
        assertTrue(zeros >= STRICT_ROUNDS, uri + " allocated in steady state: " + Arrays.toString(seen));
    }

    /** The engine's loop for one node. No string constants (see AllocationProbe). */
    private static final class Loop {
        static void render(DspNode node, float[][] in, float[][] out, SmoothedParams params, ProcessContext context,
                           float[] targets, int blocks) {
            for (int b = 0; b < blocks; b++) {
                if (b % 16 == 0) {
                    int choice = (b / 16) % 2;
                    for (int p = 0; p < params.size(); p++) {
                        params.get(p).setTarget(targets[2 * p + choice], 480);
                    }
                }
                node.process(in, out, params, context);
                params.advance(64);
            }
        }
    }
}
