package org.aetherdsp.benchmarks;

import java.util.concurrent.TimeUnit;
import org.aetherdsp.core.engine.Engine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Compiling a plan for a large graph on the control side: one edit (a gain change would not
 * compile; a connect does) on a graph of {@code nodes} nodes, measured as the cost of
 * {@code connect} + {@code disconnect} of one extra edge, i.e. two full compiles. Target:
 * a 10,000-node graph compiles in under 5 ms.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class PlanCompileBenchmark {

    @Param({"1000", "10000"})
    public int nodes;

    private Engine engine;
    private long first;
    private long last;

    @Setup
    public void setUp() {
        engine = Engine.builder().discoverNodeTypes(false).nodeType(BenchNodeTypes.NOOP)
                .initialNodeCapacity(nodes + 8).build();
        long[] h = new long[nodes];
        engine.batch(e -> {
            // A realistic shape: 16 parallel chains, summed at the end by fan-in.
            for (int i = 0; i < nodes; i++) {
                h[i] = e.add(BenchNodeTypes.NOOP.id());
                if (i >= 16) {
                    e.connect(h[i - 16], 0, h[i], 0);
                }
            }
            for (int i = nodes - 16; i < nodes; i++) {
                e.connectOutput(h[i], 0, 0);
            }
        });
        first = h[0];
        last = h[nodes - 1];
    }

    /** Two compiles per call (connect, then disconnect); the engine's state is the side effect JMH cannot drop. */
    @Benchmark
    public void connectAndDisconnectOneEdge() {
        engine.connect(first, 0, last, 0);
        engine.disconnect(first, 0, last, 0);
    }
}
