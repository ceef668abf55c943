package org.aetherdsp.state.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.aetherdsp.api.SnapshotFormatException;
import org.aetherdsp.core.engine.NodeRegistry;
import org.junit.jupiter.api.Test;

/** The {@code "midi"} section of patch files. */
class MidiMappingTest {

    private static final NodeRegistry REGISTRY = NodeRegistry.load();
    private final JsonPatchCodec codec = new JsonPatchCodec(REGISTRY);

    private static String patch(String midi) {
        return "{\n \"nodes\": [{\"id\": \"osc\", \"type\": \"std.osc.saw\"}, {\"id\": \"my.lp\", \"type\": \"std.filter.svf\"}],\n"
                + " \"midi\": " + midi + "\n}";
    }

    private MidiMapping read(String midi) throws SnapshotFormatException {
        byte[] bytes = patch(midi).getBytes(StandardCharsets.UTF_8);
        codec.decode(bytes); // the whole file, midi included, is checked by decode too
        return codec.decodeMidi(bytes);
    }

    private String error(String midi) {
        byte[] bytes = patch(midi).getBytes(StandardCharsets.UTF_8);
        String viaDecode = assertThrows(SnapshotFormatException.class, () -> codec.decode(bytes)).getMessage();
        String viaMidi = assertThrows(SnapshotFormatException.class, () -> codec.decodeMidi(bytes)).getMessage();
        assertEquals(viaDecode, viaMidi);
        return viaMidi;
    }

    @Test
    void controllersMapOntoNodeParamsWithDefaultsFromTheParamSpec() throws Exception {
        MidiMapping m = read("{\"cc\": [{\"cc\": 74, \"param\": \"my.lp.cutoff\", \"min\": 200, \"max\": 8000, \"ramp\": 5},"
                + " {\"cc\": 7, \"param\": \"osc.amp\", \"channel\": 3}]}");
        assertEquals(List.of(new MidiMapping.ControlChange(74, 0, "my.lp", "cutoff", 200f, 8000f, 5f),
                new MidiMapping.ControlChange(7, 3, "osc", "amp", 0f, 1f, 20f)), m.controlChanges());
    }

    @Test
    void aPatchWithoutMidiHasNoMapping() throws Exception {
        byte[] bytes = "{\"nodes\": []}".getBytes(StandardCharsets.UTF_8);
        assertEquals(MidiMapping.NONE, codec.decodeMidi(bytes));
    }

    @Test
    void badEntriesAreNamedWithTheirPlaceInTheFile() {
        String e = error("{\"cc\": [{\"cc\": 74, \"param\": \"lp.cutoff\"}]}");
        assertTrue(e.contains("$.midi.cc[0].param") && e.contains("unknown node 'lp' in 'lp.cutoff'; the nodes are: [osc, my.lp]"), e);
        e = error("{\"cc\": [{\"cc\": 74, \"param\": \"osc.cutoff\"}]}");
        assertTrue(e.contains("$.midi.cc[0].param") && e.contains("unknown param 'cutoff' of std.osc.saw (node 'osc'); its params: [freq"), e);
        e = error("{\"cc\": [{\"cc\": 74, \"param\": \"osc\"}]}");
        assertTrue(e.contains("'osc' is not \"node.param\""), e);
        e = error("{\"cc\": [{\"cc\": 128, \"param\": \"osc.amp\"}]}");
        assertTrue(e.contains("$.midi.cc[0].cc"), e);
        e = error("{\"cc\": [{\"cc\": 1, \"param\": \"osc.amp\"}, {\"cc\": 2, \"param\": \"osc.amp\", \"max\": 2}]}");
        assertTrue(e.contains("$.midi.cc[1].max") && e.contains("\"max\" 2 is out of range 0..1"), e);
        e = error("{\"cc\": [{\"cc\": 1, \"param\": \"osc.amp\", \"channel\": 0}]}");
        assertTrue(e.contains("$.midi.cc[0].channel"), e);
        e = error("{\"notes\": {}}");
        assertTrue(e.contains("$.midi.notes: unknown key 'notes'; expected one of: cc"), e);
        e = error("{\"cc\": [{\"cc\": 1, \"parm\": \"osc.amp\"}]}");
        assertTrue(e.contains("unknown key 'parm'"), e);
    }
}
