package org.aetherdsp.cli;

import java.util.Locale;
import java.util.Random;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.OfflineRenderer;

/**
 * Renders the demo (every std node) for a long time with dense parameter automation, for
 * {@link EpsilonTripwireTest}, which runs it under Epsilon GC: no collector, so any steady
 * allocation eventually ends in OutOfMemoryError. Prints the heap used before and after the
 * render. Arguments: seconds of audio.
 */
public final class EpsilonRender {

    private EpsilonRender() {
    }

    /**
     * @param args {@code [seconds]}
     */
    public static void main(String[] args) throws Exception {
        double seconds = Double.parseDouble(args[0]);
        Engine engine = Engine.builder().build();
        DemoPatch demo = DemoPatch.build(engine);
        long frames = Math.round(seconds * engine.sampleRate());
        OfflineRenderer.BlockListener score = demo.automation(frames);
        long[] nodes = demo.nodes();
        long[] sawsAndMixers = {nodes[0], nodes[2], nodes[4], nodes[8], nodes[9]};
        Random random = new Random(7);
        // Extra automation on top of the score: a detune wobble and mixer rides every 4 blocks.
        OfflineRenderer.BlockListener automation = (e, frame) -> {
            score.beforeBlock(e, frame);
            if ((frame / e.blockSize() & 3) == 0) {
                long n = sawsAndMixers[random.nextInt(sawsAndMixers.length)];
                if (n == nodes[8] || n == nodes[9]) {
                    e.setParam(n, "gain1", 0.8f + 0.2f * random.nextFloat(), 30f);
                } else {
                    e.setParam(n, "amp", 0.09f + 0.02f * random.nextFloat(), 30f);
                }
            }
        };
        // Warm up (class loading, JIT) on a short render of its own, then measure the long one.
        OfflineRenderer.render(engine, engine.blockSize() * 20_000L, automation, null);
        Runtime rt = Runtime.getRuntime();
        long before = rt.totalMemory() - rt.freeMemory();
        OfflineRenderer.Result result = OfflineRenderer.render(engine, frames, automation, null);
        long after = rt.totalMemory() - rt.freeMemory();
        long blocks = frames / engine.blockSize();
        System.out.printf(Locale.ROOT, "rendered %.0f s (%d blocks) at %.0fx real time; heap used %d -> %d bytes"
                        + " (%.4f bytes per block); max heap %d; %s%n",
                result.seconds(), blocks, result.realTimeFactor(), before, after, (after - before) / (double) blocks,
                rt.maxMemory(), engine.stats().summary());
    }
}
