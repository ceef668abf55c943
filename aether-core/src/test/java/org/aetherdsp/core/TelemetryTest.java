package org.aetherdsp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.EngineStats;
import org.junit.jupiter.api.Test;

/** Every counter in one place, and the block times of the last second beside those since the start. */
class TelemetryTest {

    @Test
    void theEnginesOwnAndRegisteredCountersAppearInTheStats() {
        try (Engine engine = TestNodes.engine().paramEventCapacity(1).build()) {
            long c = engine.add("test.const");
            engine.paramEvents().offer(c, 0, 1f, 0, 0);
            engine.paramEvents().offer(c, 0, 2f, 0, 0); // refused: the ring holds one
            engine.paramEvents().offer(c, 0, 3f, 0, 0);
            AtomicLong drops = new AtomicLong(5);
            engine.registerCounter("midi.dropped", drops::get);
            engine.process(new float[2][64]);
            engine.paramEvents().offer(c, 7, 1f, 0, 0); // no such parameter: dropped on the RT thread
            engine.process(new float[2][64]);
            EngineStats s = engine.stats();
            assertEquals(2L, s.counters().get("param-events.refused"));
            assertEquals(1L, s.counters().get("param-events.dropped"));
            assertEquals(0L, s.counters().get("commands.return-ring-full"));
            assertEquals(5L, s.counters().get("midi.dropped"));
            drops.set(9);
            engine.registerCounter("midi.dropped", drops::get); // a second driver replaces the first's
            assertEquals(9L, engine.stats().counters().get("midi.dropped"));
            assertTrue(engine.stats().summary().contains("midi.dropped 9"), engine.stats().summary());
            assertThrows(IllegalArgumentException.class, () -> engine.registerCounter("param-events.refused", () -> 0));
            assertThrows(IllegalArgumentException.class, () -> engine.registerCounter(" ", () -> 0));
        }
    }

    @Test
    void theLastSecondCountsOnlyRecentBlocksAndTheTotalCountsAll() throws Exception {
        try (Engine engine = TestNodes.engine().build()) {
            float[][] host = new float[2][64];
            for (int i = 0; i < 500; i++) {
                engine.process(host);
            }
            EngineStats first = engine.stats();
            assertEquals(500, first.lastSecond().blocks());
            Thread.sleep(1_100);
            for (int i = 0; i < 20; i++) {
                engine.process(host);
            }
            EngineStats later = engine.stats();
            assertEquals(520, later.blocks());
            assertEquals(20, later.lastSecond().blocks(), "the 500 blocks of more than a second ago are out of the window");
            assertTrue(later.lastSecond().spanNanos() >= 1_000_000_000L, "the window reaches back to the previous harvest: "
                    + later.lastSecond().spanNanos());
            assertTrue(later.lastSecond().maxNanos() > 0 && later.lastSecond().p50Nanos() > 0);
        }
    }

    /** A node that counts its blocks, as a recorder counts dropped frames. */
    private static final class Counting implements org.aetherdsp.api.DspNode, org.aetherdsp.api.NodeCounters {
        final AtomicLong blocks = new AtomicLong();

        @Override
        public void process(float[][] in, float[][] out, org.aetherdsp.api.ParamBlock p, org.aetherdsp.api.ProcessContext ctx) {
            blocks.lazySet(blocks.get() + 1);
        }

        @Override
        public java.util.Map<String, java.util.function.LongSupplier> counters() {
            return java.util.Map.of("blocks", blocks::get);
        }
    }

    @Test
    void aCountingNodesCountersAreListedUnderItsHandleWhileItIsInTheGraph() {
        org.aetherdsp.api.NodeType counting = org.aetherdsp.api.NodeType.of("test.counting",
                org.aetherdsp.api.NodeDescriptor.builder("Counting").build(), Counting::new);
        try (Engine engine = TestNodes.engine().nodeType(counting).build()) {
            long n = engine.add("test.counting");
            String name = "node." + org.aetherdsp.core.arena.Arena.format(n) + ".blocks";
            for (int i = 0; i < 3; i++) {
                engine.process(new float[2][64]);
            }
            assertEquals(3L, engine.stats().counters().get(name));
            assertThrows(IllegalStateException.class, () -> engine.batch(e -> {
                e.remove(n);
                throw new IllegalStateException("roll back");
            }));
            assertEquals(3L, engine.stats().counters().get(name), "a rolled-back removal keeps it");
            engine.remove(n);
            assertTrue(!engine.stats().counters().containsKey(name), "gone with the node");
        }
    }
}
