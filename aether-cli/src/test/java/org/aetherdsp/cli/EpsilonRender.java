package org.aetherdsp.cli;

import java.util.Locale;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.OfflineRenderer;

/**
 * Renders a patch with one node of every standard type ({@link EveryNodePatch}) plus the
 * demo, for a long time with dense parameter automation, for
 * {@link EpsilonTripwireTest}, which runs it under Epsilon GC: no collector, so any steady
 * allocation eventually ends in OutOfMemoryError. Prints the heap used before and after the
 * render. Arguments: the minimum seconds of audio, and optionally {@code measure} to only
 * build, warm up and print the heap that takes. It renders at least that much, and more if
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
        EveryNodePatch everyNode = EveryNodePatch.build(engine);
        long[] frames = {Math.round(minSeconds * engine.sampleRate())};
        OfflineRenderer.BlockListener[] score = {demo.automation(frames[0])};
        long[] automated = java.util.stream.LongStream.concat(
                java.util.Arrays.stream(demo.nodes()), java.util.Arrays.stream(everyNode.nodes)).toArray();
        RandomAutomation random = new RandomAutomation(engine, automated, 7);
        // Extra automation on top of the demo's score: one random parameter ramp every block.
        OfflineRenderer.BlockListener automation = (e, frame) -> {
            score[0].beforeBlock(e, frame);
            random.step(e);
        };
        // Warm up (class loading, JIT) on a short render of its own, then measure the long one.
        OfflineRenderer.render(engine, engine.blockSize() * 20_000L, automation, null);
        Runtime rt = Runtime.getRuntime();
        long before = rt.totalMemory() - rt.freeMemory();
        if (args.length > 1 && args[1].equals("measure")) {
            System.out.println("setup heap " + before); // for sizing the real run's heap
            return;
        }
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
