package org.aetherdsp.state.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.aetherdsp.api.GraphSnapshot;
import org.aetherdsp.api.GraphSnapshot.Connection;
import org.aetherdsp.api.GraphSnapshot.NodeSnapshot;
import org.aetherdsp.api.GraphSnapshot.Output;
import org.aetherdsp.api.SnapshotFormatException;
import org.aetherdsp.core.engine.NodeRegistry;
import org.junit.jupiter.api.Test;

/** {@code "feedback": true} on a connection, and a captured feedback state, in patch files. */
class FeedbackPatchTest {

    private static final NodeRegistry REGISTRY = NodeRegistry.load();
    private final JsonPatchCodec codec = new JsonPatchCodec(REGISTRY);

    private GraphSnapshot decode(String json) throws SnapshotFormatException {
        return codec.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    private String error(String json) {
        return assertThrows(SnapshotFormatException.class, () -> decode(json)).getMessage();
    }

    private static final String LOOP = """
            { "blockSize": 4,
              "nodes": [ { "id": "in", "type": "std.gain" }, { "id": "fb", "type": "std.gain", "params": { "gain": 0.5 } } ],
              "connections": [
                { "from": "in", "to": "fb" },
                { "from": "fb", "to": "in", "feedback": true }%s
              ],
              "outputs": [ { "from": "in", "channel": 0 } ] }
            """;

    @Test
    void aConnectionMarkedFeedbackReadsAsOne() throws Exception {
        GraphSnapshot s = decode(LOOP.formatted(""));
        assertFalse(s.connections().get(0).feedback());
        assertTrue(s.connections().get(1).feedback());
        assertNull(s.connections().get(1).state(), "a patch file's loop starts silent");
        GraphSnapshot explicit = decode(LOOP.formatted(", { \"from\": \"fb\", \"to\": \"fb\", \"feedback\": false }"));
        assertFalse(explicit.connections().get(2).feedback());
    }

    @Test
    void feedbackIsWrittenAndItsStateRoundTripsBitForBit() throws Exception {
        float[] state = {0.25f, -0f, Float.MIN_VALUE, -1.5e-7f};
        GraphSnapshot s = new GraphSnapshot(48_000f, 4, 2, 512,
                List.of(new NodeSnapshot("in", "std.gain", Map.of(), null), new NodeSnapshot("fb", "std.gain", Map.of(), null)),
                List.of(new Connection("in", 0, "fb", 0), new Connection("fb", 0, "in", 0, true, state),
                        new Connection("fb", 0, "fb", 0, true)),
                List.of(new Output("in", 0, 0)));
        String text = new String(codec.encode(s), StandardCharsets.UTF_8);
        assertTrue(text.contains("\"feedback\": true, \"state\": \""), text);
        assertTrue(text.contains("{ \"from\": \"fb.out\", \"to\": \"fb.in\", \"feedback\": true }"), text);
        assertTrue(text.contains("{ \"from\": \"in.out\", \"to\": \"fb.in\" }"), "ordinary connections stay as they were: " + text);
        GraphSnapshot back = decode(text);
        assertEquals(s, back);
        float[] read = back.connections().get(1).state();
        for (int i = 0; i < state.length; i++) {
            assertEquals(Float.floatToRawIntBits(state[i]), Float.floatToRawIntBits(read[i]), "frame " + i);
        }
    }

    @Test
    void badFeedbackValuesAreRefusedWithTheirPlace() {
        String notBoolean = error(LOOP.formatted(", { \"from\": \"fb\", \"to\": \"fb\", \"feedback\": \"yes\" }"));
        assertTrue(notBoolean.contains("$.connections[2].feedback") && notBoolean.contains("true or false"), notBoolean);
        String stateWithout = error(LOOP.formatted(", { \"from\": \"fb\", \"to\": \"fb\", \"state\": \"AAAAAA==\" }"));
        assertTrue(stateWithout.contains("only a feedback connection"), stateWithout);
        String wrongLength = error(LOOP.formatted(", { \"from\": \"fb\", \"to\": \"fb\", \"feedback\": true, \"state\": \"AAAAAA==\" }"));
        assertTrue(wrongLength.contains("one block of 4 floats (16 bytes); this one has 4 bytes"), wrongLength);
        String typo = error(LOOP.formatted(", { \"from\": \"fb\", \"to\": \"fb\", \"feedbak\": true }"));
        assertTrue(typo.contains("feedbak"), typo);
    }
}
