package org.aetherdsp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.core.engine.Engine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** {@link ProcessContext#isConnected} as nodes see it in a running engine. */
class ConnectedInputsTest {

    private static final int BLOCK = 64;

    /** The probe's three outputs, one per host channel, after one block. */
    private static float[] probe(Engine engine) {
        float[][] host = new float[3][BLOCK];
        engine.process(host);
        return new float[] {host[0][BLOCK - 1], host[1][BLOCK - 1], host[2][BLOCK - 1]};
    }

    @ParameterizedTest(name = "{0} worker(s)")
    @ValueSource(ints = {1, 2})
    void aNodeSeesWhichInputsAreConnectedAndTheAnswerFollowsEdits(int workers) {
        try (Engine engine = TestNodes.engine().outputChannels(3).workers(workers).build()) {
            long probe = engine.add("test.ports");
            long one = engine.add("test.const");
            long two = engine.add("test.const");
            for (int k = 0; k < 3; k++) {
                engine.connectOutput(probe, k, k);
            }
            assertArrayEquals(new float[] {0, 0, 0}, probe(engine), "nothing connected");

            engine.connect(one, 0, probe, 0);
            engine.connect(one, 0, probe, 2);
            engine.connect(two, 0, probe, 2); // fan-in: a summed input is connected too
            assertArrayEquals(new float[] {1, 0, 1}, probe(engine), "a and c connected");

            engine.disconnect(one, 0, probe, 2);
            assertArrayEquals(new float[] {1, 0, 1}, probe(engine), "c still has one source");
            engine.remove(two);
            assertArrayEquals(new float[] {1, 0, 0}, probe(engine), "c lost its last source with the node");
            engine.disconnect(one, 0, probe, 0);
            assertArrayEquals(new float[] {0, 0, 0}, probe(engine), "all disconnected");
        }
    }

    @Test
    void contextsThatKnowNoGraphSayEveryPortIsConnected() {
        ProcessContext fixed = ProcessContext.of(48_000f, BLOCK, 0);
        assertTrue(fixed.isConnected(0));
        assertTrue(fixed.isConnected(7));
    }

    @Test
    void aPortTheNodeDoesNotHaveIsNotConnected() {
        boolean[] seen = new boolean[3];
        Engine engine = Engine.builder().discoverNodeTypes(false).nodeType(org.aetherdsp.api.NodeType.of("test.edges",
                org.aetherdsp.api.NodeDescriptor.builder("Edges").input("in").output("out").build(),
                () -> (in, out, p, ctx) -> {
                    seen[0] = ctx.isConnected(-1);
                    seen[1] = ctx.isConnected(1);
                    seen[2] = ctx.isConnected(0);
                    java.util.Arrays.fill(out[0], 0f);
                })).nodeProvider(new TestNodes()).build();
        long edges = engine.add("test.edges");
        engine.connect(engine.add("test.const"), 0, edges, 0);
        engine.process(new float[2][BLOCK]);
        assertFalse(seen[0], "port -1");
        assertFalse(seen[1], "port 1 of a node with one input");
        assertTrue(seen[2], "port 0, connected");
    }

    private static void assertArrayEquals(float[] expected, float[] actual, String what) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual, what);
    }
}
