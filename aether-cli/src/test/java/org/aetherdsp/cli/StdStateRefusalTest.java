package org.aetherdsp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.aetherdsp.api.GraphSnapshot;
import org.aetherdsp.api.StateBlob;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.NodeCreationException;
import org.aetherdsp.core.graph.PatchException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every stateful std node refuses a saved state with bytes it did not write or a version it cannot read. */
class StdStateRefusalTest {

    private static GraphSnapshot withState(GraphSnapshot.NodeSnapshot n, StateBlob state) {
        return new GraphSnapshot(48_000f, 64, 2, 0, List.of(new GraphSnapshot.NodeSnapshot(n.id(), n.typeId(), n.params(), state)),
                List.of(), List.of());
    }

    @ParameterizedTest
    @ValueSource(strings = {"std.osc.saw", "std.delay", "std.filter.biquad", "std.reverb", "std.adsr", "std.noise"})
    void trailingBytesAndUnknownVersionsAreTypedErrors(String type) throws Exception {
        GraphSnapshot.NodeSnapshot saved;
        try (Engine source = Engine.builder().build()) {
            source.add(type);
            var request = source.requestSnapshot();
            source.process(new float[2][64]);
            saved = request.get(Duration.ofSeconds(1)).nodes().get(0);
        }
        StateBlob good = saved.state();
        try (Engine ok = Engine.builder().build()) {
            ok.restore(withState(saved, good)); // the state as written restores
        }
        byte[] longer = Arrays.copyOf(good.bytes(), good.size() + 4);
        try (Engine engine = Engine.builder().build()) {
            PatchException trailing = assertThrows(PatchException.class,
                    () -> engine.restore(withState(saved, new StateBlob(type, good.version(), longer))));
            assertTrue(trailing.getCause() instanceof NodeCreationException, trailing.toString());
            assertTrue(trailing.getMessage().contains("left 4 bytes of its saved state unread"), trailing.getMessage());
            PatchException version = assertThrows(PatchException.class,
                    () -> engine.restore(withState(saved, new StateBlob(type, good.version() + 1, good.bytes()))));
            assertTrue(version.getMessage().contains("version " + (good.version() + 1)), version.getMessage());
            assertEquals(0, engine.nodes().length, "nothing was added");
        }
    }
}
