package org.aetherdsp.state.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.aetherdsp.api.GraphSnapshot;
import org.aetherdsp.api.SnapshotFormatException;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.NodeRegistry;
import org.aetherdsp.core.poly.StealPolicy;
import org.aetherdsp.core.poly.VoiceAllocator;
import org.aetherdsp.core.poly.Voices;
import org.junit.jupiter.api.Test;

/** The {@code "voices"} section of a patch file: flattened into named nodes, bound again after restore. */
class VoicesPatchTest {

    private static final NodeRegistry REGISTRY = NodeRegistry.load();
    private final JsonPatchCodec codec = new JsonPatchCodec(REGISTRY);

    private static final String PATCH = """
            { "blockSize": 64,
              "voices": { "count": 4, "steal": "quietest", "bendRange": 12,
                "nodes": [ { "id": "osc", "type": "std.osc.sine", "params": { "freq": 0.01, "amp": 0.5 } },
                           { "id": "vca", "type": "%s" } ],
                "connections": [ { "from": "voice.pitch", "to": "osc.fm" }, { "from": "osc", "to": "vca.in" },
                                 { "from": "voice.gate", "to": "vca.cv" } ],
                "outputs": [ "vca" ] },
              "nodes": [ { "id": "master", "type": "std.gain", "params": { "gain": 0.5 } } ],
              "connections": [ { "from": "voices/out", "to": "master" } ],
              "outputs": [ { "from": "master", "channel": 0 } ] }
            """;

    private GraphSnapshot decode(String json) throws SnapshotFormatException {
        return codec.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aVoicesSectionBecomesNamedNodesPerVoice() throws Exception {
        GraphSnapshot s = decode(PATCH.formatted("poly.vca"));
        List<String> ids = s.nodes().stream().map(GraphSnapshot.NodeSnapshot::id).toList();
        assertEquals(1 + 4 * 4 + 1, ids.size(), ids.toString());
        assertEquals("voices/out", ids.get(0));
        assertTrue(ids.containsAll(List.of("voice0/in", "voice0/osc", "voice3/vca", "voice3/out", "master")), ids.toString());
        assertEquals("std.osc.sine", s.nodes().get(ids.indexOf("voice2/osc")).typeId());
        assertEquals(0.5f, s.nodes().get(ids.indexOf("voice2/osc")).params().get("amp"));
        assertEquals(1f, s.nodes().get(0).params().get("policy"), "quietest");
        assertEquals(12f, s.nodes().get(0).params().get("bend"));
    }

    @Test
    void errorsNameThePathInsideTheVoiceTemplate() {
        String m = assertThrows(SnapshotFormatException.class, () -> decode(PATCH.formatted("std.nope"))).getMessage();
        assertTrue(m.contains("$.voices.nodes[1].type"), m);
        String port = assertThrows(SnapshotFormatException.class,
                () -> decode(PATCH.formatted("poly.vca").replace("\"osc.fm\"", "\"osc.fn\""))).getMessage();
        assertTrue(port.contains("$.voices.connections[0].to") && port.contains("fn"), port);
        String node = assertThrows(SnapshotFormatException.class,
                () -> decode(PATCH.formatted("poly.vca").replace("\"osc\", \"to\"", "\"oss\", \"to\""))).getMessage();
        assertTrue(node.contains("$.voices.connections[1].from") && node.contains("oss"), node);
        String count = assertThrows(SnapshotFormatException.class,
                () -> decode(PATCH.formatted("poly.vca").replace("\"count\": 4", "\"count\": 65"))).getMessage();
        assertTrue(count.contains("$.voices.count") && count.contains("1..64"), count);
        String steal = assertThrows(SnapshotFormatException.class,
                () -> decode(PATCH.formatted("poly.vca").replace("quietest", "loudest"))).getMessage();
        assertTrue(steal.contains("$.voices.steal"), steal);
    }

    @Test
    void aRestoredPatchPlaysItsVoicesOnceBound() throws Exception {
        GraphSnapshot s = decode(PATCH.formatted("poly.vca"));
        try (Engine e = Engine.builder().blockSize(64).workers(2).build()) {
            Map<String, Long> ids = e.restore(s);
            List<Voices> groups = Voices.bindAll(e, ids);
            assertEquals(1, groups.size());
            VoiceAllocator a = groups.get(0).allocator();
            assertEquals(4, a.voices());
            assertEquals(StealPolicy.QUIETEST, a.policy());
            assertEquals(12f, a.bendRange());
            float[][] host = new float[2][64];
            float peak = 0;
            for (int b = 0; b < 200; b++) {
                a.beginBlock();
                if (b == 10) {
                    a.message(5, 0x90 | 69 << 8 | 100 << 16);
                }
                if (b == 100) {
                    a.message(0, 0x80 | 69 << 8);
                }
                a.endBlock();
                e.process(host);
                for (float x : host[0]) {
                    if (b < 10 || b > 102) {
                        assertEquals(0f, x, "block " + b);
                    }
                    peak = Math.max(peak, Math.abs(x));
                }
            }
            assertEquals(0.25f, peak, 1e-3f, "a sine of 0.5 through the gate and the 0.5 master");
            assertTrue(a.idle(0));
        }
    }

    /** The voice of {@link #PATCH} with its oscillator inside a subpatch of the patch. */
    private static final String PATCH_WITH_SUBPATCH = PATCH
            .replace("{ \"id\": \"osc\", \"type\": \"std.osc.sine\", \"params\": { \"freq\": 0.01, \"amp\": 0.5 } }",
                    "{ \"id\": \"osc\", \"subpatch\": \"tone\", \"params\": { \"level\": 0.5 } }")
            .replace("{ \"blockSize\": 64,", """
                    { "blockSize": 64,
                      "subpatches": { "tone": {
                        "inputs": { "fm": "sine.fm" }, "outputs": { "out": "sine.out" },
                        "params": { "level": "sine.amp" },
                        "nodes": [ { "id": "sine", "type": "std.osc.sine", "params": { "freq": 0.01 } } ] } },
                    """);

    @Test
    void aVoiceTemplateMayInstanceASubpatchInEveryVoice() throws Exception {
        GraphSnapshot s = decode(PATCH_WITH_SUBPATCH.formatted("poly.vca"));
        List<String> ids = s.nodes().stream().map(GraphSnapshot.NodeSnapshot::id).toList();
        assertTrue(ids.containsAll(List.of("voice0/osc/sine", "voice3/osc/sine")), ids.toString());
        assertEquals(0.5f, s.nodes().get(ids.indexOf("voice2/osc/sine")).params().get("amp"));
        String plain = render(decode(PATCH.formatted("poly.vca")));
        assertTrue(!plain.replace("0 ", "").isEmpty(), "the chord sounds");
        assertEquals(plain, render(s), "the same voices, bit for bit");
        String both = assertThrows(SnapshotFormatException.class, () -> decode(PATCH_WITH_SUBPATCH.formatted("poly.vca")
                .replace("\"subpatch\": \"tone\"", "\"subpatch\": \"tone\", \"type\": \"std.gain\""))).getMessage();
        assertTrue(both.contains("$.voices.nodes[0]") && both.contains("either"), both);
    }

    /** A chord's first 300 blocks through the bound voices, as text of every sample's bits. */
    private static String render(GraphSnapshot s) {
        try (Engine e = Engine.builder().blockSize(64).build()) {
            VoiceAllocator a = Voices.bindAll(e, e.restore(s)).get(0).allocator();
            float[][] host = new float[2][64];
            StringBuilder bits = new StringBuilder();
            for (int b = 0; b < 300; b++) {
                a.beginBlock();
                if (b == 3) {
                    a.message(7, 0x90 | 60 << 8 | 90 << 16);
                    a.message(9, 0x90 | 67 << 8 | 70 << 16);
                }
                if (b == 200) {
                    a.message(0, 0x80 | 60 << 8);
                }
                a.endBlock();
                e.process(host);
                for (float x : host[0]) {
                    bits.append(Integer.toHexString(Float.floatToRawIntBits(x))).append(' ');
                }
            }
            return bits.toString();
        }
    }

    @Test
    void theExamplePolySynthReads() throws Exception {
        Path example = Path.of("../examples/patches/poly-synth.json");
        GraphSnapshot s = codec.decode(Files.readAllBytes(example));
        assertTrue(s.nodes().stream().anyMatch(n -> n.id().equals("voice15/filter") && n.typeId().equals("std.filter.ladder")));
    }
}
