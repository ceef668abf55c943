package org.aetherdsp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.GraphSnapshot;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.NodeType;
import org.aetherdsp.api.ParamBlock;
import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.api.StateBlob;
import org.aetherdsp.api.StateReader;
import org.aetherdsp.api.StateWriter;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.FaultReport;
import org.aetherdsp.core.engine.NodeCreationException;
import org.aetherdsp.core.graph.PatchException;
import org.junit.jupiter.api.Test;

/**
 * Whatever a plugin's code does on the control side (throwing an Error, declaring an absurd
 * state, reading a state it did not write) reaches the caller as a typed exception naming the
 * node type, and no fault of the RT side is ever lost.
 */
class PluginFailureTest {

    private static final NodeDescriptor ONE_OUT = NodeDescriptor.builder("Plugin").output("out").build();

    /** A node whose chosen method misbehaves. */
    private static class Plugin implements DspNode {
        final String failIn;
        final Supplier<Throwable> failure;
        final int stateSize;

        Plugin(String failIn, Supplier<Throwable> failure, int stateSize) {
            this.failIn = failIn;
            this.failure = failure;
            this.stateSize = stateSize;
        }

        private void maybe(String where) {
            if (where.equals(failIn)) {
                Throwable t = failure.get();
                if (t instanceof Error err) {
                    throw err;
                }
                throw (RuntimeException) t;
            }
        }

        @Override
        public void prepare(ProcessContext context) {
            maybe("prepare");
        }

        @Override
        public void process(float[][] in, float[][] out, ParamBlock p, ProcessContext ctx) {
            java.util.Arrays.fill(out[0], 0f);
        }

        @Override
        public int stateSize() {
            maybe("stateSize");
            return stateSize;
        }

        @Override
        public int stateVersion() {
            maybe("stateVersion");
            return 1;
        }

        @Override
        public void saveState(StateWriter out) {
            out.writeInt(7);
        }

        @Override
        public void loadState(StateReader in, int version) {
            maybe("loadState");
            in.readInt();
        }
    }

    private static Engine engineWith(String failIn, Supplier<Throwable> failure, int stateSize) {
        return TestNodes.engine().nodeType(NodeType.of("acme.plugin", ONE_OUT, () -> new Plugin(failIn, failure, stateSize)))
                .nodeType(NodeType.of("acme.factory", ONE_OUT, () -> {
                    throw new StackOverflowError("deep");
                })).build();
    }

    @Test
    void anErrorFromAFactoryOrPrepareIsANodeCreationExceptionNamingTheType() {
        Engine engine = engineWith("prepare", () -> new AssertionError("plugin assertion"), 4);
        NodeCreationException factory = assertThrows(NodeCreationException.class, () -> engine.add("acme.factory"));
        assertTrue(factory.getMessage().contains("acme.factory") && factory.getMessage().contains("StackOverflowError"),
                factory.getMessage());
        NodeCreationException prepare = assertThrows(NodeCreationException.class, () -> engine.add("acme.plugin"));
        assertTrue(prepare.getMessage().contains("acme.plugin") && prepare.getMessage().contains("plugin assertion"),
                prepare.getMessage());
        assertTrue(prepare.getCause() instanceof AssertionError);
        assertEquals(0, engine.nodes().length);
    }

    @Test
    void aStateSizeOrVersionThatThrowsOrIsTooLargeRefusesTheSnapshotNamingTheNode() {
        for (String failIn : new String[] {"stateSize", "stateVersion"}) {
            Engine engine = engineWith(failIn, () -> new StackOverflowError("deep"), 4);
            long n = engine.add("acme.plugin");
            NodeCreationException e = assertThrows(NodeCreationException.class, engine::requestSnapshot);
            assertTrue(e.getMessage().contains(engine.describe(n)) && e.getMessage().contains("StackOverflowError"), e.getMessage());
        }
        Engine huge = engineWith("", null, Integer.MAX_VALUE);
        long n = huge.add("acme.plugin");
        NodeCreationException e = assertThrows(NodeCreationException.class, huge::requestSnapshot);
        assertTrue(e.getMessage().contains("2147483647 bytes") && e.getMessage().contains("64 MiB"), e.getMessage());
        NodeCreationException r = assertThrows(NodeCreationException.class, () -> huge.replace(n));
        assertTrue(r.getMessage().contains("64 MiB"), r.getMessage());
    }

    private static GraphSnapshot patchWithState(StateBlob state) {
        return new GraphSnapshot(48_000f, 64, 2, 0, List.of(new GraphSnapshot.NodeSnapshot("p", "acme.plugin", Map.of(), state)),
                List.of(), List.of());
    }

    private static byte[] stateOf(int... ints) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * ints.length);
        for (int i : ints) {
            b.putInt(i);
        }
        return b.array();
    }

    @Test
    void aStateWithTrailingBytesOrAnUnknownVersionOrOneTheNodeRejectsIsAPatchException() {
        Engine engine = engineWith("", null, 8);
        engine.restore(patchWithState(new StateBlob("acme.plugin", 1, stateOf(7)))); // fits: read whole
        Engine fresh = engineWith("", null, 8);
        PatchException trailing = assertThrows(PatchException.class,
                () -> fresh.restore(patchWithState(new StateBlob("acme.plugin", 1, stateOf(7, 8)))));
        assertTrue(trailing.getMessage().contains("left 4 bytes of its saved state unread"), trailing.getMessage());
        PatchException version = assertThrows(PatchException.class,
                () -> fresh.restore(patchWithState(new StateBlob("acme.plugin", 9, stateOf(7)))));
        assertTrue(version.getMessage().contains("version 9") && version.getMessage().contains("1..1"), version.getMessage());
        Engine throwing = engineWith("loadState", () -> new StackOverflowError("deep"), 8);
        PatchException refused = assertThrows(PatchException.class,
                () -> throwing.restore(patchWithState(new StateBlob("acme.plugin", 1, stateOf(7)))));
        assertTrue(refused.getCause() instanceof NodeCreationException && refused.getMessage().contains("StackOverflowError"),
                refused.getMessage());
        assertEquals(0, fresh.nodes().length);
        assertEquals(0, throwing.nodes().length);
    }

    @Test
    void aFaultOfANodeRemovedBeforeTheDrainIsStillReported() throws Exception {
        Engine engine = TestNodes.engine().build();
        long bad = engine.add("test.throw");
        engine.connect(engine.add("test.const"), 0, bad, 0);
        engine.process(new float[2][64]);
        assertEquals(1, engine.stats().faults());
        engine.remove(bad);
        List<FaultReport> faults = engine.drainFaults();
        assertEquals(1, faults.size(), "the removed node's fault was kept");
        assertEquals(bad, faults.get(0).node());
        assertEquals("test.throw", faults.get(0).typeId());
        assertTrue(engine.drainFaults().isEmpty(), "reported once");
        var request = engine.requestSnapshot(); // the engine goes on
        engine.process(new float[2][64]);
        assertEquals(1, request.get(Duration.ofSeconds(1)).nodes().size());
    }

    @Test
    void aFaultOfAReplacedNodeIsStillReported() {
        Engine engine = TestNodes.engine().build();
        long bad = engine.add("test.throw");
        engine.process(new float[2][64]);
        engine.replace(bad);
        engine.process(new float[2][64]);
        List<FaultReport> faults = engine.drainFaults();
        assertTrue(faults.stream().anyMatch(f -> f.node() == bad && f.exception() instanceof IllegalStateException), faults.toString());
    }
}
