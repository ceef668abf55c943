package org.aetherdsp.cli;

import java.util.Locale;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.OfflineRenderer;

/**
 * Renders the demo (every std node) for a long time with dense parameter automation, for
 * {@link EpsilonTripwireTest}, which runs it under Epsilon GC: no collector, so any steady
 * allocation eventually ends in OutOfMemoryError. Prints the heap used before and after the
 * render. Argument: the minimum seconds of audio. It renders at least that much, and more if
 * needed so that an allocation of even 16 bytes per block (the smallest Java object) would
 * need 1.5 times the heap left after setup: a self-calibrating tripwire.
 */
public final class EpsilonRender {

    private EpsilonRender() {
    }

    /**
     * @param args {@code [seconds]}
     */
    public static void main(String[] args) throws Exception {
        double minSeconds = Double.parseDouble(args[0]);
        Engine engine = Engine.builder().build();
        DemoPatch demo = DemoPatch.build(engine);
        long[] frames = {Math.round(minSeconds * engine.sampleRate())};
        OfflineRenderer.BlockListener[] score = {demo.automation(frames[0])};
        RandomAutomation random = new RandomAutomation(engine, demo.nodes(), 7);
        // Extra automation on top of the score: one random parameter ramp every 4 blocks.
        OfflineRenderer.BlockListener automation = (e, frame) -> {
            score[0].beforeBlock(e, frame);
            if ((frame / e.blockSize() & 3) == 0) {
                random.step(e);
            }
        };
        // Warm up (class loading, JIT) on a short render of its own, then measure the long one.
        OfflineRenderer.render(engine, engine.blockSize() * 20_000L, automation, null);
        Runtime rt = Runtime.getRuntime();
        long before = rt.totalMemory() - rt.freeMemory();
        long headroom = rt.maxMemory() - before;
        long blocksToExhaust = (long) Math.ceil(1.5 * headroom / 16.0);
        frames[0] = Math.max(frames[0], blocksToExhaust * engine.blockSize());
        score[0] = demo.automation(frames[0]);
        OfflineRenderer.Result result = OfflineRenderer.render(engine, frames[0], automation, null);
        long after = rt.totalMemory() - rt.freeMemory();
        long blocks = frames[0] / engine.blockSize();
        System.out.printf(Locale.ROOT, "rendered %.0f s (%d blocks) at %.0fx real time; heap used %d -> %d bytes"
                        + " (%.4f bytes per block); max heap %d, headroom %d (16 B per block would need %d); %s%n",
                result.seconds(), blocks, result.realTimeFactor(), before, after, (after - before) / (double) blocks,
                rt.maxMemory(), headroom, 16 * blocks, engine.stats().summary());
    }
}
