package org.aetherdsp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.aetherdsp.api.NodeType;
import org.aetherdsp.core.param.SmoothedParams;
import org.aetherdsp.core.rt.BlockContext;
import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.core.graph.CycleException;
import org.aetherdsp.core.graph.DuplicateConnectionException;
import org.aetherdsp.core.graph.PlanView;
import org.aetherdsp.core.model.GraphModel;
import org.aetherdsp.core.model.PlanCompiler;
import org.aetherdsp.core.rt.Plan;
import org.junit.jupiter.api.Test;

/**
 * The compiler refills plans the RT thread hands back instead of allocating new ones. A
 * refilled plan must be exactly the plan a fresh compiler makes of the same graph, compiling
 * must never touch a plan still out (running or pending), and in steady state compiling must
 * allocate nothing.
 */
class PlanReuseTest {

    private static final int BLOCK = 64;
    private static final ProcessContext CONTEXT = ProcessContext.of(48_000f, BLOCK, 0);
    private static final NodeType[] TYPES = {
        TestNodes.CONST, TestNodes.PASS, TestNodes.ADD, ParallelTestGraphs.STATE, ParallelTestGraphs.WORK,
    };

    @Test
    void aRefilledPlanIsThePlanAFreshCompilerMakesSerialAndParallel() {
        for (boolean parallel : new boolean[] {false, true}) {
            int parallelPlans = 0;
            for (int seed = 0; seed < 40; seed++) {
                Random r = new Random(seed);
                GraphModel model = new GraphModel(2, 8);
                List<Long> nodes = new ArrayList<>();
                PlanCompiler reused = new PlanCompiler(new BlockContext(48_000f, BLOCK, 0), parallel);
                // Plans still out: the running one and the pending one, handed back one edit late,
                // as the RT thread does.
                ArrayDeque<Plan> out = new ArrayDeque<>();
                ArrayDeque<String> outDumps = new ArrayDeque<>();
                for (int edit = 0; edit < 150; edit++) {
                    randomEdit(r, model, nodes);
                    Plan plan = reused.compile(model);
                    Plan fresh = new PlanCompiler(new BlockContext(48_000f, BLOCK, 0), parallel).compile(model);
                    String where = (parallel ? "parallel" : "serial") + " seed " + seed + " edit " + edit;
                    assertEquals(dump(fresh), dump(plan), where);
                    parallelPlans += plan.clusterCount() > 0 ? 1 : 0;
                    for (Plan p : out) {
                        assertNotSame(p, plan, where + ": a plan still out was refilled");
                    }
                    // The plans still out were not changed by this compile.
                    var dumps = outDumps.iterator();
                    for (Plan p : out) {
                        assertEquals(dumps.next(), dump(p), where + ": compiling changed a plan still out");
                    }
                    out.addLast(plan);
                    outDumps.addLast(dump(plan));
                    if (out.size() > 2) {
                        reused.recycle(out.removeFirst());
                        outDumps.removeFirst();
                    }
                }
            }
            if (parallel) {
                assertTrue(parallelPlans > 500, "only " + parallelPlans + " plans had a cluster schedule");
            }
        }
    }

    @Test
    void compilingAllocatesNothingOnceThePlansComeBack() {
        for (boolean parallel : new boolean[] {false, true}) {
            GraphModel model = new GraphModel(2, 1024);
            Random r = new Random(7);
            List<Long> nodes = new ArrayList<>();
            while (nodes.size() < 500) {
                randomEdit(r, model, nodes);
            }
            PlanCompiler compiler = new PlanCompiler(new BlockContext(48_000f, BLOCK, 0), parallel);
            Plan[] out = new Plan[2];
            Runnable round = () -> {
                for (int i = 0; i < 100; i++) {
                    Plan next = compiler.compile(model);
                    if (out[0] != null) {
                        compiler.recycle(out[0]);
                    }
                    out[0] = out[1];
                    out[1] = next;
                }
            };
            for (int warm = 0; warm < 20; warm++) {
                Allocation.measure(round);
            }
            long[] bytes = new long[10];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = Allocation.measure(round);
            }
            assertEquals(0, Arrays.stream(bytes).sum(), (parallel ? "parallel" : "serial")
                    + ": bytes per 100 compiles of " + model.size() + " nodes: " + Arrays.toString(bytes));
        }
    }

    @Test
    void aPlanHandedBackTwiceIsRefused() {
        GraphModel model = new GraphModel(2, 8);
        add(model, TestNodes.CONST);
        PlanCompiler compiler = new PlanCompiler(new BlockContext(48_000f, BLOCK, 0), false);
        Plan plan = compiler.compile(model);
        compiler.recycle(plan);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> compiler.recycle(plan));
        assertTrue(e.getMessage().contains("already handed back"), e.getMessage());
        assertSame(plan, compiler.compile(model), "the handed-back plan is refilled");
    }

    /** One random edit: add a node (wired to a random earlier one and to the host), connect, disconnect or remove. */
    private static void randomEdit(Random r, GraphModel model, List<Long> nodes) {
        int what = nodes.size() < 4 ? 0 : r.nextInt(6);
        if (what <= 1) {
            NodeType type = TYPES[r.nextInt(TYPES.length)];
            long h = add(model, type);
            if (!nodes.isEmpty() && type.descriptor().inputCount() > 0) {
                long from = nodes.get(r.nextInt(nodes.size()));
                model.connect(from, r.nextInt(model.entry(from).descriptor().outputCount()), h,
                        r.nextInt(type.descriptor().inputCount()));
            }
            if (r.nextInt(3) == 0) {
                model.connectOutput(h, 0, r.nextInt(2));
            }
            nodes.add(h);
        } else if (what <= 3) {
            long a = nodes.get(r.nextInt(nodes.size()));
            long b = nodes.get(r.nextInt(nodes.size()));
            int ins = model.entry(b).descriptor().inputCount();
            if (a != b && ins > 0) {
                try {
                    model.connect(a, r.nextInt(model.entry(a).descriptor().outputCount()), b, r.nextInt(ins));
                } catch (CycleException | DuplicateConnectionException refused) {
                    // the graph stays as it was
                }
            }
        } else if (what == 4) {
            long a = nodes.get(r.nextInt(nodes.size()));
            var edges = model.entry(a).outputs();
            if (!edges.isEmpty()) {
                var e = edges.get(r.nextInt(edges.size()));
                model.disconnect(e.source(), e.sourcePort(), e.target(), e.targetPort());
            }
        } else {
            model.remove(nodes.remove(r.nextInt(nodes.size())));
        }
    }

    private static long add(GraphModel model, NodeType type) {
        var node = type.create();
        node.prepare(CONTEXT);
        return model.add(type, node, new SmoothedParams(type.descriptor()));
    }

    /**
     * Everything a plan tells the RT thread, with buffers named by first appearance: two plans
     * with equal dumps run the same nodes in the same order on the same buffer layout.
     */
    static String dump(Plan plan) {
        PlanView view = plan.view(0);
        StringBuilder sb = new StringBuilder();
        sb.append(view.size()).append(" nodes, ").append(view.bufferCount()).append(" buffers, ")
                .append(view.clusterCount()).append(" clusters\n");
        for (int c = 0; c < view.clusterCount(); c++) {
            sb.append("cluster ").append(c).append(" from ").append(view.clusterStart(c)).append(" waits");
            for (int w = 0; w < view.waitCount(c); w++) {
                sb.append(' ').append(view.waitCluster(c, w)).append('@').append(view.waitPosition(c, w));
            }
            sb.append('\n');
        }
        for (int p = 0; p < view.size(); p++) {
            sb.append(p).append(": ").append(view.handleAt(p)).append(" in ").append(Arrays.toString(view.inputsAt(p)))
                    .append(" out ").append(Arrays.toString(view.outputsAt(p)));
            for (int m = view.mixStart(p); m < view.mixStart(p + 1); m++) {
                sb.append(" mix ").append(view.mixTarget(m)).append(" = ").append(Arrays.toString(view.mixSources(m)));
            }
            sb.append('\n');
        }
        for (int ch = 0; ch < view.channelCount(); ch++) {
            sb.append("channel ").append(ch).append(' ').append(Arrays.toString(view.channelSources(ch))).append('\n');
        }
        return sb.toString();
    }
}
