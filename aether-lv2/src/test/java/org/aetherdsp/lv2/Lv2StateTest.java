package org.aetherdsp.lv2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aetherdsp.api.GraphSnapshot;
import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.api.StateBuffer;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.param.SmoothedParams;
import org.aetherdsp.state.json.JsonPatchCodec;
import org.junit.jupiter.api.Test;

/** The LV2 state extension through the node's state blob, and control values through the engine's parameters. */
class Lv2StateTest {

    private static final String P = "http://lv2plug.in/plugins/eg-params#";

    /** One stored property: type URI, flags, value bytes. */
    record Property(String type, int flags, byte[] value) {
    }

    /** The blob as the node writes it: [int length][longs of the native bytes], decoded into properties by key. */
    static Map<String, Property> decode(byte[] blob) {
        StateBuffer in = StateBuffer.wrapCopy(blob);
        int length = in.readInt();
        ByteBuffer raw = ByteBuffer.allocate((length + 7) & ~7).order(ByteOrder.nativeOrder());
        for (int i = 0; i < length; i += 8) {
            raw.putLong(i, in.readLong());
        }
        raw.order(ByteOrder.LITTLE_ENDIAN);
        Map<String, Property> out = new LinkedHashMap<>();
        int count = raw.getInt(0);
        int pos = 4;
        for (int i = 0; i < count; i++) {
            String key = text(raw, pos);
            pos += 4 + raw.getInt(pos);
            String type = text(raw, pos);
            pos += 4 + raw.getInt(pos);
            int flags = raw.getInt(pos);
            int size = raw.getInt(pos + 4);
            byte[] value = new byte[size];
            raw.get(pos + 8, value);
            pos += 8 + size;
            out.put(key, new Property(type, flags, value));
        }
        assertEquals(length, pos, "the blob holds exactly its properties");
        return out;
    }

    static byte[] encode(Map<String, Property> props) {
        ByteBuffer raw = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        raw.putInt(props.size());
        for (Map.Entry<String, Property> e : props.entrySet()) {
            byte[] k = e.getKey().getBytes(StandardCharsets.UTF_8);
            byte[] t = e.getValue().type().getBytes(StandardCharsets.UTF_8);
            raw.putInt(k.length).put(k).putInt(t.length).put(t).putInt(e.getValue().flags()).putInt(e.getValue().value().length)
                    .put(e.getValue().value());
        }
        int length = raw.position();
        StateBuffer out = new StateBuffer(8 + length + 8);
        out.writeInt(length);
        raw.order(ByteOrder.nativeOrder());
        for (int i = 0; i < length; i += 8) {
            out.writeLong(raw.getLong(i));
        }
        return out.toByteArray();
    }

    private static String text(ByteBuffer raw, int pos) {
        byte[] b = new byte[raw.getInt(pos)];
        raw.get(pos + 4, b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static Lv2Node prepared(Lv2Host host) {
        Lv2Node node = host.create(Lv2TestPlugins.PARAMS);
        ProcessContext context = ProcessContext.of(48_000f, 64, 0);
        node.prepare(context);
        node.process(new float[0][], new float[0][], new SmoothedParams(node.layout().descriptor), context);
        return node;
    }

    private static byte[] save(Lv2Node node) {
        StateBuffer b = new StateBuffer(node.stateSize());
        node.saveState(b);
        return b.toByteArray();
    }

    private static float floatOf(Property p) {
        return ByteBuffer.wrap(p.value()).order(ByteOrder.nativeOrder()).getFloat();
    }

    private static int intOf(Property p) {
        return ByteBuffer.wrap(p.value()).order(ByteOrder.nativeOrder()).getInt();
    }

    @Test
    void stateExtensionRoundTripsBitExactlyAndRestoresWhatWasChanged() {
        Lv2Host host = Lv2TestPlugins.host(Lv2TestPlugins.PARAMS);
        Lv2Node a = prepared(host);
        Map<String, Property> saved = decode(save(a));
        // The plugin's default state (state:loadDefaultState, from its TTL) is what it saves first.
        assertEquals("Hello, world", new String(saved.get(P + "string").value(), StandardCharsets.UTF_8).replace("\0", ""), saved.keySet().toString());
        assertEquals(0.1234f, floatOf(saved.get(P + "float")), 0f);
        assertEquals("http://lv2plug.in/ns/ext/atom#Float", saved.get(P + "float").type());

        Map<String, Property> changed = new LinkedHashMap<>(saved);
        changed.put(P + "float", new Property(saved.get(P + "float").type(), saved.get(P + "float").flags(),
                ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putFloat(0.75f).array()));
        changed.put(P + "int", new Property(saved.get(P + "int").type(), saved.get(P + "int").flags(),
                ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(7).array()));
        Lv2Node b = prepared(host);
        b.loadState(StateBuffer.wrapCopy(encode(changed)), Lv2Node.STATE_VERSION);
        byte[] fromB = save(b);
        Map<String, Property> restored = decode(fromB);
        assertEquals(0.75f, floatOf(restored.get(P + "float")), 0f);
        assertEquals(7, intOf(restored.get(P + "int")));
        assertEquals(new ArrayList<>(saved.keySet()), new ArrayList<>(restored.keySet()));

        Lv2Node c = prepared(host);
        c.loadState(StateBuffer.wrapCopy(fromB), Lv2Node.STATE_VERSION);
        assertArrayEquals(fromB, save(c), "a restored state saves back bit for bit");
        assertArrayEquals(fromB, save(b), "saving twice gives the same bytes");
    }

    /** Through an engine snapshot and a JSON patch file: the state blob and the control values come back. */
    @Test
    void snapshotAndPatchFileCarryStateAndControlValues() throws Exception {
        Lv2TestPlugins.host(Lv2TestPlugins.PARAMS, Lv2TestPlugins.AMP);
        GraphSnapshot snap;
        try (Engine engine = Engine.builder().sampleRate(48_000).blockSize(64).build()) {
            engine.add("lv2:" + Lv2TestPlugins.PARAMS);
            long amp = engine.add("lv2:" + Lv2TestPlugins.AMP);
            engine.connectOutput(amp, 0, 0);
            engine.setParam(amp, "gain", -12.5f, 0f);
            engine.process(new float[2][64]);
            var request = engine.requestSnapshot();
            engine.process(new float[2][64]);
            snap = request.get(Duration.ofSeconds(5));
        }
        byte[] json = new JsonPatchCodec().encode(snap);
        GraphSnapshot back = new JsonPatchCodec().decode(json);
        try (Engine copy = Engine.builder().startingFrom(back).build()) {
            Map<String, Long> ids = copy.restore(back);
            copy.process(new float[2][64]);
            var request = copy.requestSnapshot();
            copy.process(new float[2][64]);
            GraphSnapshot again = request.get(Duration.ofSeconds(5));
            long amp = -1;
            for (GraphSnapshot.NodeSnapshot n : back.nodes()) {
                if (n.typeId().endsWith("eg-amp")) {
                    amp = ids.get(n.id());
                }
            }
            assertEquals(-12.5f, copy.getParam(amp, "gain"), 0f, "a plugin without the state extension restores its controls");
            GraphSnapshot.NodeSnapshot params = null;
            GraphSnapshot.NodeSnapshot original = null;
            for (int i = 0; i < again.nodes().size(); i++) {
                if (again.nodes().get(i).typeId().endsWith("eg-params")) {
                    params = again.nodes().get(i);
                }
                if (snap.nodes().get(i).typeId().endsWith("eg-params")) {
                    original = snap.nodes().get(i);
                }
            }
            assertNotNull(params);
            assertNotNull(original.state());
            assertEquals(original.state(), params.state(), "the plugin's state survives snapshot, JSON and restore bit for bit");
            List<String> keys = new ArrayList<>(decode(params.state().bytes()).keySet());
            assertEquals(9, keys.size(), keys.toString()); // eg-params saves its nine parameters
        }
    }
}
