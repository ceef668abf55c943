package org.aetherdsp.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.aetherdsp.api.GraphSnapshot;
import org.aetherdsp.api.GraphSnapshot.Connection;
import org.aetherdsp.api.GraphSnapshot.NodeSnapshot;
import org.aetherdsp.api.GraphSnapshot.Output;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.OfflineRenderer;
import org.aetherdsp.core.graph.PatchException;
import org.aetherdsp.core.graph.UnknownNodeTypeException;
import org.aetherdsp.core.graph.UnknownParamException;
import org.junit.jupiter.api.Test;

class RestoreTest {

    private static GraphSnapshot patch(String constType, String param) {
        return new GraphSnapshot(48_000f, 64, 2, 0, List.of(
                new NodeSnapshot("src", constType, Map.of(param, 0.5f), null),
                new NodeSnapshot("amp", "test.pass", Map.of("gain", 2f), null)),
                List.of(new Connection("src", 0, "amp", 0)),
                List.of(new Output("amp", 0, 1)));
    }

    @Test
    void restoredPatchRendersLikeTheSameGraphBuiltByHand() {
        Engine restored = TestNodes.engine().build();
        Map<String, Long> ids = restored.restore(patch("test.const", "value"));
        assertEquals(List.of("src", "amp"), List.copyOf(ids.keySet()));
        Engine byHand = TestNodes.engine().build();
        long src = byHand.add("test.const");
        byHand.setParam(src, "value", 0.5f, 0f);
        long amp = byHand.add("test.pass");
        byHand.setParam(amp, "gain", 2f, 0f);
        byHand.connect(src, 0, amp, 0);
        byHand.connectOutput(amp, 0, 1);
        float[][] a = OfflineRenderer.renderToArrays(restored, 256, null);
        float[][] b = OfflineRenderer.renderToArrays(byHand, 256, null);
        assertArrayEquals(b[1], a[1]);
        assertEquals(1f, a[1][100]);
    }

    @Test
    void patchThatDoesNotFitNamesTheNodeKeepsTheTypedCauseAndAddsNothing() {
        Engine engine = TestNodes.engine().build();
        PatchException e = assertThrows(PatchException.class, () -> engine.restore(patch("test.nope", "value")));
        assertTrue(e.location().contains("'src'"), e.getMessage());
        assertTrue(e.getCause() instanceof UnknownNodeTypeException);
        PatchException p = assertThrows(PatchException.class, () -> engine.restore(patch("test.const", "freq")));
        assertTrue(p.getCause() instanceof UnknownParamException, p.getMessage());
        assertEquals(0, engine.nodes().length, "nothing was added");
    }
}
