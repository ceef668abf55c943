package org.aetherdsp.benchmarks;

import java.util.SplittableRandom;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a host input route costs per 64-frame block: {@code channels} gain nodes, each fed by its
 * own host input channel ({@code routed}: {@code process(in, out)}), against the same nodes with
 * their inputs unconnected ({@code unrouted}: {@code process(out)}, the nodes read the silent
 * buffer). The difference divided by {@code channels} is the cost of one input channel routed
 * into the graph: the copy into the engine's input buffer (the plan reads it in place).
 * {@code copyIn} measures that copy alone ({@code HostInputs.copyIn}, what {@code process(in, out)}
 * adds before the block runs): on a loaded machine the A/B difference of two whole blocks drowns
 * in the noise, the copy does not.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class InputRouteBenchmark {

    @Param({"1", "8"})
    public int channels;

    private Engine routed;
    private org.aetherdsp.core.rt.HostInputs inputs;
    private Engine unrouted;
    private float[][] in;
    private float[][] out;

    @Setup
    public void setUp() {
        routed = engine(true);
        unrouted = engine(false);
        in = new float[channels][64];
        SplittableRandom rnd = new SplittableRandom(15);
        for (float[] ch : in) {
            for (int i = 0; i < ch.length; i++) {
                ch[i] = (float) (rnd.nextDouble() - 0.5);
            }
        }
        out = new float[channels][64];
        inputs = new org.aetherdsp.core.rt.HostInputs(channels, 64);
    }

    private Engine engine(boolean routes) {
        Engine e = Engine.builder().blockSize(64).inputChannels(channels).outputChannels(channels).build();
        for (int c = 0; c < channels; c++) {
            long g = e.add("std.gain");
            if (routes) {
                e.connectInput(c, g, 0);
            }
            e.connectOutput(g, 0, c);
        }
        e.process(in == null ? new float[channels][64] : in, new float[channels][64]); // takes the plan
        return e;
    }

    @TearDown
    public void tearDown() {
        routed.close();
        unrouted.close();
    }

    @Benchmark
    public float[][] routedBlock() {
        routed.process(in, out);
        return out;
    }

    @Benchmark
    public float[][] copyIn() {
        inputs.copyIn(in);
        return inputs.buffers();
    }

    @Benchmark
    public float[][] unroutedBlock() {
        unrouted.process(out);
        return out;
    }
}
