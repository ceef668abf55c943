package org.aetherdsp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.aetherdsp.api.GraphSnapshot;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.SnapshotRequest;
import org.aetherdsp.nodes.std.Sampler;
import org.junit.jupiter.api.Test;

/**
 * Continuation is exact: render 1 s of a patch with one node of every standard type, take a
 * snapshot (and take it through the binary codec's bytes), render 1 s more (A); build a new
 * engine from the snapshot and render 1 s (B): A
 * and B are bit-identical, seeded noise, delay lines, reverb tails and sequencer included.
 */
class SnapshotContinuationTest {

    private static final int BLOCK = 64;
    private static final int SECOND = 48_000 / BLOCK;

    private static float[][] render(Engine engine, int blocks) {
        float[][] out = new float[2][blocks * BLOCK];
        float[][] host = new float[2][BLOCK];
        for (int b = 0; b < blocks; b++) {
            engine.process(host);
            System.arraycopy(host[0], 0, out[0], b * BLOCK, BLOCK);
            System.arraycopy(host[1], 0, out[1], b * BLOCK, BLOCK);
        }
        return out;
    }

    @Test
    void aNewEngineBuiltFromASnapshotContinuesBitForBit() throws Exception {
        Engine a = Engine.builder().build();
        continuesBitForBit(a, EveryNodePatch.build(a));
    }

    /** The same, one standard type at a time, so that a failure names the node type. */
    @org.junit.jupiter.api.TestFactory
    java.util.stream.Stream<org.junit.jupiter.api.DynamicTest> everyStandardTypeContinuesBitForBitOnItsOwn() {
        return new org.aetherdsp.nodes.std.StdNodeProvider().nodeTypes().stream().map(type ->
                org.junit.jupiter.api.DynamicTest.dynamicTest(type.id(), () -> {
                    Engine a = Engine.builder().build();
                    continuesBitForBit(a, EveryNodePatch.build(a, java.util.List.of(type)));
                }));
    }

    private static void continuesBitForBit(Engine a, EveryNodePatch patch) throws Exception {
        render(a, SECOND);
        SnapshotRequest request = a.requestSnapshot();
        float[][] continued = render(a, SECOND); // the first of these blocks captures the states
        // Through bytes, as a saved file would be: the binary codec must lose nothing.
        GraphSnapshot captured = request.get(Duration.ofSeconds(5));
        org.aetherdsp.state.kryo.KryoSnapshotCodec kryo = new org.aetherdsp.state.kryo.KryoSnapshotCodec();
        GraphSnapshot snapshot = kryo.decode(kryo.encode(captured));
        assertEquals(captured, snapshot);
        assertEquals((long) SECOND * BLOCK, snapshot.samplePosition());
        assertEquals(patch.nodes.length, snapshot.nodes().size());

        Engine b = Engine.builder().startingFrom(snapshot).build();
        Map<String, Long> handles = b.restore(snapshot);
        // A sampler's table is content the application loads (like a file), not node state.
        for (Map.Entry<String, Long> h : handles.entrySet()) {
            if (b.typeOf(h.getValue()).equals("std.sampler")) {
                b.nodeAs(h.getValue(), Sampler.class).load(EveryNodePatch.samplerTable(), 48_000f);
            }
        }
        float[][] restored = render(b, SECOND);

        double energy = 0;
        for (int ch = 0; ch < 2; ch++) {
            for (int i = 0; i < continued[ch].length; i++) {
                if (Float.floatToIntBits(continued[ch][i]) != Float.floatToIntBits(restored[ch][i])) {
                    throw new AssertionError("channel " + ch + " frame " + i + ": continued " + continued[ch][i]
                            + " vs restored " + restored[ch][i]);
                }
                energy += continued[ch][i] * continued[ch][i];
            }
        }
        assertTrue(energy > 0.01, "the patch plays: energy " + energy);
        if (patch.nodes.length > 20) {
            long withState = snapshot.nodes().stream().filter(n -> n.state().size() > 0).count();
            assertTrue(withState > 15, "most nodes carry state: " + withState);
        }
    }
}
