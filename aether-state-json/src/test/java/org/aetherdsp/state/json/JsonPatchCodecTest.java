package org.aetherdsp.state.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.aetherdsp.api.GraphSnapshot;
import org.aetherdsp.api.GraphSnapshot.Connection;
import org.aetherdsp.api.GraphSnapshot.NodeSnapshot;
import org.aetherdsp.api.GraphSnapshot.Output;
import org.aetherdsp.api.SnapshotCodec;
import org.aetherdsp.api.SnapshotFormatException;
import org.aetherdsp.api.StateBlob;
import org.aetherdsp.core.engine.NodeRegistry;
import org.junit.jupiter.api.Test;

class JsonPatchCodecTest {

    private static final NodeRegistry REGISTRY = NodeRegistry.load();
    private final JsonPatchCodec codec = new JsonPatchCodec(REGISTRY);

    private static Map<String, Float> params(Object... kv) {
        Map<String, Float> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], ((Number) kv[i + 1]).floatValue());
        }
        return m;
    }

    private static GraphSnapshot synth(StateBlob oscState, StateBlob lfoState) {
        return new GraphSnapshot(44_100f, 128, 2, oscState == null ? 0 : 123_456_789L,
                List.of(new NodeSnapshot("osc", "std.osc.saw", params("freq", 110.25f, "amp", 0.1f), oscState),
                        new NodeSnapshot("wobble", "std.lfo", params("rate", 0.07f, "depth", 1.2f, "offset", -0f), lfoState),
                        new NodeSnapshot("3:1", "std.filter.svf", params("cutoff", 1234.5678f, "q", 0.70710677f), null),
                        new NodeSnapshot("mix", "std.mix", params("gain4", 3.4028235e-39f), null)),
                List.of(new Connection("osc", 0, "3:1", 0), new Connection("wobble", 0, "3:1", 1),
                        new Connection("3:1", 2, "mix", 3), new Connection("3:1", 0, "mix", 0)),
                List.of(new Output("mix", 0, 0), new Output("mix", 0, 1)));
    }

    private GraphSnapshot decode(String json) throws SnapshotFormatException {
        return codec.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    private String error(String json) {
        return assertThrows(SnapshotFormatException.class, () -> decode(json)).getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "expected \"" + p + "\" in: " + message);
        }
    }

    // ---- round trips and the format ----

    @Test
    void hostInputIsAConnectionFromInN() throws Exception {
        GraphSnapshot s = decode("""
                {"nodes": [{"id": "fx", "type": "std.gain"}, {"id": "m", "type": "std.mix"}],
                 "connections": [{"from": "in.0", "to": "fx"}, {"from": "fx", "to": "m.in2"}, {"from": "in.1", "to": "m.1"}],
                 "outputs": [{"from": "m", "channel": 0}]}
                """);
        assertEquals(2, s.inputChannels(), "one more than the highest channel read");
        assertEquals(List.of(new GraphSnapshot.Input(0, "fx", 0), new GraphSnapshot.Input(1, "m", 1)), s.inputs());
        assertEquals(List.of(new Connection("fx", 0, "m", 1)), s.connections());
        String text = new String(codec.encode(s), StandardCharsets.UTF_8);
        assertMentions(text, "\"inputChannels\": 2", "{ \"from\": \"in.0\", \"to\": \"fx.in\" }");
        assertEquals(s, codec.decode(codec.encode(s)));
    }

    @Test
    void declaredInputChannelsBoundTheRoutesAndAreKept() throws Exception {
        GraphSnapshot s = decode("""
                {"inputChannels": 4, "nodes": [{"id": "fx", "type": "std.gain"}],
                 "connections": [{"from": "in.1", "to": "fx.in"}]}
                """);
        assertEquals(4, s.inputChannels());
        assertEquals(s, codec.decode(codec.encode(s)));
        assertMentions(error("""
                {"inputChannels": 1, "nodes": [{"id": "fx", "type": "std.gain"}],
                 "connections": [{"from": "in.1", "to": "fx.in"}]}
                """), "line 2", "host input channel 1 does not exist; the patch has 1 input channels");
        assertMentions(error("""
                {"nodes": [{"id": "fx", "type": "std.gain"}],
                 "connections": [{"from": "in.left", "to": "fx.in"}]}
                """), "line 2", "'in.left' is not a host input");
        assertMentions(error("""
                {"nodes": [{"id": "fx", "type": "std.gain"}],
                 "connections": [{"from": "in.0", "to": "fx.sidechain"}]}
                """), "has no input port 'sidechain'");
    }

    @Test
    void aNodeCalledInKeepsItsMeaning() throws Exception {
        GraphSnapshot s = decode("""
                {"nodes": [{"id": "in", "type": "std.osc.sine"}, {"id": "fx", "type": "std.gain"}],
                 "connections": [{"from": "in.0", "to": "fx"}]}
                """);
        assertEquals(List.of(), s.inputs());
        assertEquals(List.of(new Connection("in", 0, "fx", 0)), s.connections());
    }

    @Test
    void roundTripWithoutStateIsEqual() throws Exception {
        GraphSnapshot s = synth(null, null);
        assertEquals(s, codec.decode(codec.encode(s)));
    }

    @Test
    void roundTripWithStateBlobsIsEqual() throws Exception {
        byte[] bytes = new byte[300];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 37);
        }
        GraphSnapshot s = synth(new StateBlob("std.osc.saw", 3, bytes), new StateBlob("std.lfo", 1, new byte[0]));
        GraphSnapshot back = codec.decode(codec.encode(s));
        assertEquals(s, back);
        assertEquals(123_456_789L, back.samplePosition());
    }

    @Test
    void encodingIsStableReadableAndUsesPortNames() throws Exception {
        GraphSnapshot s = new GraphSnapshot(48_000f, 64, 2, 0,
                List.of(new NodeSnapshot("osc", "std.osc.saw", params("freq", 110, "amp", 0.1f), null),
                        new NodeSnapshot("lp", "std.filter.svf", Map.of(), null)),
                List.of(new Connection("osc", 0, "lp", 0)),
                List.of(new Output("lp", 2, 1)));
        String expected = "{\n"
                + "  \"aether\": 1,\n"
                + "  \"sampleRate\": 48000,\n"
                + "  \"blockSize\": 64,\n"
                + "  \"channels\": 2,\n"
                + "  \"nodes\": [\n"
                + "    {\n"
                + "      \"id\": \"osc\",\n"
                + "      \"type\": \"std.osc.saw\",\n"
                + "      \"params\": {\n"
                + "        \"freq\": 110,\n"
                + "        \"amp\": 0.1\n"
                + "      }\n"
                + "    },\n"
                + "    {\n"
                + "      \"id\": \"lp\",\n"
                + "      \"type\": \"std.filter.svf\"\n"
                + "    }\n"
                + "  ],\n"
                + "  \"connections\": [\n"
                + "    { \"from\": \"osc.out\", \"to\": \"lp.in\" }\n"
                + "  ],\n"
                + "  \"outputs\": [\n"
                + "    { \"from\": \"lp.bp\", \"channel\": 1 }\n"
                + "  ]\n"
                + "}\n";
        assertEquals(expected, new String(codec.encode(s), StandardCharsets.UTF_8));
        assertEquals(expected, new String(codec.encode(codec.decode(codec.encode(s))), StandardCharsets.UTF_8));
    }

    @Test
    void floatsAreWrittenInTheShortestFormThatReadsBackExactly() {
        assertEquals("0.1", JsonPatchCodec.number(0.1f));
        assertEquals("110", JsonPatchCodec.number(110f));
        assertEquals("-0.0", JsonPatchCodec.number(-0f));
        java.util.Random r = new java.util.Random(7);
        for (int i = 0; i < 10_000; i++) {
            float f = Float.intBitsToFloat(r.nextInt());
            if (Float.isFinite(f)) {
                assertEquals(f, Float.parseFloat(JsonPatchCodec.number(f)));
            }
        }
    }

    @Test
    void handWrittenPatchDecodesWithDefaultsPortNamesAndIndices() throws Exception {
        GraphSnapshot s = decode("""
                {
                  "nodes": [
                    { "id": "osc", "type": "std.osc.saw", "params": { "freq": 110, "amp": 0.5 } },
                    { "id": "lp", "type": "std.filter.svf", "params": { "cutoff": 800 } },
                    { "id": "my.mix", "type": "std.mix" }
                  ],
                  "connections": [
                    { "from": "osc", "to": "lp" },
                    { "from": "lp.bp", "to": "my.mix.in2" },
                    { "from": "lp.3", "to": "my.mix.2" }
                  ],
                  "outputs": [ { "from": "my.mix", "channel": 0 }, { "from": "my.mix.out", "channel": 1 } ]
                }
                """);
        assertEquals(48_000f, s.sampleRate());
        assertEquals(64, s.blockSize());
        assertEquals(2, s.outputChannels());
        assertEquals(0L, s.samplePosition());
        assertEquals(params("freq", 110, "amp", 0.5f), s.nodes().get(0).params());
        assertNull(s.nodes().get(0).state());
        assertEquals(List.of(new Connection("osc", 0, "lp", 0), new Connection("lp", 2, "my.mix", 1),
                new Connection("lp", 3, "my.mix", 2)), s.connections());
        assertEquals(List.of(new Output("my.mix", 0, 0), new Output("my.mix", 0, 1)), s.outputs());
    }

    @Test
    void recognizesAnObjectAfterWhitespaceOnly() {
        assertTrue(codec.recognizes(" \n\t{".getBytes(StandardCharsets.UTF_8)));
        assertTrue(codec.recognizes(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '{'}));
        assertFalse(codec.recognizes("[1]".getBytes(StandardCharsets.UTF_8)));
        assertFalse(codec.recognizes(new byte[] {'A', 'E', 'T', 'H'}));
        assertFalse(codec.recognizes(new byte[0]));
    }

    @Test
    void serviceLoaderFindsTheCodec() {
        boolean found = false;
        for (SnapshotCodec c : ServiceLoader.load(SnapshotCodec.class)) {
            found |= c instanceof JsonPatchCodec && c.format().equals("json");
        }
        assertTrue(found);
    }

    @Test
    void theServiceLoaderConstructorLoadsTheRegistryLazily() throws Exception {
        GraphSnapshot s = synth(null, null);
        JsonPatchCodec lazy = new JsonPatchCodec();
        assertEquals(s, lazy.decode(lazy.encode(s)));
    }

    // ---- errors: each says what and where ----

    @Test
    void syntaxErrorGivesLineAndColumn() {
        String m = error("{\n  \"nodes\": [\n    { \"id\": \"a\" \"type\": \"std.gain\" }\n  ]\n}");
        assertMentions(m, "line 3, column 17", "invalid JSON");
    }

    @Test
    void truncatedFileIsASyntaxError() {
        assertMentions(error("{ \"nodes\": [ "), "line 1", "invalid JSON");
        assertMentions(error(""), "line 1, column 1", "empty");
    }

    @Test
    void trailingContentIsRejected() {
        assertMentions(error("{ \"nodes\": [] }\n{}"), "line 2, column 1", "after the end");
    }

    @Test
    void wrongTypeNamesThePathAndBothKinds() {
        assertMentions(error("{ \"nodes\": [ { \"id\": \"a\", \"type\": \"std.gain\", \"params\": { \"gain\": \"loud\" } } ] }"),
                "$.nodes[0].params.gain", "line 1, column 67", "expected a number, found a string");
        assertMentions(error("{ \"blockSize\": 64.5, \"nodes\": [] }"), "$.blockSize", "expected a whole number, found 64.5");
        assertMentions(error("[]"), "$", "expected a patch, found an array");
    }

    @Test
    void missingFieldNamesTheObjectMissingIt() {
        assertMentions(error("{ \"nodes\": [ { \"id\": \"a\" } ] }"), "$.nodes[0]", "line 1, column 14", "missing \"type\"");
        assertMentions(error("{ \"channels\": 2 }"), "$", "missing \"nodes\"");
    }

    @Test
    void unknownKeyListsTheKnownOnes() {
        assertMentions(error("{ \"nodes\": [], \"conections\": [] }"), "line 1, column 16, $.conections", "unknown key 'conections'",
                "connections");
    }

    @Test
    void duplicateIdPointsAtTheSecondAndNamesTheFirst() {
        String m = error("""
                { "nodes": [
                    { "id": "a", "type": "std.gain" },
                    { "id": "a", "type": "std.mix" }
                ] }""");
        assertMentions(m, "line 3, column 13", "$.nodes[1].id", "duplicate node id 'a'", "first used at line 2");
    }

    @Test
    void duplicateKeyIsRejected() {
        assertMentions(error("{ \"nodes\": [], \"nodes\": [] }"), "$.nodes", "duplicate key 'nodes'", "column 3");
    }

    @Test
    void unknownNodeReferenceListsTheNodes() {
        String m = error("""
                { "nodes": [ { "id": "osc", "type": "std.osc.saw" }, { "id": "amp", "type": "std.gain" } ],
                  "connections": [ { "from": "osc", "to": "ampp.in" } ] }""");
        assertMentions(m, "line 2, column 43", "$.connections[0].to", "unknown node 'ampp'", "osc, amp");
        assertMentions(error("{ \"nodes\": [], \"outputs\": [ { \"from\": \"ghost\", \"channel\": 0 } ] }"),
                "$.outputs[0].from", "unknown node 'ghost'");
    }

    @Test
    void unknownNodeTypeSuggestsCloseMatches() {
        assertMentions(error("{ \"nodes\": [ { \"id\": \"o\", \"type\": \"std.osc.sawtooth\" } ] }"),
                "$.nodes[0].type", "line 1, column 35", "unknown node type 'std.osc.sawtooth'", "std.osc.saw");
        assertMentions(error("{ \"nodes\": [ { \"id\": \"o\", \"type\": \"std.filter.ladr\" } ] }"),
                "did you mean std.filter.ladder");
        assertMentions(error("{ \"nodes\": [ { \"id\": \"o\", \"type\": \"zzzzzzzzzzzzzzzzzzzzzzzzzz\" } ] }"),
                "known types: [poly.out, poly.sum, poly.vca, poly.voice, std.adsr, ", " more]");
    }

    @Test
    void anUnknownTypeOutsideEveryInstalledNamespaceHintsAtPlugins() throws Exception {
        String patch = "{ \"nodes\": [ { \"id\": \"t\", \"type\": \"acme.tremolo\" } ] }";
        assertMentions(error(patch), "unknown node type 'acme.tremolo'", "no installed node type is in its namespace 'acme'",
                "Engine.Builder.pluginFolder");
        String m = assertThrows(SnapshotFormatException.class, () -> new JsonPatchCodec(REGISTRY, "load it with --plugins DIR")
                .decode(patch.getBytes(StandardCharsets.UTF_8))).getMessage();
        assertMentions(m, "namespace 'acme' (load it with --plugins DIR)");
        // An LV2 type that is not installed says where LV2 plugins are found, not --plugins.
        String lv2 = error("{ \"nodes\": [ { \"id\": \"o\", \"type\": \"lv2:http://example.org/plugins/fuzz\" } ] }");
        assertMentions(lv2, "unknown node type 'lv2:http://example.org/plugins/fuzz'", "installed where lilv finds it", "aether nodes --lv2");
        assertFalse(lv2.contains("namespace 'lv2:http://example"), lv2);
        // A typo inside an installed namespace is a typo, not a missing plugin.
        assertFalse(error("{ \"nodes\": [ { \"id\": \"o\", \"type\": \"std.zzzzzzzzzzzzzzzzzzzz\" } ] }").contains("namespace"));
    }

    @Test
    void aModeParameterTakesAChoiceName() throws Exception {
        GraphSnapshot s = decode("{ \"nodes\": [ { \"id\": \"f\", \"type\": \"std.filter.biquad\", \"params\": { \"mode\": \"highpass\" } },"
                + " { \"id\": \"l\", \"type\": \"std.lfo\", \"params\": { \"shape\": 2 } } ] }");
        assertEquals(1f, s.nodes().get(0).params().get("mode"));
        assertEquals(2f, s.nodes().get(1).params().get("shape"));
        String json = new String(codec.encode(s), StandardCharsets.UTF_8);
        assertMentions(json, "\"mode\": \"highpass\"", "\"shape\": \"square\"");
        assertEquals(s, codec.decode(codec.encode(s)));
    }

    @Test
    void aBadChoiceNameIsRefusedNamingTheChoices() {
        assertMentions(error("{ \"nodes\": [ { \"id\": \"f\", \"type\": \"std.filter.biquad\","
                        + " \"params\": { \"mode\": \"lowpas\" } } ] }"),
                "$.nodes[0].params.mode", "param 'mode' of node 'f' has no choice 'lowpas'",
                "its choices: lowpass, highpass, bandpass, notch, peak, lowshelf, highshelf, allpass (or their numbers 0..7)");
        assertMentions(error("{ \"nodes\": [ { \"id\": \"g\", \"type\": \"std.gain\", \"params\": { \"gain\": \"loud\" } } ] }"),
                "expected a number, found a string");
    }

    @Test
    void unknownParamListsChoicesOfModeParams() {
        assertMentions(error("{ \"nodes\": [ { \"id\": \"f\", \"type\": \"std.filter.biquad\", \"params\": { \"mod\": 1 } } ] }"),
                "mode (lowpass|highpass|bandpass|notch|peak|lowshelf|highshelf|allpass)");
    }

    @Test
    void samplesAndPatternsAreReadWithTheirPlaces() throws Exception {
        JsonPatch p = codec.decodePatch(("{ \"nodes\": [\n"
                + "  { \"id\": \"s\", \"type\": \"std.sampler\", \"sample\": \"drums/kick.wav\" },\n"
                + "  { \"id\": \"q\", \"type\": \"std.seq\", \"pattern\": [110, null, 220.5, 0] } ] }")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(new JsonPatch.Sample("s", "drums/kick.wav", "line 2, column 49, $.nodes[0].sample")), p.samples());
        assertEquals(1, p.patterns().size());
        JsonPatch.Pattern q = p.patterns().get(0);
        assertEquals("q", q.node());
        assertEquals("line 3, column 46, $.nodes[1].pattern", q.location());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {110f, 0f, 220.5f, 0f}, q.hz());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new boolean[] {true, false, true, true}, q.gates());
        assertEquals(p.snapshot(), decode(new String(("{ \"nodes\": [ { \"id\": \"s\", \"type\": \"std.sampler\" },"
                + " { \"id\": \"q\", \"type\": \"std.seq\" } ] }").getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)));
    }

    @Test
    void badSamplesAndPatternsAreRefusedWithTheirPlaces() {
        assertMentions(error("{ \"nodes\": [ { \"id\": \"s\", \"type\": \"std.sampler\", \"sample\": 3 } ] }"),
                "$.nodes[0].sample", "expected a string, found a number");
        assertMentions(error("{ \"nodes\": [ { \"id\": \"s\", \"type\": \"std.sampler\", \"sample\": \" \" } ] }"),
                "$.nodes[0].sample", "blank");
        assertMentions(error("{ \"nodes\": [ { \"id\": \"q\", \"type\": \"std.seq\", \"pattern\": [] } ] }"),
                "$.nodes[0].pattern", "1..1024 steps");
        assertMentions(error("{ \"nodes\": [ { \"id\": \"q\", \"type\": \"std.seq\", \"pattern\": [1, \"C4\"] } ] }"),
                "$.nodes[0].pattern[1]", "expected a number, found a string");
        assertMentions(error("{ \"nodes\": [ { \"id\": \"q\", \"type\": \"std.seq\", \"pattern\": [-5] } ] }"),
                "$.nodes[0].pattern[0]", "negative");
    }

    @Test
    void unknownParamListsTheTypesParams() {
        assertMentions(error("{ \"nodes\": [ { \"id\": \"o\", \"type\": \"std.osc.saw\", \"params\": { \"frq\": 1 } } ] }"),
                "$.nodes[0].params.frq", "unknown param 'frq' of std.osc.saw", "freq (0.01..20000 Hz)", "amp (0..1)");
    }

    @Test
    void outOfRangeValueShowsTheRange() {
        String m = error("""
                {
                  "nodes": [
                    { "id": "lp", "type": "std.filter.svf", "params": { "cutoff": 80000 } }
                  ]
                }""");
        assertMentions(m, "line 3, column 67", "$.nodes[0].params.cutoff", "is 80000", "range 20..20000 Hz");
        assertMentions(error("{ \"sampleRate\": 1e6, \"nodes\": [] }"), "$.sampleRate", "out of range 8000..768000");
        assertMentions(error("{ \"nodes\": [ { \"id\": \"g\", \"type\": \"std.gain\", \"params\": { \"gain\": 1e39 } } ] }"),
                "too large for a 32-bit float");
    }

    @Test
    void portOutOfRangeListsThePorts() {
        String m = error("""
                { "nodes": [ { "id": "g", "type": "std.gain" }, { "id": "p", "type": "std.pan" } ],
                  "connections": [ { "from": "p.5", "to": "g" } ] }""");
        assertMentions(m, "$.connections[0].from", "line 2, column 30", "no output port 5", "it has 2: [0 left, 1 right]");
    }

    @Test
    void unknownPortNameListsThePorts() {
        String m = error("""
                { "nodes": [ { "id": "g", "type": "std.gain" }, { "id": "lp", "type": "std.filter.svf" } ],
                  "connections": [ { "from": "g.out", "to": "lp.cutoff" } ] }""");
        assertMentions(m, "$.connections[0].to", "no input port 'cutoff'", "its inputs: [0 in, 1 cutoff_mod]");
        assertMentions(error("{ \"nodes\": [ { \"id\": \"n\", \"type\": \"std.noise\" }, { \"id\": \"g\", \"type\": \"std.gain\" } ],"
                + " \"connections\": [ { \"from\": \"g\", \"to\": \"n\" } ] }"), "has no input ports");
    }

    @Test
    void channelBeyondThePatchChannelsIsRejected() {
        assertMentions(error("{ \"channels\": 1, \"nodes\": [ { \"id\": \"g\", \"type\": \"std.gain\" } ],"
                + " \"outputs\": [ { \"from\": \"g\", \"channel\": 1 } ] }"), "$.outputs[0].channel", "channel 1 does not exist", "1 channels");
    }

    @Test
    void unsupportedVersionAndBadStateAreRejected() {
        assertMentions(error("{ \"aether\": 2, \"nodes\": [] }"), "$.aether", "unsupported format version 2");
        assertMentions(error("{ \"nodes\": [ { \"id\": \"l\", \"type\": \"std.lfo\","
                + " \"state\": { \"type\": \"std.lfo\", \"version\": 1, \"base64\": \"@@@\" } } ] }"),
                "$.nodes[0].state.base64", "not valid base64");
        assertMentions(error("{ \"nodes\": [ { \"id\": \"l\", \"type\": \"std.lfo\","
                + " \"state\": { \"type\": \"std.gain\", \"version\": 1, \"base64\": \"\" } } ] }"),
                "$.nodes[0].state.type", "saved by 'std.gain' but the node is a std.lfo");
    }

    // ---- hostile input ----

    @Test
    void everyTruncationFailsCleanlyOrDecodes() throws Exception {
        byte[] valid = codec.encode(synth(new StateBlob("std.osc.saw", 1, new byte[] {1, 2, 3}), null));
        for (int n = 0; n < valid.length; n++) {
            byte[] cut = java.util.Arrays.copyOf(valid, n);
            try {
                codec.decode(cut);
            } catch (SnapshotFormatException expected) {
                assertFalse(expected.getMessage().startsWith("cannot read the patch"), expected.getMessage());
            }
        }
    }

    @Test
    void randomByteFlipsFailCleanlyOrDecode() throws Exception {
        byte[] valid = codec.encode(synth(new StateBlob("std.osc.saw", 1, new byte[] {1, 2, 3}), null));
        java.util.Random r = new java.util.Random(42);
        for (int i = 0; i < 3_000; i++) {
            byte[] bad = valid.clone();
            int flips = 1 + r.nextInt(3);
            for (int k = 0; k < flips; k++) {
                bad[r.nextInt(bad.length)] = (byte) r.nextInt(256);
            }
            try {
                codec.decode(bad);
            } catch (SnapshotFormatException expected) {
                assertFalse(expected.getMessage().startsWith("cannot read the patch"), expected.getMessage());
            }
        }
    }

    @Test
    void deepNestingIsRejectedWithALocation() {
        String deep = "{ \"nodes\": " + "[".repeat(5_000) + "]".repeat(5_000) + " }";
        assertMentions(error(deep), "line 1");
    }
}
