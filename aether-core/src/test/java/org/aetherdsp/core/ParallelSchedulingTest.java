package org.aetherdsp.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.aetherdsp.api.GraphSnapshot;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.FaultReport;
import org.aetherdsp.core.engine.SnapshotRequest;
import org.aetherdsp.core.graph.PlanView;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Several workers must render exactly what one worker renders, bit for bit, through plan
 * swaps, parameter ramps, faults, NaN, snapshots and node replacement; and a graph without
 * width must run serially.
 */
class ParallelSchedulingTest {

    private static final int BLOCK = 64;
    private static final int SEEDS = 80;

    /**
     * The property: random DAGs (seeded; each seed is one test), with random edits between
     * blocks, rendered by one, two and three workers side by side, compared block by block.
     */
    @TestFactory
    List<DynamicTest> randomDagsRenderBitIdenticalOnOneTwoAndThreeWorkers() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int seed = 0; seed < SEEDS; seed++) {
            int s = seed;
            tests.add(DynamicTest.dynamicTest("seed " + s, () -> renderSerialAndParallel(s)));
        }
        // Not vacuous: over all seeds, helper threads ran clusters of parallel plans.
        tests.add(DynamicTest.dynamicTest("helpers took part", () -> assertTrue(helperClustersSeen > 0,
                "no helper ever ran a cluster: the comparison above only compared the RT thread with itself")));
        return tests;
    }

    private static long helperClustersSeen;

    private static void renderSerialAndParallel(int seed) {
        Random r = new Random(seed);
        try (Engine one = ParallelTestGraphs.engine(1).build();
             Engine two = ParallelTestGraphs.engine(2).build();
             Engine three = ParallelTestGraphs.engine(3).build()) {
            ParallelTestGraphs.Twins twins = new ParallelTestGraphs.Twins(r, one, two, three);
            twins.build(10 + r.nextInt(70));
            float[][][] host = new float[3][2][BLOCK];
            for (int block = 0; block < 120; block++) {
                if (block % 10 == 5) {
                    twins.randomEdit();
                }
                one.process(host[0]);
                two.process(host[1]);
                three.process(host[2]);
                for (int ch = 0; ch < 2; ch++) {
                    assertBitIdentical(host[0][ch], host[1][ch], "seed " + seed + " block " + block + " ch " + ch + " (2 workers)");
                    assertBitIdentical(host[0][ch], host[2][ch], "seed " + seed + " block " + block + " ch " + ch + " (3 workers)");
                }
            }
            assertEquals(one.stats().faults(), two.stats().faults());
            assertEquals(one.stats().nonFiniteSamples(), three.stats().nonFiniteSamples());
            helperClustersSeen += two.helperClusters() + three.helperClusters();
        }
    }

    static void assertBitIdentical(float[] expected, float[] actual, String where) {
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                throw new AssertionError(where + " frame " + i + ": expected " + expected[i] + ", got " + actual[i]);
            }
        }
    }

    /** {@code voices} chains of {@code length} work nodes fed by a const, each routed to a host channel. */
    static long[][] voices(Engine engine, int voices, int length) {
        long[][] h = new long[voices][length + 1];
        engine.batch(e -> {
            for (int v = 0; v < voices; v++) {
                h[v][0] = e.add("test.const");
                e.setParam(h[v][0], "value", 0.1f * (v + 1), 0f);
                for (int k = 1; k <= length; k++) {
                    h[v][k] = e.add(ParallelTestGraphs.WORK.id());
                    e.setParam(h[v][k], "rate", 0.001f * (v + k), 0f);
                    e.connect(h[v][k - 1], 0, h[v][k], 0);
                }
                e.connectOutput(h[v][length], 0, v & 1);
            }
        });
        return h;
    }

    @Test
    void wideGraphGetsOneClusterPerVoiceAndAChainFallsBackToSerial() {
        try (Engine wide = ParallelTestGraphs.engine(2).build();
             Engine chain = ParallelTestGraphs.engine(2).build();
             Engine serialChain = ParallelTestGraphs.engine(1).build()) {
            voices(wide, 8, 6);
            assertEquals(8, wide.latestPlan().clusterCount(), "one cluster per voice, the const inside it");
            voices(chain, 1, 200);
            voices(serialChain, 1, 200);
            assertEquals(0, chain.latestPlan().clusterCount(), "a chain has nothing to run side by side");
            assertEquals(serialChain.latestPlan().bufferCount(), chain.latestPlan().bufferCount());
        }
    }

    @Test
    void helperStartRunsOnEachHelperBeforeItWorksAndAThrowingOneDoesNotStopIt() throws Exception {
        java.util.Set<String> ranOn = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(2);
        try (Engine engine = ParallelTestGraphs.engine(3).helperStart(() -> {
            ranOn.add(Thread.currentThread().getName());
            started.countDown();
        }).build()) {
            assertTrue(started.await(10, java.util.concurrent.TimeUnit.SECONDS), "both helpers ran the start code");
            java.util.Set<String> helpers = new java.util.HashSet<>();
            for (Thread t : engine.helperThreads()) {
                helpers.add(t.getName());
            }
            assertEquals(helpers, ranOn, "on the helper threads themselves");
        }
        List<Throwable> reported = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> reported.add(e));
        try (Engine engine = ParallelTestGraphs.engine(2).helperStart(() -> {
            throw new IllegalStateException("no real-time scheduling here");
        }).build()) {
            voices(engine, 8, 6);
            float[][] host = new float[2][64];
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (engine.helperClusters() == 0 && System.nanoTime() < deadline) {
                engine.process(host);
            }
            assertTrue(engine.helperClusters() > 0, "the helper works on after its start code threw");
            assertEquals(1, reported.size(), reported.toString());
            assertEquals("no real-time scheduling here", reported.get(0).getMessage());
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }

    @Test
    void anEngineNobodyClosedStopsItsHelpersOnceItIsCollected() throws Exception {
        Thread[] helpers = abandonedEngineHelpers();
        assertEquals(2, helpers.length);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (anyAlive(helpers) && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertFalse(anyAlive(helpers), "the helper threads of an unreachable engine still run");
    }

    /** Builds and runs a 3-worker engine, and lets go of it without closing it. */
    private static Thread[] abandonedEngineHelpers() {
        Engine engine = ParallelTestGraphs.engine(3).build();
        voices(engine, 8, 6);
        float[][] host = new float[2][64];
        for (int i = 0; i < 200; i++) {
            engine.process(host);
        }
        Thread[] helpers = engine.helperThreads();
        assertTrue(helpers[0].isAlive() && helpers[1].isAlive());
        return helpers;
    }

    private static boolean anyAlive(Thread[] threads) {
        for (Thread t : threads) {
            if (t.isAlive()) {
                return true;
            }
        }
        return false;
    }

    @Test
    void oneWorkerStartsNoThreadAndCompilesSerialPlans() {
        try (Engine engine = ParallelTestGraphs.engine(1).build()) {
            voices(engine, 8, 6);
            assertEquals(1, engine.workers());
            assertEquals(0, engine.helperThreads().length);
            assertEquals(0, engine.latestPlan().clusterCount());
        }
    }

    @Test
    void workerCountOutsideItsRangeIsRefusedNamingIt() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> Engine.builder().workers(0));
        assertEquals("workers must be within 1..64, got 0", zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Engine.builder().workers(65));
    }

    @Test
    void closeStopsTheHelpersAndProcessKeepsWorkingAlone() throws Exception {
        Engine two = ParallelTestGraphs.engine(2).build();
        try (Engine one = ParallelTestGraphs.engine(1).build()) {
            voices(two, 6, 4);
            voices(one, 6, 4);
            float[][] a = new float[2][BLOCK];
            float[][] b = new float[2][BLOCK];
            Thread helper = two.helperThreads()[0];
            assertTrue(helper.isAlive());
            two.close();
            helper.join(2_000);
            assertFalse(helper.isAlive(), "helper still running after close");
            for (int block = 0; block < 20; block++) {
                one.process(a);
                two.process(b);
                assertBitIdentical(a[0], b[0], "block " + block);
            }
            two.close(); // idempotent
        }
    }

    @Test
    void aThrowingNodeIsBypassedAndReportedWithTwoWorkers() {
        try (Engine one = ParallelTestGraphs.engine(1).build(); Engine two = ParallelTestGraphs.engine(2).build()) {
            long[] thrower = new long[2];
            Engine[] engines = {one, two};
            for (int i = 0; i < 2; i++) {
                long[][] v = voices(engines[i], 6, 4);
                Engine e = engines[i];
                int k = i;
                e.batch(b -> {
                    thrower[k] = b.add("test.throw");
                    b.setParam(thrower[k], "failAt", 640f, 0f);
                    b.connect(v[2][4], 0, thrower[k], 0);
                    b.connectOutput(thrower[k], 0, 1);
                });
            }
            assertTrue(two.latestPlan().clusterCount() > 1);
            float[][] a = new float[2][BLOCK];
            float[][] b = new float[2][BLOCK];
            for (int block = 0; block < 40; block++) {
                one.process(a);
                two.process(b);
                for (int ch = 0; ch < 2; ch++) {
                    assertBitIdentical(a[ch], b[ch], "block " + block + " ch " + ch);
                }
            }
            List<FaultReport> faults = two.drainFaults();
            assertEquals(1, faults.size(), faults::toString);
            assertEquals(thrower[1], faults.get(0).node());
            assertEquals(1, two.stats().faults());
            assertEquals(one.drainFaults().size(), 1);
        }
    }

    @Test
    void nonFiniteSamplesAreScrubbedAndCountedWithTwoWorkers() {
        try (Engine one = ParallelTestGraphs.engine(1).build(); Engine two = ParallelTestGraphs.engine(2).build()) {
            for (Engine e : new Engine[] {one, two}) {
                voices(e, 4, 3);
                e.batch(b -> {
                    long nan = b.add("test.nan");
                    b.connectOutput(nan, 0, 0);
                });
            }
            float[][] a = new float[2][BLOCK];
            float[][] b = new float[2][BLOCK];
            for (int block = 0; block < 10; block++) {
                one.process(a);
                two.process(b);
                assertBitIdentical(a[0], b[0], "block " + block);
            }
            assertTrue(two.stats().nonFiniteSamples() > 0);
            assertEquals(one.stats().nonFiniteSamples(), two.stats().nonFiniteSamples());
        }
    }

    @Test
    void snapshotOfATwoWorkerEngineContinuesBitForBitOnOneWorker() throws Exception {
        try (Engine two = ParallelTestGraphs.engine(2).build()) {
            voices(two, 6, 5);
            float[][] host = new float[2][BLOCK];
            for (int block = 0; block < 30; block++) {
                two.process(host);
            }
            SnapshotRequest request = two.requestSnapshot();
            two.process(host); // states are saved at this block boundary
            GraphSnapshot snapshot = request.get(Duration.ofSeconds(5));
            try (Engine copy = ParallelTestGraphs.engine(1).startingFrom(snapshot).build()) {
                copy.restore(snapshot);
                float[][] expected = new float[2][BLOCK];
                copy.process(expected); // takes the restored plan
                // The original has run one block past the snapshot: render the copy's first block again.
                try (Engine again = ParallelTestGraphs.engine(2).startingFrom(snapshot).build()) {
                    again.restore(snapshot);
                    float[][] fromTwo = new float[2][BLOCK];
                    again.process(fromTwo);
                    assertBitIdentical(expected[0], fromTwo[0], "restored on two workers");
                    assertBitIdentical(expected[0], host[0], "the original's block after the snapshot");
                    for (int block = 0; block < 20; block++) {
                        two.process(host);
                        again.process(fromTwo);
                        copy.process(expected);
                        assertBitIdentical(expected[0], host[0], "block " + block + " after the snapshot");
                        assertBitIdentical(expected[1], fromTwo[1], "block " + block + " after the snapshot, ch 1");
                    }
                }
            }
        }
    }

    @Test
    void replacingANodeWithTwoWorkersChangesNotASample() {
        try (Engine one = ParallelTestGraphs.engine(1).build(); Engine two = ParallelTestGraphs.engine(2).build()) {
            long[][] v1 = voices(one, 6, 5);
            long[][] v2 = voices(two, 6, 5);
            float[][] a = new float[2][BLOCK];
            float[][] b = new float[2][BLOCK];
            for (int block = 0; block < 60; block++) {
                if (block % 7 == 3) {
                    two.replace(v2[block % 6][1 + block % 5]); // only the parallel engine: output must not notice
                }
                one.process(a);
                two.process(b);
                for (int ch = 0; ch < 2; ch++) {
                    assertBitIdentical(a[ch], b[ch], "block " + block + " ch " + ch);
                }
            }
            assertTrue(two.drainFaults().isEmpty());
            assertEquals(v1.length, v2.length);
        }
    }

    @Test
    void planSwapsBetweenSerialAndParallelPlansKeepTheOutputExact() {
        try (Engine one = ParallelTestGraphs.engine(1).build(); Engine two = ParallelTestGraphs.engine(2).build()) {
            long[][] h1 = voices(one, 1, 8);
            long[][] h2 = voices(two, 1, 8);
            assertEquals(0, two.latestPlan().clusterCount());
            float[][] a = new float[2][BLOCK];
            float[][] b = new float[2][BLOCK];
            for (int block = 0; block < 60; block++) {
                if (block % 10 == 4) {
                    // Alternate between a chain and a graph with width: a branch off the middle.
                    boolean add = block % 20 == 4;
                    for (Engine e : new Engine[] {one, two}) {
                        long[][] h = e == one ? h1 : h2;
                        if (add) {
                            long extra = e.add(ParallelTestGraphs.WORK.id());
                            e.connect(h[0][3], 0, extra, 0);
                            e.connectOutput(extra, 0, 1);
                        } else {
                            for (var o : e.hostOutputs()) {
                                if (o.channel() == 1) {
                                    e.remove(o.node());
                                }
                            }
                        }
                    }
                    assertEquals(add, two.latestPlan().clusterCount() > 0, "block " + block);
                }
                one.process(a);
                two.process(b);
                for (int ch = 0; ch < 2; ch++) {
                    assertBitIdentical(a[ch], b[ch], "block " + block + " ch " + ch);
                }
            }
        }
    }

    @Test
    void noBufferIsSharedByClustersThatMayRunAtTheSameTime() {
        int parallelPlans = 0;
        for (int seed = 0; seed < 200; seed++) {
            Random r = new Random(seed);
            try (Engine engine = ParallelTestGraphs.engine(2).build()) {
                new ParallelTestGraphs.Twins(r, engine).build(5 + r.nextInt(80));
                PlanView plan = engine.latestPlan();
                int clusters = plan.clusterCount();
                if (clusters == 0) {
                    continue;
                }
                parallelPlans++;
                // For each buffer: the clusters that write it, the last position that does, the clusters that read it.
                java.util.Map<Integer, java.util.Set<Integer>> writers = new java.util.HashMap<>();
                java.util.Map<Integer, Integer> lastWrite = new java.util.HashMap<>();
                java.util.Map<Integer, java.util.Set<Integer>> readers = new java.util.HashMap<>();
                int[] clusterAt = new int[plan.size()];
                for (int c = 0; c < clusters; c++) {
                    for (int p = plan.clusterStart(c); p < plan.clusterStart(c + 1); p++) {
                        clusterAt[p] = c;
                        List<Integer> written = new ArrayList<>();
                        List<Integer> read = new ArrayList<>();
                        for (int b : plan.outputsAt(p)) {
                            written.add(b);
                        }
                        for (int b : plan.inputsAt(p)) {
                            read.add(b);
                        }
                        for (int m = plan.mixStart(p); m < plan.mixStart(p + 1); m++) {
                            written.add(plan.mixTarget(m));
                            for (int b : plan.mixSources(m)) {
                                read.add(b);
                            }
                        }
                        for (int b : written) {
                            writers.computeIfAbsent(b, x -> new java.util.HashSet<>()).add(c);
                            lastWrite.put(b, p);
                        }
                        for (int b : read) {
                            readers.computeIfAbsent(b, x -> new java.util.HashSet<>()).add(c);
                        }
                    }
                }
                for (var e : writers.entrySet()) {
                    assertEquals(1, e.getValue().size(), "seed " + seed + ": clusters " + e.getValue() + " write one buffer");
                    int a = e.getValue().iterator().next();
                    int last = lastWrite.get(e.getKey());
                    for (int c : readers.getOrDefault(e.getKey(), java.util.Set.of())) {
                        if (c == a) {
                            continue;
                        }
                        // Another cluster reads it: it must wait until every write to it is done.
                        boolean waited = false;
                        for (int w = 0; w < plan.waitCount(c); w++) {
                            waited |= plan.waitCluster(c, w) == a && plan.waitPosition(c, w) >= last;
                        }
                        assertTrue(waited, "seed " + seed + ": cluster " + c + " reads what position " + last
                                + " of cluster " + a + " writes without waiting for it");
                    }
                }
            }
        }
        assertTrue(parallelPlans > 100, "only " + parallelPlans + " random graphs had width");
    }
}
