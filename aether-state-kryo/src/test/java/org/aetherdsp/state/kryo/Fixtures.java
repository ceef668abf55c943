package org.aetherdsp.state.kryo;

import com.esotericsoftware.kryo.io.Output;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.aetherdsp.api.GraphSnapshot;
import org.aetherdsp.api.GraphSnapshot.Connection;
import org.aetherdsp.api.GraphSnapshot.NodeSnapshot;
import org.aetherdsp.api.StateBlob;

/** Realistic snapshots, and an independent writer of format versions 1 and 2 that can forge any length or count. */
final class Fixtures {

    private Fixtures() {
    }

    static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed * 31 + i * 7);
        }
        return b;
    }

    /** Three nodes, one with a small state: a couple of hundred bytes, small enough to truncate at every length. */
    static GraphSnapshot small() {
        return new GraphSnapshot(48_000f, 64, 2, 12_345, List.of(
                new NodeSnapshot("osc", "std.osc.saw", Map.of("freq", 220f), new StateBlob("std.osc.saw", 1, pattern(16, 1))),
                new NodeSnapshot("lp", "std.filter.biquad", params("cutoff", 1200f, "q", 0.707f), null),
                new NodeSnapshot("out", "std.gain", Map.of("gain", 0.5f), null)),
                List.of(new Connection("osc", 0, "lp", 0), new Connection("lp", 0, "out", 0)),
                List.of(new GraphSnapshot.Output("out", 0, 0), new GraphSnapshot.Output("out", 0, 1)));
    }

    /** A loop closed by a feedback connection with its contents, and a silent one onto itself: format version 2. */
    static GraphSnapshot looped() {
        float[] held = new float[8];
        for (int i = 0; i < held.length; i++) {
            held[i] = 0.125f * (i - 3);
        }
        return new GraphSnapshot(48_000f, 8, 2, 800, List.of(
                new NodeSnapshot("a", "std.gain", Map.of("gain", 0.5f), null),
                new NodeSnapshot("b", "std.comb", Map.of(), new StateBlob("std.comb", 1, pattern(12, 3)))),
                List.of(new Connection("a", 0, "b", 0), new Connection("b", 0, "a", 0, true, held),
                        new Connection("a", 0, "a", 0, true)),
                List.of(new GraphSnapshot.Output("b", 0, 0)));
    }

    /** A synth voice chain with states of several sizes, unicode ids and a delay line. */
    static GraphSnapshot synth() {
        List<NodeSnapshot> nodes = new ArrayList<>();
        List<Connection> connections = new ArrayList<>();
        String previous = null;
        String[] types = {"std.osc.saw", "std.filter.ladder", "std.env.adsr", "std.fx.delay", "std.fx.reverb", "std.pan"};
        for (int i = 0; i < 24; i++) {
            String type = types[i % types.length];
            String id = (i % 5 == 0 ? "voix-é-" : i % 5 == 1 ? "声部" : "node") + i + (i % 7 == 0 ? "🎛" : "");
            StateBlob state = i % 3 == 2 ? null : new StateBlob(type, 1 + i % 2, pattern(i % 4 == 3 ? 1024 : 8 * i, i));
            nodes.add(new NodeSnapshot(id, type, params("level", i / 24f, "mix", 0.25f, "time", 0.01f * i), state));
            if (previous != null) {
                connections.add(new Connection(previous, 0, id, 0));
            }
            previous = id;
        }
        return new GraphSnapshot(44_100f, 128, 2, 987_654_321L, nodes, connections,
                List.of(new GraphSnapshot.Output(previous, 0, 0), new GraphSnapshot.Output(previous, 1, 1)));
    }

    /** {@code count} nodes in a chain, two params and a {@code stateBytes} state each. */
    static GraphSnapshot chain(int count, int stateBytes, long position) {
        List<NodeSnapshot> nodes = new ArrayList<>(count);
        List<Connection> connections = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            nodes.add(new NodeSnapshot("n" + i, "bench.stateful", params("a", i, "b", -i),
                    new StateBlob("bench.stateful", 1, pattern(stateBytes, (int) position + i))));
            if (i > 0) {
                connections.add(new Connection("n" + (i - 1), 0, "n" + i, 0));
            }
        }
        return new GraphSnapshot(48_000f, 64, 2, position, nodes, connections,
                count == 0 ? List.of() : List.of(new GraphSnapshot.Output("n" + (count - 1), 0, 0)));
    }

    static Map<String, Float> params(Object... kv) {
        Map<String, Float> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], ((Number) kv[i + 1]).floatValue());
        }
        return m;
    }

    // ---------------------------------------------------------------- independent writer

    /**
     * Writes the payload as the format's documentation says, numbering every count and byte
     * length in write order; field {@code forgeIndex} is written as {@code forgeValue}
     * instead (-1: forge nothing).
     */
    static final class PayloadWriter {
        private final Output out = new Output(1024, -1);
        private final int forgeIndex;
        private final int forgeValue;
        private final int version;
        private int field;

        /** A writer of format version 1 (no feedback connections, no host inputs). */
        PayloadWriter(int forgeIndex, int forgeValue) {
            this(forgeIndex, forgeValue, 1);
        }

        PayloadWriter(int forgeIndex, int forgeValue, int version) {
            this.forgeIndex = forgeIndex;
            this.forgeValue = forgeValue;
            this.version = version;
        }

        /** @return how many count and length fields {@code s} has */
        static int fieldCount(GraphSnapshot s) {
            PayloadWriter w = new PayloadWriter(-1, 0);
            w.write(s);
            return w.field;
        }

        private void count(int n) {
            out.writeVarInt(field++ == forgeIndex ? forgeValue : n, true);
        }

        private void string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            count(b.length);
            out.writeBytes(b);
        }

        byte[] write(GraphSnapshot s) {
            out.writeFloat(s.sampleRate());
            out.writeVarInt(s.blockSize(), true);
            out.writeVarInt(s.outputChannels(), true);
            out.writeVarLong(s.samplePosition(), true);
            count(s.nodes().size());
            for (NodeSnapshot n : s.nodes()) {
                string(n.id());
                string(n.typeId());
                count(n.params().size());
                for (Map.Entry<String, Float> p : n.params().entrySet()) {
                    string(p.getKey());
                    out.writeFloat(p.getValue());
                }
                if (n.state() == null) {
                    out.writeByte(0);
                } else {
                    out.writeByte(1);
                    string(n.state().typeId());
                    out.writeVarInt(n.state().version(), false);
                    count(n.state().size());
                    out.writeBytes(n.state().bytes());
                }
            }
            count(s.connections().size());
            for (Connection c : s.connections()) {
                string(c.source());
                out.writeVarInt(c.sourcePort(), true);
                string(c.target());
                out.writeVarInt(c.targetPort(), true);
                if (version >= 2) {
                    float[] state = c.state();
                    out.writeByte(!c.feedback() ? 0 : state == null ? 1 : 2);
                    if (state != null) {
                        for (float v : state) {
                            out.writeFloat(v);
                        }
                    }
                }
            }
            count(s.outputs().size());
            for (GraphSnapshot.Output o : s.outputs()) {
                string(o.node());
                out.writeVarInt(o.port(), true);
                out.writeVarInt(o.channel(), true);
            }
            if (version >= 2) {
                out.writeVarInt(s.inputChannels(), true);
                count(s.inputs().size());
                for (GraphSnapshot.Input i : s.inputs()) {
                    out.writeVarInt(i.channel(), true);
                    string(i.node());
                    out.writeVarInt(i.port(), true);
                }
            }
            return out.toBytes();
        }
    }

    /** A header (magic, version 1, the payload's true length and CRC) followed by the payload. */
    static byte[] frame(byte[] payload) {
        return frame(payload, 1, payload.length);
    }

    static byte[] frame(byte[] payload, int version, int declaredLength) {
        byte[] data = new byte[20 + payload.length];
        System.arraycopy("AETHSNAP".getBytes(StandardCharsets.US_ASCII), 0, data, 0, 8);
        putInt(data, 8, version);
        putInt(data, 12, declaredLength);
        CRC32 crc = new CRC32();
        crc.update(payload);
        putInt(data, 16, (int) crc.getValue());
        System.arraycopy(payload, 0, data, 20, payload.length);
        return data;
    }

    /** Rewrites the length and CRC of {@code data} to match whatever payload it now has, keeping its version. */
    static byte[] reframe(byte[] data) {
        byte[] payload = data.length <= 20 ? new byte[0] : Arrays.copyOfRange(data, 20, data.length);
        int version = data.length >= 12 ? (data[8] & 0xff) << 24 | (data[9] & 0xff) << 16 | (data[10] & 0xff) << 8 | (data[11] & 0xff) : 1;
        return frame(payload, version, payload.length);
    }

    static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
