package org.aetherdsp.benchmarks;

import java.util.concurrent.TimeUnit;
import org.aetherdsp.api.DspNode;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.NodeType;
import org.aetherdsp.api.ParamBlock;
import org.aetherdsp.api.ParamSpec;
import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.core.engine.Automation;
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
 * What the automation timeline costs the RT thread: one {@code Engine.process} of 64 frames with
 * 64 nodes that each write their one parameter per frame (a {@code fill} to the host), every
 * parameter in the same state: {@code none} (no events: the baseline), {@code future} (an event
 * due in a billion frames: a waiting lane), {@code linear}, {@code exponential} or {@code target}
 * (a ramp or approach in progress that does not end during the run: the per-frame formula).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class TimelineBenchmark {

    static final NodeType PARAM_CONST = NodeType.of("bench.param-const",
            NodeDescriptor.builder("Parameter out").output("out")
                    .param(ParamSpec.of("value", -1000f, 1000f, 0.5f, "", 0f)).build(),
            () -> new DspNode() {
                @Override
                public void process(float[][] in, float[][] out, ParamBlock p, ProcessContext ctx) {
                    p.get(0).fill(out[0], ctx.blockSize());
                }
            });

    @Param({"none", "future", "linear", "exponential", "target"})
    public String state;

    private static final int NODES = 64;
    private static final long FAR = 1_000_000_000_000L;

    private Engine engine;
    private final float[][] host = new float[2][64];

    @Setup
    public void setUp() {
        engine = Engine.builder().discoverNodeTypes(false).nodeType(PARAM_CONST).blockSize(64).build();
        long[] nodes = new long[NODES];
        engine.batch(e -> {
            for (int i = 0; i < NODES; i++) {
                nodes[i] = e.add("bench.param-const");
                e.connectOutput(nodes[i], 0, i % 2);
            }
        });
        Automation a = engine.automation();
        for (long n : nodes) {
            switch (state) {
                case "none" -> { }
                case "future" -> a.setValueAtFrame(n, "value", 1f, FAR);
                case "linear" -> {
                    a.setValueAtFrame(n, "value", 0.5f, 0);
                    a.linearRampToValueAtFrame(n, "value", 1f, FAR);
                }
                case "exponential" -> {
                    a.setValueAtFrame(n, "value", 0.5f, 0);
                    a.exponentialRampToValueAtFrame(n, "value", 1f, FAR);
                }
                case "target" -> {
                    a.setValueAtFrame(n, "value", 0.5f, 0);
                    a.setTargetAtFrame(n, "value", 1f, 0, 1e12);
                }
                default -> throw new IllegalArgumentException(state);
            }
        }
        for (int i = 0; i < 16; i++) {
            engine.process(host);
        }
        float expected = state.equals("none") || state.equals("future") ? 0.5f * NODES / 2 : host[0][63];
        if (!(host[0][63] == expected && host[0][63] >= 0.5f * NODES / 2)) {
            throw new IllegalStateException("the timeline did not play: " + host[0][63]);
        }
    }

    /** One block. */
    @Benchmark
    public float[][] block() {
        engine.process(host);
        return host;
    }
}
