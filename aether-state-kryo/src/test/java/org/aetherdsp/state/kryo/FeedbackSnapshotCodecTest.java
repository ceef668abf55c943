package org.aetherdsp.state.kryo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.GraphSnapshot;
import org.aetherdsp.api.GraphSnapshot.Connection;
import org.aetherdsp.api.GraphSnapshot.NodeSnapshot;
import org.aetherdsp.api.GraphSnapshot.Output;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.NodeType;
import org.aetherdsp.api.ParamBlock;
import org.aetherdsp.api.ParamSpec;
import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.api.SnapshotFormatException;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.SnapshotRequest;
import org.junit.jupiter.api.Test;

/**
 * Format version 2 carries feedback connections and their contents exactly; version 1 files
 * still read; and an engine restored from the bytes continues bit for bit.
 */
class FeedbackSnapshotCodecTest {

    private final KryoSnapshotCodec codec = new KryoSnapshotCodec();

    private static GraphSnapshot withFeedback() {
        float[] state = new float[16];
        for (int i = 0; i < state.length; i++) {
            state[i] = (float) Math.sin(i * 0.7) * 1e-3f;
        }
        state[3] = Float.MIN_VALUE; // a denormal and a negative zero survive bit for bit
        state[4] = -0f;
        return new GraphSnapshot(48_000f, 16, 2, 4096, List.of(
                new NodeSnapshot("a", "std.gain", Map.of("gain", 0.5f), null),
                new NodeSnapshot("b", "std.gain", Map.of(), null)),
                List.of(new Connection("a", 0, "b", 0), new Connection("b", 0, "a", 0, true, state),
                        new Connection("b", 0, "b", 0, true)),
                List.of(new Output("b", 0, 1)));
    }

    @Test
    void feedbackConnectionsAndTheirContentsRoundTripBitForBit() throws Exception {
        GraphSnapshot s = withFeedback();
        GraphSnapshot back = codec.decode(codec.encode(s));
        assertEquals(s, back);
        assertTrue(back.connections().get(1).feedback());
        assertArrayEquals(s.connections().get(1).state(), back.connections().get(1).state());
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(back.connections().get(1).state()[4]));
        assertTrue(back.connections().get(2).feedback());
        assertEquals(null, back.connections().get(2).state());
        assertEquals(false, back.connections().get(0).feedback());
    }

    @Test
    void encodingIsTheDocumentedLayoutOfVersionTwo() throws Exception {
        for (GraphSnapshot s : List.of(withFeedback(), Fixtures.synth(), Fixtures.small())) {
            byte[] payload = new Fixtures.PayloadWriter(-1, 0, 2).write(s);
            assertArrayEquals(Fixtures.frame(payload, 2, payload.length), codec.encode(s));
        }
    }

    @Test
    void aVersionOneFileStillReads() throws Exception {
        GraphSnapshot plain = Fixtures.synth();
        byte[] v1 = Fixtures.frame(new Fixtures.PayloadWriter(-1, 0).write(plain));
        assertEquals(plain, codec.decode(v1));
    }

    @Test
    void aBadConnectionKindOrTruncatedContentsAreNamed() throws Exception {
        byte[] data = codec.encode(withFeedback());
        byte[] cut = java.util.Arrays.copyOf(data, data.length - 20);
        SnapshotFormatException e = assertThrows(SnapshotFormatException.class, () -> codec.decode(Fixtures.reframe(cut)));
        assertTrue(e.getMessage().contains("feedback contents of connection 1"), e.getMessage());
    }

    // ---------------------------------------------------------------- continuation through the bytes

    /** y = x + state; state follows y slowly: a node whose output depends on its past. */
    private static final NodeType LEAKY = NodeType.of("kt.leaky",
            NodeDescriptor.builder("Leaky").input("in").output("out").param(ParamSpec.of("g", -1f, 1f, 0.9f, "", 0f)).build(),
            () -> new DspNode() {
                private float z;

                @Override
                public void process(float[][] in, float[][] out, ParamBlock p, ProcessContext ctx) {
                    float g = p.get(0).value();
                    for (int i = 0; i < ctx.blockSize(); i++) {
                        z = 0.7f * z + 0.3f * in[0][i];
                        out[0][i] = (float) Math.tanh(g * z + (ctx.samplePosition() == 0 && i == 0 ? 1f : 0f));
                    }
                }

                @Override
                public int stateSize() {
                    return 4;
                }

                @Override
                public void saveState(org.aetherdsp.api.StateWriter w) {
                    w.writeFloat(z);
                }

                @Override
                public void loadState(org.aetherdsp.api.StateReader r, int version) {
                    z = r.readFloat();
                }
            });

    private static Engine.Builder engine() {
        return Engine.builder().discoverNodeTypes(false).nodeType(LEAKY).blockSize(32);
    }

    @Test
    void anEngineRestoredFromTheBytesContinuesItsLoopsBitForBit() throws Exception {
        float[][][] expected = new float[40][2][32];
        byte[] bytes;
        try (Engine a = engine().build()) {
            a.batch(e -> {
                long x = e.add(LEAKY.id());
                long y = e.add(LEAKY.id());
                e.setParam(y, "g", -0.95f, 0f);
                e.connect(x, 0, y, 0);
                e.connectFeedback(y, 0, x, 0);
                e.connectFeedback(x, 0, x, 0);
                e.connectOutput(x, 0, 0);
                e.connectOutput(y, 0, 1);
            });
            float[][] host = new float[2][32];
            for (int b = 0; b < 17; b++) {
                a.process(host);
            }
            SnapshotRequest r = a.requestSnapshot();
            for (float[][] block : expected) {
                a.process(block);
            }
            bytes = codec.encode(r.get(Duration.ofSeconds(5)));
        }
        GraphSnapshot s = codec.decode(bytes);
        assertEquals(2, s.connections().stream().filter(c -> c.state() != null).count());
        try (Engine b = engine().startingFrom(s).build()) {
            b.restore(s);
            float[][] host = new float[2][32];
            for (int k = 0; k < expected.length; k++) {
                b.process(host);
                for (int ch = 0; ch < 2; ch++) {
                    for (int i = 0; i < 32; i++) {
                        assertEquals(Float.floatToRawIntBits(expected[k][ch][i]), Float.floatToRawIntBits(host[ch][i]),
                                "block " + k + " ch " + ch + " frame " + i);
                    }
                }
            }
            assertTrue(expected[39][0][0] != 0f, "the loops still ring");
        }
    }
}
