package org.aetherdsp.state.json;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.aetherdsp.api.GraphSnapshot;
import org.aetherdsp.api.SnapshotFormatException;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.NodeRegistry;
import org.aetherdsp.core.engine.OfflineRenderer;
import org.aetherdsp.core.graph.CycleException;
import org.aetherdsp.core.graph.PatchException;
import org.junit.jupiter.api.Test;

/** {@code "subpatches"} in patch files: flattening, nesting, ids with '/', and every error with its place. */
class SubpatchTest {

    static final NodeRegistry REGISTRY = NodeRegistry.load();
    private final JsonPatchCodec codec = new JsonPatchCodec(REGISTRY);

    private GraphSnapshot decode(String json) throws SnapshotFormatException {
        return codec.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    private String error(String json) {
        return assertThrows(SnapshotFormatException.class, () -> decode(json)).getMessage();
    }

    /** A channel strip (filter into gain, cutoff and level exposed) instanced twice, into a mixer. */
    static final String STRIPS = """
            {
              "subpatches": {
                "strip": {
                  "inputs": { "in": "filter.in" },
                  "outputs": { "out": "amp.out" },
                  "params": {
                    "cutoff": { "param": "filter.cutoff", "default": 1200 },
                    "level": "amp.gain"
                  },
                  "nodes": [
                    { "id": "filter", "type": "std.filter.svf", "params": { "q": 2 } },
                    { "id": "amp", "type": "std.gain", "params": { "gain": 0.5 } }
                  ],
                  "connections": [ { "from": "filter.lp", "to": "amp" } ]
                }
              },
              "nodes": [
                { "id": "osc", "type": "std.osc.saw", "params": { "freq": 110, "amp": 0.4 } },
                { "id": "ch1", "subpatch": "strip", "params": { "cutoff": 800 } },
                { "id": "ch2", "subpatch": "strip", "params": { "level": 0.25 } },
                { "id": "mix", "type": "std.mix" }
              ],
              "connections": [
                { "from": "osc", "to": "ch1.in" },
                { "from": "osc", "to": "ch2" },
                { "from": "ch1.out", "to": "mix.in1" },
                { "from": "ch2", "to": "mix.in2" }
              ],
              "outputs": [ { "from": "mix", "channel": 0 }, { "from": "ch2.out", "channel": 1 } ]
            }
            """;

    /** {@link #STRIPS} written out by hand, in the documented order. */
    static final String STRIPS_FLAT = """
            {
              "nodes": [
                { "id": "osc", "type": "std.osc.saw", "params": { "freq": 110, "amp": 0.4 } },
                { "id": "ch1/filter", "type": "std.filter.svf", "params": { "q": 2, "cutoff": 800 } },
                { "id": "ch1/amp", "type": "std.gain", "params": { "gain": 0.5 } },
                { "id": "ch2/filter", "type": "std.filter.svf", "params": { "q": 2, "cutoff": 1200 } },
                { "id": "ch2/amp", "type": "std.gain", "params": { "gain": 0.25 } },
                { "id": "mix", "type": "std.mix" }
              ],
              "connections": [
                { "from": "ch1/filter.lp", "to": "ch1/amp.in" },
                { "from": "ch2/filter.lp", "to": "ch2/amp.in" },
                { "from": "osc", "to": "ch1/filter.in" },
                { "from": "osc", "to": "ch2/filter.in" },
                { "from": "ch1/amp", "to": "mix.in1" },
                { "from": "ch2/amp", "to": "mix.in2" }
              ],
              "outputs": [ { "from": "mix", "channel": 0 }, { "from": "ch2/amp.out", "channel": 1 } ]
            }
            """;

    @Test
    void aSubpatchFlattensToTheHandWrittenFlatPatchAndRendersTheSameSamplesBitForBit() throws Exception {
        GraphSnapshot flattened = decode(STRIPS);
        GraphSnapshot flat = decode(STRIPS_FLAT);
        assertEquals(flat, flattened);
        float[][] a = render(flattened, 4_800);
        float[][] b = render(flat, 4_800);
        assertBitsEqual(b, a);
        assertTrue(rms(a[0]) > 1e-3, "audible: " + rms(a[0]));
        // Each instance's params reach its own nodes: the two strips sound different.
        assertNotEquals(rms(render(decode(STRIPS.replace("\"cutoff\": 800", "\"cutoff\": 1200")), 4_800)[0]), rms(a[0]));
    }

    @Test
    void theFlattenedSnapshotIsWrittenAndReadBackWithItsSlashedIds() throws Exception {
        GraphSnapshot s = decode(STRIPS);
        List<String> ids = new ArrayList<>();
        s.nodes().forEach(n -> ids.add(n.id()));
        assertEquals(List.of("osc", "ch1/filter", "ch1/amp", "ch2/filter", "ch2/amp", "mix"), ids);
        String text = new String(codec.encode(s), StandardCharsets.UTF_8);
        assertTrue(text.contains("\"id\": \"ch1/filter\""), text);
        assertTrue(text.contains("{ \"from\": \"ch1/filter.lp\", \"to\": \"ch1/amp.in\" }"), text);
        GraphSnapshot back = decode(text);
        assertEquals(s, back);
        assertBitsEqual(render(s, 2_048), render(back, 2_048));
    }

    /** A bus of two strips, instanced twice: ids two levels deep, params passed down through both. */
    static final String BUSES = """
            {
              "subpatches": {
                "strip": {
                  "inputs": { "in": "filter.in" },
                  "outputs": { "out": "amp" },
                  "params": { "cutoff": { "param": "filter.cutoff", "default": 1200 }, "level": "amp.gain" },
                  "nodes": [
                    { "id": "filter", "type": "std.filter.svf" },
                    { "id": "amp", "type": "std.gain", "params": { "gain": 0.5 } }
                  ],
                  "connections": [ { "from": "filter.lp", "to": "amp" } ]
                },
                "bus": {
                  "inputs": { "in": ["ch1.in", "ch2.in"] },
                  "outputs": { "out": "sum.out" },
                  "params": { "tone": { "param": ["ch1.cutoff", "ch2.cutoff"], "default": 500 }, "top": "ch2.level" },
                  "nodes": [
                    { "id": "ch1", "subpatch": "strip", "params": { "level": 0.7 } },
                    { "id": "ch2", "subpatch": "strip" },
                    { "id": "sum", "type": "std.mix" }
                  ],
                  "connections": [ { "from": "ch1", "to": "sum.in1" }, { "from": "ch2.out", "to": "sum.in2" } ]
                }
              },
              "nodes": [
                { "id": "osc", "type": "std.osc.saw", "params": { "freq": 220, "amp": 0.3 } },
                { "id": "a", "subpatch": "bus", "params": { "tone": 2000, "top": 0.1 } },
                { "id": "b", "subpatch": "bus" }
              ],
              "connections": [ { "from": "osc", "to": "a.in" }, { "from": "osc", "to": "b.in" } ],
              "outputs": [ { "from": "a", "channel": 0 }, { "from": "b.out", "channel": 1 } ]
            }
            """;

    static final String BUSES_FLAT = """
            {
              "nodes": [
                { "id": "osc", "type": "std.osc.saw", "params": { "freq": 220, "amp": 0.3 } },
                { "id": "a/ch1/filter", "type": "std.filter.svf", "params": { "cutoff": 2000 } },
                { "id": "a/ch1/amp", "type": "std.gain", "params": { "gain": 0.7 } },
                { "id": "a/ch2/filter", "type": "std.filter.svf", "params": { "cutoff": 2000 } },
                { "id": "a/ch2/amp", "type": "std.gain", "params": { "gain": 0.1 } },
                { "id": "a/sum", "type": "std.mix" },
                { "id": "b/ch1/filter", "type": "std.filter.svf", "params": { "cutoff": 500 } },
                { "id": "b/ch1/amp", "type": "std.gain", "params": { "gain": 0.7 } },
                { "id": "b/ch2/filter", "type": "std.filter.svf", "params": { "cutoff": 500 } },
                { "id": "b/ch2/amp", "type": "std.gain", "params": { "gain": 0.5 } },
                { "id": "b/sum", "type": "std.mix" }
              ],
              "connections": [
                { "from": "a/ch1/filter.lp", "to": "a/ch1/amp" },
                { "from": "a/ch2/filter.lp", "to": "a/ch2/amp" },
                { "from": "a/ch1/amp", "to": "a/sum.in1" },
                { "from": "a/ch2/amp", "to": "a/sum.in2" },
                { "from": "b/ch1/filter.lp", "to": "b/ch1/amp" },
                { "from": "b/ch2/filter.lp", "to": "b/ch2/amp" },
                { "from": "b/ch1/amp", "to": "b/sum.in1" },
                { "from": "b/ch2/amp", "to": "b/sum.in2" },
                { "from": "osc", "to": "a/ch1/filter" },
                { "from": "osc", "to": "a/ch2/filter" },
                { "from": "osc", "to": "b/ch1/filter" },
                { "from": "osc", "to": "b/ch2/filter" }
              ],
              "outputs": [ { "from": "a/sum", "channel": 0 }, { "from": "b/sum", "channel": 1 } ]
            }
            """;

    @Test
    void nestedSubpatchesFlattenWithTwoLevelIdsAndParamsPassedDown() throws Exception {
        GraphSnapshot nested = decode(BUSES);
        GraphSnapshot flat = decode(BUSES_FLAT);
        assertEquals(flat, nested);
        assertBitsEqual(render(flat, 4_800), render(nested, 4_800));
    }

    @Test
    void aFeedbackConnectionInsideASubpatchStaysFeedback() throws Exception {
        GraphSnapshot s = decode("""
                { "blockSize": 16,
                  "subpatches": { "echo": {
                    "inputs": { "in": "sum" }, "outputs": { "out": "sum" },
                    "nodes": [ { "id": "sum", "type": "std.gain" }, { "id": "fb", "type": "std.gain", "params": { "gain": 0.5 } } ],
                    "connections": [ { "from": "sum", "to": "fb" }, { "from": "fb", "to": "sum", "feedback": true } ] } },
                  "nodes": [ { "id": "n", "type": "std.noise" }, { "id": "e1", "subpatch": "echo" } ],
                  "connections": [ { "from": "n", "to": "e1" } ],
                  "outputs": [ { "from": "e1", "channel": 0 } ] }
                """);
        assertEquals(new GraphSnapshot.Connection("e1/fb", 0, "e1/sum", 0, true), s.connections().get(1));
        assertTrue(rms(render(s, 1_024)[0]) > 1e-3);
    }

    @Test
    void aHostInputReachesAnInstanceInput() throws Exception {
        GraphSnapshot s = decode(STRIPS.replace("{ \"from\": \"osc\", \"to\": \"ch1.in\" }", "{ \"from\": \"in.0\", \"to\": \"ch1.in\" }"));
        assertEquals(List.of(new GraphSnapshot.Input(0, "ch1/filter", 0)), s.inputs());
        assertEquals(1, s.inputChannels());
    }

    @Test
    void aFileWithoutSubpatchesIsReadAsBefore() throws Exception {
        String plain = """
                { "nodes": [ { "id": "a/b", "type": "std.gain" }, { "id": "c", "type": "std.gain" } ],
                  "connections": [ { "from": "a/b", "to": "c" } ], "outputs": [ { "from": "c", "channel": 0 } ] }
                """;
        GraphSnapshot s = decode(plain);
        assertEquals("a/b", s.nodes().get(0).id());
        assertEquals(s, decode(new String(codec.encode(s), StandardCharsets.UTF_8)));
    }

    @Test
    void aMidiControllerMayDriveAnInstancesExposedParam() throws Exception {
        String withMidi = STRIPS.replace("\"outputs\": [ { \"from\": \"mix\"",
                "\"midi\": { \"cc\": [ { \"cc\": 74, \"param\": \"ch1.cutoff\" }, { \"cc\": 7, \"param\": \"ch2/amp.gain\" } ] },"
                        + " \"outputs\": [ { \"from\": \"mix\"");
        MidiMapping m = codec.decodeMidi(withMidi.getBytes(StandardCharsets.UTF_8));
        assertEquals("ch1/filter", m.controlChanges().get(0).node());
        assertEquals("cutoff", m.controlChanges().get(0).param());
        assertEquals(20f, m.controlChanges().get(0).min(), "the inner param's range");
        assertEquals("ch2/amp", m.controlChanges().get(1).node());
        String unknown = error(withMidi.replace("\"ch1.cutoff\"", "\"ch1.cut\""));
        assertTrue(unknown.contains("$.midi.cc[0].param: subpatch 'strip' (instance 'ch1') has no param 'cut'"), unknown);
        String several = error(BUSES.replace("\"outputs\": [ { \"from\": \"a\"",
                "\"midi\": { \"cc\": [ { \"cc\": 1, \"param\": \"a.tone\" } ] }, \"outputs\": [ { \"from\": \"a\""));
        assertTrue(several.contains("$.midi.cc[0].param: param 'tone' of instance 'a' sets 2 inner params; a controller drives one:"
                + " name it, e.g. 'a/ch1/filter.cutoff'"), several);
    }

    @Test
    void oneDefinitionCanBeInstancedManyTimesFromCodeAsAVoiceTemplateWould() throws Exception {
        Subpatches subpatches = new Subpatches(REGISTRY);
        JsonTree.Obj root = (JsonTree.Obj) JsonTree.parse(BUSES.getBytes(StandardCharsets.UTF_8));
        subpatches.readDefinitions(root.fields().get(Subpatches.KEY));
        List<String> ids = new ArrayList<>();
        for (int v = 0; v < 3; v++) {
            Subpatches.Expansion x = subpatches.expand("strip", "voice" + v, java.util.Map.of(), root.where());
            x.nodes().forEach(n -> ids.add(((JsonTree.Scalar) ((JsonTree.Obj) n).fields().get("id")).text()));
            assertEquals(List.of("voice" + v + "/filter.cutoff"), x.params().get("cutoff"));
            assertEquals("voice" + v + "/filter.in", x.inputs().get("in").get(0).text());
            assertEquals("voice" + v + "/amp", x.outputs().get("out").text());
        }
        assertEquals(List.of("voice0/filter", "voice0/amp", "voice1/filter", "voice1/amp", "voice2/filter", "voice2/amp"), ids);
        Subpatches.Expansion bus = subpatches.expand("bus", "b", java.util.Map.of(), root.where());
        assertEquals(List.of("b/ch1/filter.cutoff", "b/ch2/filter.cutoff"), bus.params().get("tone"));
    }

    // ---------------------------------------------------------------- errors, each with its place

    @Test
    void anUnknownTypeInsideADefinitionNamesItsPathAndTheInstance() {
        String m = error(STRIPS.replace("\"type\": \"std.gain\"", "\"type\": \"std.gainn\""));
        assertTrue(m.contains("$.subpatches.strip.nodes[1].type (instance 'ch1'): unknown node type 'std.gainn'"), m);
        assertTrue(m.startsWith("line 12, column 32, $.subpatches"), m);
        String nested = error(BUSES.replace("\"type\": \"std.gain\"", "\"type\": \"std.gainn\""));
        assertTrue(nested.contains("$.subpatches.strip.nodes[1].type (instance 'a/ch1'): unknown node type"), nested);
    }

    @Test
    void aBadValueForOneInstanceNamesThatInstancesPlace() {
        String m = error(STRIPS.replace("\"level\": 0.25", "\"level\": 20"));
        assertTrue(m.contains("$.nodes[2].params.level: param 'gain' of node 'ch2/amp' is 20, out of its range 0..16"), m);
        String nested = error(BUSES.replace("{ \"id\": \"ch1\", \"subpatch\": \"strip\", \"params\": { \"level\": 0.7 } }",
                "{ \"id\": \"ch1\", \"subpatch\": \"strip\", \"params\": { \"level\": 70 } }"));
        assertTrue(nested.contains("$.subpatches.bus.nodes[0].params.level (instance 'a'): param 'gain' of node 'a/ch1/amp' is 70"),
                nested);
        String dflt = error(STRIPS.replace("\"default\": 1200", "\"default\": 1"));
        assertTrue(dflt.contains("$.subpatches.strip.params.cutoff.default (instance 'ch2'): param 'cutoff' of node 'ch2/filter' is 1"),
                dflt);
    }

    @Test
    void anUnknownSubpatchNameIsRefusedWithTheNamesThereAre() {
        String m = error(STRIPS.replace("\"subpatch\": \"strip\", \"params\": { \"level\"", "\"subpatch\": \"strp\", \"params\": { \"level\""));
        assertTrue(m.contains("$.nodes[2].subpatch: unknown subpatch 'strp'; the subpatches are: [strip]"), m);
        String none = error("""
                { "nodes": [ { "id": "x", "subpatch": "strip" } ] }
                """);
        assertTrue(none.contains("$.nodes[0].subpatch: unknown subpatch 'strip'; the file defines none under \"subpatches\""), none);
    }

    @Test
    void anUnknownExposedParamIsRefusedAtTheInstanceAndInTheDefinition() {
        String m = error(STRIPS.replace("\"cutoff\": 800", "\"cutof\": 800"));
        assertTrue(m.contains("$.nodes[1].params.cutof: subpatch 'strip' (instance 'ch1') has no param 'cutof'; its params: [cutoff, level]"), m);
        String target = error(STRIPS.replace("\"level\": \"amp.gain\"", "\"level\": \"amp.gian\""));
        assertTrue(target.contains("$.subpatches.strip.params.level (instance 'ch1'): unknown param 'gian' of std.gain (node 'amp' of"
                + " subpatch 'strip'); its params: [gain]"), target);
        String node = error(STRIPS.replace("\"level\": \"amp.gain\"", "\"level\": \"ampp.gain\""));
        assertTrue(node.contains("$.subpatches.strip.params.level (instance 'ch1'): unknown node 'ampp' in 'ampp.gain';"
                + " the nodes of subpatch 'strip' are: [filter, amp]"), node);
        String nested = error(BUSES.replace("\"top\": \"ch2.level\"", "\"top\": \"ch2.levle\""));
        assertTrue(nested.contains("$.subpatches.bus.params.top (instance 'a'): subpatch 'strip' (instance 'ch2') has no param 'levle'"),
                nested);
    }

    @Test
    void anUnknownNamedPortIsRefusedWithThePortsThereAre() {
        String m = error(STRIPS.replace("\"from\": \"ch1.out\"", "\"from\": \"ch1.outt\""));
        assertTrue(m.contains("$.connections[2].from: instance 'ch1' of subpatch 'strip' has no output 'outt'; its outputs: [out]"), m);
        String in = error(STRIPS.replace("\"to\": \"ch1.in\"", "\"to\": \"ch1.input\""));
        assertTrue(in.contains("$.connections[0].to: instance 'ch1' of subpatch 'strip' has no input 'input'; its inputs: [in]"), in);
        String output = error(STRIPS.replace("{ \"from\": \"ch2.out\", \"channel\": 1 }", "{ \"from\": \"ch2.left\", \"channel\": 1 }"));
        assertTrue(output.contains("$.outputs[1].from: instance 'ch2' of subpatch 'strip' has no output 'left'"), output);
        String mapping = error(STRIPS.replace("\"out\": \"amp.out\"", "\"out\": \"amp.outt\""));
        assertTrue(mapping.contains("$.subpatches.strip.outputs.out (instance 'ch1'): node 'ch1/amp' (std.gain) has no output port 'outt'"),
                mapping);
        String inner = error(STRIPS.replace("{ \"from\": \"filter.lp\", \"to\": \"amp\" }", "{ \"from\": \"filtre.lp\", \"to\": \"amp\" }"));
        assertTrue(inner.contains("$.subpatches.strip.connections[0].from (instance 'ch1'): unknown node 'filtre' in 'filtre.lp';"
                + " the nodes of subpatch 'strip' are: [filter, amp]"), inner);
        String byIndex = error(STRIPS.replace("\"from\": \"ch1.out\"", "\"from\": \"ch1.1\""));
        assertTrue(byIndex.contains("has no output '1'; its outputs: [out]"), byIndex);
    }

    @Test
    void duplicateIdsAreRefusedAtTheSecond() {
        String top = error(STRIPS.replace("\"id\": \"ch2\"", "\"id\": \"ch1\""));
        assertTrue(top.contains("$.nodes[2].id: duplicate node id 'ch1' (first used at line 19)"), top);
        String inner = error(STRIPS.replace("\"id\": \"amp\"", "\"id\": \"filter\""));
        assertTrue(inner.contains("$.subpatches.strip.nodes[1].id (instance 'ch1'): duplicate node id 'filter'"), inner);
        String flat = error(STRIPS.replace("\"id\": \"mix\"", "\"id\": \"ch1/amp\""));
        assertTrue(flat.contains("$.nodes[3].id: duplicate node id 'ch1/amp'"), flat);
    }

    @Test
    void aSubpatchThatInstancesItselfIsRefusedNamingTheChain() {
        String direct = error(STRIPS.replace("{ \"id\": \"amp\", \"type\": \"std.gain\", \"params\": { \"gain\": 0.5 } }",
                "{ \"id\": \"amp\", \"type\": \"std.gain\" }, { \"id\": \"again\", \"subpatch\": \"strip\" }"));
        assertTrue(direct.contains("$.subpatches.strip.nodes[2].subpatch (instance 'ch1'): subpatch 'strip' instances itself: strip -> strip"),
                direct);
        String loop = error(BUSES.replace("{ \"id\": \"amp\", \"type\": \"std.gain\", \"params\": { \"gain\": 0.5 } }",
                "{ \"id\": \"amp\", \"type\": \"std.gain\" }, { \"id\": \"deeper\", \"subpatch\": \"bus\" }"));
        assertTrue(loop.contains("$.subpatches.strip.nodes[2].subpatch (instance 'a/ch1'): subpatch 'bus' instances itself: bus -> strip -> bus"),
                loop);
    }

    @Test
    void anUnusedDefinitionIsStillChecked() {
        String m = error("""
                { "subpatches": { "lonely": { "outputs": { "out": "g.out" },
                    "nodes": [ { "id": "g", "subpatch": "nowhere" } ] } },
                  "nodes": [ { "id": "x", "type": "std.gain" } ] }
                """);
        assertTrue(m.contains("$.subpatches.lonely.nodes[0].subpatch (instance 'lonely'): unknown subpatch 'nowhere'"), m);
        String type = error("""
                { "subpatches": { "lonely": { "nodes": [ { "id": "g", "type": "std.gian" } ] } },
                  "nodes": [ { "id": "x", "type": "std.gain" } ] }
                """);
        assertTrue(type.contains("$.subpatches.lonely.nodes[0].type (instance 'lonely'): unknown node type 'std.gian'"), type);
        String port = error("""
                { "subpatches": { "lonely": { "nodes": [ { "id": "g", "type": "std.gain" }, { "id": "h", "type": "std.gain" } ],
                    "connections": [ { "from": "g.left", "to": "h" } ] } },
                  "nodes": [ { "id": "x", "type": "std.gain" } ] }
                """);
        assertTrue(port.contains("$.subpatches.lonely.connections[0].from (instance 'lonely'): node 'lonely/g' (std.gain) has no"
                + " output port 'left'"), port);
        // Nothing of an unused definition reaches the snapshot.
        GraphSnapshot s = assertDoesNotThrow(() -> decode("""
                { "subpatches": { "lonely": { "nodes": [ { "id": "g", "type": "std.gain" } ] } },
                  "nodes": [ { "id": "x", "type": "std.gain" } ] }
                """));
        assertEquals(1, s.nodes().size());
    }

    @Test
    void theShapeOfADefinitionAndAnInstanceIsChecked() {
        assertTrue(error(STRIPS.replace("\"connections\": [ { \"from\": \"filter.lp\"", "\"conections\": [ { \"from\": \"filter.lp\""))
                .contains("$.subpatches.strip.conections: unknown key 'conections'; expected one of: inputs, outputs, params, nodes, connections"));
        String inst = error(STRIPS.replace("{ \"id\": \"ch1\", \"subpatch\": \"strip\",", "{ \"id\": \"ch1\", \"type\": \"std.gain\", \"subpatch\": \"strip\","));
        assertTrue(inst.contains("$.nodes[1].type: unknown key 'type'; expected one of: id, subpatch, params"), inst);
        String port = error(STRIPS.replace("\"inputs\": { \"in\": \"filter.in\" }", "\"inputs\": { \"in.l\": \"filter.in\" }"));
        assertTrue(port.contains("$.subpatches.strip.inputs['in.l']: subpatch input name 'in.l' must be non-blank, without '.'"), port);
        String noNodes = error("{ \"subpatches\": { \"s\": {} }, \"nodes\": [] }");
        assertTrue(noNodes.contains("$.subpatches.s: missing \"nodes\""), noNodes);
        String rootKey = error("{ \"subpatchs\": {}, \"nodes\": [] }");
        assertTrue(rootKey.contains("unknown key 'subpatchs'; expected one of: ") && rootKey.contains("subpatches"), rootKey);
        String dflt = error(STRIPS.replace("\"default\": 1200", "\"default\": [1200]"));
        assertTrue(dflt.contains("$.subpatches.strip.params.cutoff.default: expected a number (or a mode's choice name), found an array"), dflt);
    }

    @Test
    void aSubpatchThatExpandsTooFarIsRefused() {
        StringBuilder defs = new StringBuilder("\"d0\": { \"nodes\": [ { \"id\": \"g\", \"type\": \"std.gain\" } ] }");
        for (int i = 1; i <= 20; i++) {
            defs.append(", \"d").append(i).append("\": { \"nodes\": [ { \"id\": \"x\", \"subpatch\": \"d").append(i - 1)
                    .append("\" }, { \"id\": \"y\", \"subpatch\": \"d").append(i - 1).append("\" } ] }");
        }
        String m = error("{ \"subpatches\": { " + defs + " }, \"nodes\": [ { \"id\": \"top\", \"subpatch\": \"d20\" } ] }");
        assertTrue(m.contains("the subpatches expand to more than 100,000 nodes and instances"), m);
        // Instances without nodes count too, and unused definitions are bounded as well.
        String empty = error("{ \"subpatches\": { " + defs.toString().replace("{ \"id\": \"g\", \"type\": \"std.gain\" }", "")
                + " }, \"nodes\": [] }");
        assertTrue(empty.contains("the subpatches expand to more than 100,000 nodes and instances"), empty);
    }

    @Test
    void aCycleThroughASubpatchIsRefusedByTheEngineNamingTheFlatIdsAndNothingIsBuilt() throws Exception {
        GraphSnapshot s = decode(STRIPS.replace("{ \"from\": \"ch2\", \"to\": \"mix.in2\" }",
                "{ \"from\": \"ch2\", \"to\": \"mix.in2\" }, { \"from\": \"ch1.out\", \"to\": \"ch1.in\" }"));
        try (Engine engine = Engine.builder().registry(REGISTRY).sampleRate(48_000).blockSize(64).outputChannels(2).build()) {
            PatchException e = assertThrows(PatchException.class, () -> engine.restore(s));
            assertTrue(e.getCause() instanceof CycleException, String.valueOf(e.getCause()));
            String m = e.getMessage();
            assertTrue(m.startsWith("connection 'ch1/amp':0 -> 'ch1/filter':0: "), m);
            assertTrue(m.contains("would create a cycle: node 'ch1/amp' (std.gain) -> node 'ch1/filter' (std.filter.svf)"
                    + " -> node 'ch1/amp' (std.gain); to close a loop, mark one connection on it as feedback"), m);
            assertEquals(0, engine.nodes().length, "a rejected patch leaves nothing built");
        }
    }

    @Test
    void swappedNamesTruncationsAndByteFlipsOfANestedFileFailCleanlyOrDecode() {
        String text = BUSES;
        List<int[]> strings = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"[^\"]*\"").matcher(text);
        while (m.find()) {
            strings.add(new int[] {m.start(), m.end()});
        }
        java.util.Random r = new java.util.Random(16);
        int decoded = 0;
        for (int i = 0; i < 3_000; i++) {
            String bad = text;
            int kind = i % 3;
            if (kind == 0) { // one quoted name, key or port put where another was
                int[] at = strings.get(r.nextInt(strings.size()));
                int[] from = strings.get(r.nextInt(strings.size()));
                bad = text.substring(0, at[0]) + text.substring(from[0], from[1]) + text.substring(at[1]);
            } else if (kind == 1) {
                bad = text.substring(0, r.nextInt(text.length()));
            } else {
                char[] c = text.toCharArray();
                String pool = "{}[]\",:.0/ ";
                c[r.nextInt(c.length)] = pool.charAt(r.nextInt(pool.length()));
                bad = new String(c);
            }
            try {
                decode(bad);
                decoded++;
            } catch (SnapshotFormatException expected) {
                assertTrue(!expected.getMessage().startsWith("cannot read the patch"), expected.getMessage() + "\n" + bad);
            }
        }
        assertTrue(decoded > 50, "some mutations still decode: " + decoded);
    }

    // ---------------------------------------------------------------- rendering

    /** Renders a patch in a fresh engine of its rate, block size and channels. */
    static float[][] render(GraphSnapshot patch, int frames) throws Exception {
        try (Engine engine = Engine.builder().registry(REGISTRY).sampleRate(patch.sampleRate()).blockSize(patch.blockSize())
                .outputChannels(patch.outputChannels()).inputChannels(Math.max(1, patch.inputChannels())).build()) {
            engine.restore(patch);
            float[][] out = new float[patch.outputChannels()][frames];
            int[] at = {0};
            OfflineRenderer.render(engine, frames, null, (block, n) -> {
                for (int c = 0; c < out.length; c++) {
                    System.arraycopy(block[c], 0, out[c], at[0], n);
                }
                at[0] += n;
            });
            return out;
        }
    }

    static void assertBitsEqual(float[][] expected, float[][] actual) {
        assertEquals(expected.length, actual.length, "channels");
        for (int c = 0; c < expected.length; c++) {
            for (int i = 0; i < expected[c].length; i++) {
                if (Float.floatToRawIntBits(expected[c][i]) != Float.floatToRawIntBits(actual[c][i])) {
                    throw new AssertionError("channel " + c + ", frame " + i + ": " + expected[c][i] + " != " + actual[c][i]);
                }
            }
        }
    }

    static double rms(float[] x) {
        double s = 0;
        for (float v : x) {
            s += v * v;
        }
        return Math.sqrt(s / x.length);
    }
}
