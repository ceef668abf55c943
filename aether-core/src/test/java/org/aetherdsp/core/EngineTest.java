package org.aetherdsp.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.NodeType;
import org.aetherdsp.core.engine.CommandQueueFullException;
import org.aetherdsp.core.engine.EditBatch;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.EngineStats;
import org.aetherdsp.core.engine.FaultReport;
import org.aetherdsp.core.engine.NodeCreationException;
import org.aetherdsp.core.engine.OfflineRenderer;
import org.aetherdsp.core.graph.PlanView;
import org.junit.jupiter.api.Test;

class EngineTest {

    private static final int BLOCK = 64;

    private static long constToOutput(Engine e, float value) {
        long c = e.add("test.const");
        e.setParam(c, "value", value, 0f);
        e.connectOutput(c, 0, 0);
        return c;
    }

    @Test
    void paramRampReachesItsTargetInTheStatedTime() {
        Engine engine = TestNodes.engine().build();
        long c = constToOutput(engine, 0f);
        engine.process(new float[2][BLOCK]);
        engine.setParam(c, "value", 1f, 10f); // 10 ms at 48 kHz = 480 frames
        float[] out = OfflineRenderer.renderToArrays(engine, 1024, null)[0];
        for (int i = 1; i < 480; i++) {
            assertTrue(out[i] > out[i - 1], "rising at frame " + i);
            assertEquals(i / 480f, out[i], 1e-5f, "linear at frame " + i);
        }
        for (int i = 480; i < 1024; i++) {
            assertEquals(1f, out[i], 0f, "exactly on target from frame 480, frame " + i);
        }
    }

    @Test
    void defaultSmoothingOfTheSpecIsUsedWhenNoRampIsGiven() {
        NodeType smooth = NodeType.of("test.smooth",
                NodeDescriptor.builder("Smooth").output("out")
                        .param(org.aetherdsp.api.ParamSpec.of("v", 0f, 1f, 0f, "", 1f)).build(), // 1 ms = 48 frames
                () -> (in, out, p, ctx) -> p.get(0).fill(out[0], ctx.blockSize()));
        Engine engine = Engine.builder().discoverNodeTypes(false).nodeType(smooth).build();
        long n = engine.add("test.smooth");
        engine.connectOutput(n, 0, 1);
        engine.setParam(n, "v", 1f);
        float[] out = OfflineRenderer.renderToArrays(engine, 128, null)[1];
        assertEquals(0.5f, out[24], 1e-5f);
        assertEquals(1f, out[48]);
    }

    @Test
    void severalOutputsOnOneHostChannelAreSummed() {
        Engine engine = TestNodes.engine().build();
        constToOutput(engine, 0.25f);
        constToOutput(engine, 0.5f);
        float[] out = OfflineRenderer.renderToArrays(engine, BLOCK * 2, null)[0];
        assertEquals(0.75f, out[BLOCK + 3]);
    }

    @Test
    void nonFiniteSamplesNeverReachTheHostAndAreCounted() {
        Engine engine = TestNodes.engine().build();
        long nan = engine.add("test.nan");
        engine.connectOutput(nan, 0, 0);
        float[][] host = new float[2][BLOCK];
        engine.process(host);
        for (int i = 0; i < BLOCK; i++) {
            assertTrue(Float.isFinite(host[0][i]));
            assertEquals((i & 3) == 3 ? 0.5f : 0f, host[0][i]);
        }
        assertEquals(BLOCK * 3 / 4, engine.stats().nonFiniteSamples());
    }

    @Test
    void nodeThatThrowsIsBypassedReportedAndEveryOtherNodeKeepsPlaying() {
        Engine engine = TestNodes.engine().build();
        long good = constToOutput(engine, 0.25f);
        long src = engine.add("test.const");
        engine.setParam(src, "value", 0.5f, 0f);
        long bad = engine.add("test.throw");
        engine.setParam(bad, "failAt", BLOCK * 3, 0f);
        engine.connect(src, 0, bad, 0);
        engine.connectOutput(bad, 0, 1);
        float[][] out = OfflineRenderer.renderToArrays(engine, BLOCK * 10, null);
        assertEquals(0.5f, out[1][BLOCK * 2 + 5], "the node worked before it failed");
        for (int i = BLOCK * 3; i < BLOCK * 10; i++) {
            assertEquals(0f, out[1][i], "faulted node is silent at frame " + i);
            assertEquals(0.25f, out[0][i], "other nodes keep playing at frame " + i);
        }
        List<FaultReport> faults = engine.drainFaults();
        assertEquals(1, faults.size());
        FaultReport f = faults.get(0);
        assertEquals(bad, f.node());
        assertEquals("test.throw", f.typeId());
        assertTrue(f.exception() instanceof IllegalStateException);
        assertTrue(f.exception().getMessage().contains("deliberate failure at frame " + BLOCK * 3));
        assertEquals(List.of(), engine.drainFaults(), "reported once");
        assertEquals(1, engine.stats().faults());
        assertTrue(engine.contains(good));
    }

    @Test
    void faultedNodeStaysBypassedAcrossPlanSwaps() {
        Engine engine = TestNodes.engine().build();
        long bad = engine.add("test.throw");
        engine.connectOutput(bad, 0, 0);
        engine.process(new float[2][BLOCK]);
        engine.add("test.const"); // new plan
        OfflineRenderer.renderToArrays(engine, BLOCK * 4, null);
        assertEquals(1, engine.stats().faults(), "it threw once and was never called again");
    }

    @Test
    void nodeThatFaultsAfterThePendingPlanWasCompiledStaysBypassedInIt() {
        // One command per block, so that a plan compiled before the fault is installed after it.
        Engine engine = TestNodes.engine().maxCommandsPerBlock(1).build();
        // Restored, so that failAt is set without a command: it throws in the second block.
        Map<String, Long> h = engine.restore(new org.aetherdsp.api.GraphSnapshot(48_000f, BLOCK, 2, 0,
                List.of(new org.aetherdsp.api.GraphSnapshot.NodeSnapshot("bad", "test.throw", Map.of("failAt", (float) BLOCK), null)),
                List.of(), List.of(new org.aetherdsp.api.GraphSnapshot.Output("bad", 0, 0))));
        long bad = h.get("bad");
        float[][] host = new float[2][BLOCK];
        engine.process(host);                               // installs the plan; frame 0: plays
        engine.setParam(bad, "failAt", (float) BLOCK, 0f);  // a command that changes nothing, applied next block
        engine.add("test.const");                           // a plan compiled now, while the node is healthy
        engine.process(host);                               // applies the param only; frame 64: throws
        assertEquals(1, engine.stats().faults());
        engine.process(host);                               // installs the plan compiled before the fault
        engine.process(host);
        assertEquals(1, engine.stats().faults(), "the new plan must not call the faulted node again");
    }

    @Test
    void replacingAFaultedNodeRevivesItKeepingItsHandleAndConnections() {
        Engine engine = TestNodes.engine().build();
        long src = engine.add("test.const");
        engine.setParam(src, "value", 0.5f, 0f);
        long bad = engine.add("test.throw");
        engine.setParam(bad, "failAt", BLOCK * 2, 0f);
        engine.connect(src, 0, bad, 0);
        engine.connectOutput(bad, 0, 0);
        float[][] out = OfflineRenderer.renderToArrays(engine, BLOCK * 4, null);
        assertEquals(0f, out[0][BLOCK * 3], "faulted and silenced");
        assertEquals(1, engine.drainFaults().size());
        engine.setParam(bad, "failAt", 1e9f, 0f);
        engine.replace(bad);
        out = OfflineRenderer.renderToArrays(engine, BLOCK * 2, null);
        assertEquals(0.5f, out[0][BLOCK + 1], "the replacement plays through the same connections");
        assertTrue(engine.contains(bad));
    }

    @Test
    void batchReachesTheRtThreadAsOnePlanSwap() {
        Engine engine = TestNodes.engine().build();
        long[] h = new long[1];
        engine.batch(e -> {
            h[0] = e.add("test.const");
            e.setParam(h[0], "value", 0.75f, 0f);
            e.connectOutput(h[0], 0, 0);
            e.add("test.pass");
            e.add("test.pass");
        });
        float[][] host = new float[2][BLOCK];
        engine.process(host);
        assertEquals(0.75f, host[0][0], "plan and param arrive in the same block");
        assertEquals(1, engine.stats().commandsApplied(), "the whole batch is one message");
    }

    @Test
    void batchThatFailsIsRolledBackCompletely() {
        Engine engine = TestNodes.engine().build();
        long keep = constToOutput(engine, 0.5f);
        engine.process(new float[2][BLOCK]);
        PlanView before = engine.latestPlan();
        long[] nodesBefore = engine.nodes();
        assertThrows(org.aetherdsp.core.graph.CycleException.class, () -> engine.batch(e -> {
            long a = e.add("test.pass");
            long b = e.add("test.pass");
            e.setParam(keep, "value", 0.1f, 0f);
            e.connect(a, 0, b, 0);
            e.connect(b, 0, a, 0);
        }));
        assertArrayEquals(nodesBefore, engine.nodes());
        assertEquals(before.compile(), engine.latestPlan().compile(), "no plan compiled or sent");
        assertEquals(0.5f, engine.getParamTarget(keep, "value"));
        float[][] host = new float[2][BLOCK];
        engine.process(host);
        assertEquals(0.5f, host[0][0], "the rolled-back param change never reached the RT thread");
    }

    @Test
    void uncommittedBatchIsRolledBackOnClose() {
        Engine engine = TestNodes.engine().build();
        try (EditBatch b = engine.beginBatch()) {
            engine.add("test.const");
            assertEquals(1, engine.nodes().length);
        }
        assertEquals(0, engine.nodes().length);
        assertThrows(IllegalStateException.class, () -> {
            try (EditBatch b = engine.beginBatch()) {
                engine.beginBatch();
            }
        });
    }

    @Test
    void fullCommandRingRefusesWithATypedExceptionAndLosesNothing() {
        Engine engine = TestNodes.engine().commandCapacity(8).build();
        long c = constToOutput(engine, 0f); // its plan swap is coalesced into one pending command
        engine.process(new float[2][BLOCK]);
        for (int i = 1; i <= 8; i++) {
            engine.setParam(c, "value", i, 0f);
        }
        CommandQueueFullException e = assertThrows(CommandQueueFullException.class, () -> engine.setParam(c, "value", 99f, 0f));
        assertTrue(e.getMessage().contains("nothing changed"), e.getMessage());
        assertEquals(8f, engine.getParamTarget(c, "value"), "the refused change is not recorded");
        float[][] host = new float[2][BLOCK];
        engine.process(host);
        assertEquals(8f, host[0][0], "all eight accepted changes were applied, in order");
        engine.setParam(c, "value", 9f, 0f); // room again
        engine.process(host);
        assertEquals(9f, host[0][0]);
    }

    @Test
    void thousandsOfEditsWithoutAnRtThreadCoalesceIntoOnePlanSwap() {
        Engine engine = TestNodes.engine().commandCapacity(8).build();
        long prev = engine.add("test.const");
        for (int i = 0; i < 2000; i++) {
            long n = engine.add("test.pass");
            engine.connect(prev, 0, n, 0);
            prev = n;
        }
        engine.connectOutput(prev, 0, 0);
        engine.process(new float[2][BLOCK]);
        EngineStats s = engine.stats();
        assertEquals(1, s.commandsApplied(), "one swap to the latest plan");
        assertEquals(2001, engine.latestPlan().size());
        assertEquals(prev, engine.latestPlan().handleAt(2000), "the chain's last node runs last");
    }

    @Test
    void atMostMaxCommandsPerBlockAreApplied() {
        Engine engine = TestNodes.engine().maxCommandsPerBlock(32).build();
        long c = constToOutput(engine, 0f);
        engine.process(new float[2][BLOCK]);
        long before = engine.stats().commandsApplied();
        for (int i = 0; i < 100; i++) {
            engine.setParam(c, "value", i, 0f);
        }
        float[][] host = new float[2][BLOCK];
        engine.process(host);
        assertEquals(before + 32, engine.stats().commandsApplied());
        assertEquals(31f, host[0][0]);
        for (int k = 0; k < 3; k++) {
            engine.process(host);
        }
        assertEquals(before + 100, engine.stats().commandsApplied());
        assertEquals(99f, host[0][0]);
    }

    @Test
    void statsCountBlocksAndReportTheDeadline() {
        Engine engine = TestNodes.engine().build();
        constToOutput(engine, 0.1f);
        OfflineRenderer.renderToArrays(engine, BLOCK * 100, null);
        EngineStats s = engine.stats();
        assertEquals(100, s.blocks());
        assertEquals(1_333_333, s.deadlineNanos());
        assertTrue(s.maxNanos() >= s.p50Nanos() && s.p50Nanos() > 0, s.summary());
        assertTrue(s.summary().contains("deadline"));
    }

    @Test
    void nodeAsGivesTheNodeThroughATypeItImplementsAndRejectsOthers() {
        Engine engine = TestNodes.engine().build();
        long c = engine.add("test.const");
        assertTrue(engine.nodeAs(c, DspNode.class) != null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> engine.nodeAs(c, Runnable.class));
        assertTrue(e.getMessage().contains("(test.const)") && e.getMessage().contains("java.lang.Runnable"), e.getMessage());
        engine.remove(c);
        assertThrows(org.aetherdsp.core.graph.StaleHandleException.class, () -> engine.nodeAs(c, DspNode.class));
    }

    @Test
    void hostBufferShorterThanABlockIsRejected() {
        Engine engine = TestNodes.engine().build();
        assertThrows(IllegalArgumentException.class, () -> engine.process(new float[][] {new float[BLOCK - 1]}));
    }

    @Test
    void extraHostChannelsAreSilenced() {
        Engine engine = TestNodes.engine().outputChannels(1).build();
        constToOutput(engine, 0.5f);
        float[][] host = {new float[BLOCK], new float[BLOCK]};
        java.util.Arrays.fill(host[1], 3f);
        engine.process(host);
        engine.process(host);
        assertEquals(0.5f, host[0][0]);
        assertEquals(0f, host[1][0]);
    }

    @Test
    void nodeWhoseFactoryOrPrepareThrowsIsRejectedAndGraphUnchanged() {
        NodeType broken = NodeType.of("test.broken", NodeDescriptor.builder("Broken").output("out").build(), () -> new DspNode() {
            @Override
            public void prepare(org.aetherdsp.api.ProcessContext ctx) {
                throw new UnsupportedOperationException("no tables");
            }

            @Override
            public void process(float[][] in, float[][] out, org.aetherdsp.api.ParamBlock p, org.aetherdsp.api.ProcessContext ctx) {
            }
        });
        Engine engine = TestNodes.engine().nodeType(broken).build();
        PlanView before = engine.latestPlan();
        NodeCreationException e = assertThrows(NodeCreationException.class, () -> engine.add("test.broken"));
        assertTrue(e.getMessage().contains("test.broken") && e.getMessage().contains("no tables"), e.getMessage());
        assertEquals(0, engine.nodes().length);
        assertEquals(before.compile(), engine.latestPlan().compile(), "no plan compiled");
    }

    @Test
    void twoProvidersClaimingOneIdIsAnErrorNamingBoth() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TestNodes.engine().nodeProvider(new TestNodes()).build());
        assertTrue(e.getMessage().contains("test.const") && e.getMessage().contains(TestNodes.class.getName()), e.getMessage());
    }

    @Test
    void providerThatThrowsIsSkippedAndReported() {
        Engine engine = TestNodes.engine().nodeProvider(() -> {
            throw new IllegalStateException("bad plugin");
        }).build();
        assertTrue(engine.registry().problems().get(0).contains("bad plugin"), engine.registry().problems().toString());
        assertFalse(engine.registry().types().isEmpty());
    }

    @Test
    void editsAndQueriesFromAnotherThreadWaitForAnOpenBatchAndNeverSeeItHalfApplied() throws Exception {
        Engine engine = TestNodes.engine().build();
        long[] seenByOther = new long[2];
        Throwable[] failure = new Throwable[1];
        Thread other;
        try (EditBatch b = engine.beginBatch()) {
            engine.add("test.const");
            other = new Thread(() -> {
                try {
                    seenByOther[0] = engine.nodes().length; // waits for the batch
                    engine.add("test.const");
                    seenByOther[1] = engine.nodes().length;
                } catch (Throwable x) {
                    failure[0] = x;
                }
            });
            other.start();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (other.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(Thread.State.WAITING, other.getState(), "the other thread waits for the batch");
            engine.add("test.const");
            b.commit();
        }
        other.join(5_000);
        assertTrue(failure[0] == null, String.valueOf(failure[0]));
        assertEquals(2, seenByOther[0], "the other thread saw the committed batch whole, never one node of it");
        assertEquals(3, seenByOther[1]);
        assertEquals(3, engine.nodes().length);
    }
}
