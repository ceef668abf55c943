package org.aetherdsp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.aetherdsp.core.arena.Arena;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.graph.CycleException;
import org.aetherdsp.core.graph.DuplicateConnectionException;
import org.aetherdsp.core.graph.Edge;
import org.aetherdsp.core.graph.GraphException;
import org.aetherdsp.core.graph.HostOutput;
import org.aetherdsp.core.graph.NoSuchConnectionException;
import org.aetherdsp.core.graph.ParamOutOfRangeException;
import org.aetherdsp.core.graph.PortOutOfRangeException;
import org.aetherdsp.core.graph.StaleHandleException;
import org.aetherdsp.core.graph.UnknownNodeTypeException;
import org.aetherdsp.core.graph.UnknownParamException;
import org.aetherdsp.core.graph.PlanView;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Each bad edit: the right exception, a message naming the thing, and nothing changed. */
class GraphValidationTest {

    private Engine engine;
    private long a;
    private long b;
    private long c;

    @BeforeEach
    void chainOfThree() {
        engine = TestNodes.engine().build();
        a = engine.add("test.pass");
        b = engine.add("test.pass");
        c = engine.add("test.add");
        engine.connect(a, 0, b, 0);
        engine.connect(b, 0, c, 0);
        engine.connectOutput(c, 0, 0);
        engine.process(new float[2][64]); // the plan is running
    }

    /** Asserts the edit throws {@code type} with all {@code fragments} in its message, and changes nothing. */
    private <T extends Throwable> T rejected(Class<T> type, Executable edit, String... fragments) {
        long[] nodes = engine.nodes();
        List<Edge> edges = engine.connections();
        List<HostOutput> outs = engine.hostOutputs();
        engine.process(new float[2][64]); // what earlier edits sent is applied
        long compiles = engine.latestPlan().compile();
        long commands = engine.stats().commandsApplied();
        T e = assertThrows(type, edit);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' should mention '" + f + "'");
        }
        assertTrue(Arrays.equals(nodes, engine.nodes()), "nodes unchanged");
        assertEquals(edges, engine.connections(), "connections unchanged");
        assertEquals(outs, engine.hostOutputs(), "host outputs unchanged");
        assertEquals(compiles, engine.latestPlan().compile(), "no new plan compiled");
        engine.process(new float[2][64]);
        assertEquals(commands, engine.stats().commandsApplied(), "nothing sent");
        return e;
    }

    @Test
    void unknownNodeTypeIsRejectedListingKnownTypes() {
        rejected(UnknownNodeTypeException.class, () -> engine.add("std.nope"), "std.nope", "test.pass");
    }

    @Test
    void staleHandleIsRejectedAndGraphUnchanged() {
        long gone = engine.add("test.const");
        engine.remove(gone);
        String id = Arena.format(gone);
        rejected(StaleHandleException.class, () -> engine.connect(gone, 0, c, 1), id, "stale");
        rejected(StaleHandleException.class, () -> engine.connect(a, 0, gone, 0), id);
        rejected(StaleHandleException.class, () -> engine.remove(gone), id);
        rejected(StaleHandleException.class, () -> engine.setParam(gone, "value", 1f), id);
        rejected(StaleHandleException.class, () -> engine.connectOutput(gone, 0, 0), id);
        rejected(StaleHandleException.class, () -> engine.connect(Arena.NONE, 0, c, 1), "0:0");
    }

    @Test
    void reusedSlotDoesNotRevivePreviousHandle() {
        long gone = engine.add("test.const");
        engine.remove(gone);
        long fresh = engine.add("test.const");
        assertEquals(Arena.index(gone), Arena.index(fresh));
        rejected(StaleHandleException.class, () -> engine.setParam(gone, "value", 1f), Arena.format(gone));
    }

    @Test
    void portOutOfRangeNamesNodeTypeAndPortCount() {
        rejected(PortOutOfRangeException.class, () -> engine.connect(a, 1, c, 1),
                "node " + Arena.format(a) + " (test.pass)", "no output port 1", "it has 1");
        rejected(PortOutOfRangeException.class, () -> engine.connect(a, 0, c, 2),
                "(test.add)", "no input port 2", "it has 2", "[a, b]");
        rejected(PortOutOfRangeException.class, () -> engine.connect(a, -1, c, 1), "no output port -1");
        rejected(PortOutOfRangeException.class, () -> engine.connectOutput(c, 0, 2), "host channel 2", "2 output channels");
        rejected(PortOutOfRangeException.class, () -> engine.connectOutput(c, 5, 0), "no output port 5");
    }

    @Test
    void cycleIsRejectedNamingEveryNodeOnIt() {
        CycleException e = rejected(CycleException.class, () -> engine.connect(c, 1, a, 0), "cycle",
                Arena.format(a), Arena.format(b), Arena.format(c));
        assertEquals(List.of(c, a, b, c), e.cycle());
    }

    @Test
    void selfLoopIsACycle() {
        CycleException e = rejected(CycleException.class, () -> engine.connect(b, 0, b, 0), "cycle");
        assertEquals(List.of(b, b), e.cycle());
    }

    @Test
    void duplicateConnectionIsRejected() {
        rejected(DuplicateConnectionException.class, () -> engine.connect(a, 0, b, 0), "already connected");
        rejected(DuplicateConnectionException.class, () -> engine.connectOutput(c, 0, 0), "already goes to host channel 0");
    }

    @Test
    void disconnectingWhatIsNotConnectedIsRejected() {
        rejected(NoSuchConnectionException.class, () -> engine.disconnect(a, 0, c, 1), "not connected");
        rejected(NoSuchConnectionException.class, () -> engine.disconnectOutput(c, 1, 0), "does not go to host channel 0");
    }

    @Test
    void unknownParamIsRejectedListingTheNodesParams() {
        rejected(UnknownParamException.class, () -> engine.setParam(a, "frequency", 1f), "'frequency'", "(test.pass)", "[gain]");
    }

    @Test
    void outOfRangeAndNaNParamValuesAreRejectedWithTheRange() {
        float before = engine.getParamTarget(a, "gain");
        rejected(ParamOutOfRangeException.class, () -> engine.setParam(a, "gain", 11f), "11.0", "'gain'", "[-10.0, 10.0]");
        rejected(ParamOutOfRangeException.class, () -> engine.setParam(a, "gain", Float.NaN), "NaN");
        rejected(IllegalArgumentException.class, () -> engine.setParam(a, "gain", 1f, -5f), "-5.0");
        rejected(IllegalArgumentException.class, () -> engine.setParam(a, "gain", 1f, Float.POSITIVE_INFINITY), "ramp");
        assertEquals(before, engine.getParamTarget(a, "gain"));
    }

    @Test
    void everyGraphExceptionIsAGraphException() {
        assertTrue(GraphException.class.isAssignableFrom(CycleException.class));
        assertTrue(GraphException.class.isAssignableFrom(StaleHandleException.class));
        assertTrue(GraphException.class.isAssignableFrom(ParamOutOfRangeException.class));
    }

    @Test
    void removingANodeDropsItsConnectionsAndOutputs() {
        engine.remove(b);
        assertEquals(List.of(), engine.connections());
        engine.remove(c);
        assertEquals(List.of(), engine.hostOutputs());
        assertEquals(1, engine.nodes().length);
    }
}
