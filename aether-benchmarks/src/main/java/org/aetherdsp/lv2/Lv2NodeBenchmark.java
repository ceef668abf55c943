package org.aetherdsp.lv2;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.util.concurrent.TimeUnit;
import org.aetherdsp.api.ProcessContext;
import org.aetherdsp.core.param.SmoothedParams;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What an LV2 node costs per 64-frame block beyond the plugin's own DSP, and the per-call cost
 * of the two bindings the host could use (issue 20: "measure it, and choose the binding by that
 * measurement"). The plugin is eg-amp (a multiply per frame). In package org.aetherdsp.lv2 to reach
 * the package-private native calls (this module runs on the class path).
 *
 * <ul>
 *   <li>{@code nodeProcess}: {@link Lv2Node#process} as the engine calls it: copy in, control
 *       values, one JNI run, copy out, NaN check;</li>
 *   <li>{@code jniRun}: the JNI run alone (the plugin's DSP plus one call): nodeProcess minus this
 *       is the node's cost beyond the plugin;</li>
 *   <li>{@code jniNop} / {@code jnaDirectNop}: an empty native function with run's signature
 *       through JNI and through JNA direct mapping ({@code Native.register}), the call cost alone;</li>
 *   <li>{@code jnaDirectRun}: the same run through JNA direct mapping.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class Lv2NodeBenchmark {

    /** JNA direct mapping of the shim's plain C entry points. */
    static final class Jna {
        static native void aether_lv2_run(long handle, int frames, int chunk);

        static native void aether_lv2_nop(long handle, int frames, int chunk);
    }

    private Lv2Node node;
    private long handle;
    private float[][] in;
    private float[][] out;
    private SmoothedParams params;
    private ProcessContext context;

    @Setup(Level.Trial)
    public void setUp() {
        if (!Lv2Host.available()) {
            throw new IllegalStateException(Lv2Host.unavailableReason());
        }
        node = Lv2Host.standard().create("http://lv2plug.in/plugins/eg-amp");
        context = ProcessContext.of(48_000f, 64, 0);
        node.prepare(context);
        handle = node.nativeHandle();
        params = new SmoothedParams(node.layout().descriptor);
        params.get(0).setTarget(-6f, 0);
        in = new float[1][64];
        out = new float[1][64];
        for (int i = 0; i < 64; i++) {
            in[0][i] = (float) Math.sin(i * 0.1);
        }
        node.process(in, out, params, context); // writes the gain into the control buffer
        Native.register(Jna.class, NativeLibrary.getInstance(Lv2Native.libraryPath()));
    }

    @Benchmark
    public float nodeProcess() {
        node.process(in, out, params, context);
        params.advance(64);
        return out[0][63];
    }

    @Benchmark
    public void jniRun() {
        Lv2Native.run(handle, 64, 64);
    }

    @Benchmark
    public void jniNop() {
        Lv2Native.nop(handle, 64, 64);
    }

    @Benchmark
    public void jnaDirectRun() {
        Jna.aether_lv2_run(handle, 64, 64);
    }

    @Benchmark
    public void jnaDirectNop() {
        Jna.aether_lv2_nop(handle, 64, 64);
    }
}
