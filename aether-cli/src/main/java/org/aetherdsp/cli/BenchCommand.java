package org.aetherdsp.cli;

import java.io.PrintWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import org.aetherdsp.api.GraphSnapshot;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.EngineStats;
import org.aetherdsp.core.engine.OfflineRenderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code aether bench}: runs a patch in real time, the RT thread paced to the block deadline
 * as a sound card would pace it, and prints the block-time distribution against the deadline.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run a patch in real time (paced to the deadline) and print the block time distribution,"
                + " deadline misses and the JVM flags in use.")
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    PluginsOption plugins = new PluginsOption();

    @Parameters(index = "0", arity = "0..1", paramLabel = "PATCH",
            description = "A patch file (JSON or binary). Default: ${DEFAULT-VALUE} copies of the built-in demo.")
    Path patch;

    @Option(names = "--voices", defaultValue = "4", description = "Copies of the demo in the default patch (default: ${DEFAULT-VALUE}).")
    int voices;

    @Option(names = "--seconds", defaultValue = "10", description = "Measured seconds of real time (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--warmup", defaultValue = "2", description = "Seconds rendered as fast as possible first, to warm the JIT (default: ${DEFAULT-VALUE}).")
    double warmup;

    @Override
    public Integer call() throws Exception {
        if (!(seconds > 0 && seconds <= 3600) || !(warmup >= 0 && warmup <= 600) || voices < 1 || voices > 64) {
            throw new IllegalArgumentException("--seconds must be within (0, 3600], --warmup within [0, 600], --voices within 1..64");
        }
        Engine engine;
        OfflineRenderer.BlockListener score;
        String what;
        if (patch != null) {
            GraphSnapshot snapshot = PatchFile.read(patch, plugins.registry());
            engine = plugins.applyTo(Engine.builder()).startingFrom(snapshot).build();
            engine.restore(snapshot);
            score = null;
            what = patch.toString();
        } else {
            engine = plugins.applyTo(Engine.builder()).build();
            List<OfflineRenderer.BlockListener> scores = new ArrayList<>();
            for (int v = 0; v < voices; v++) {
                scores.add(DemoPatch.build(engine).automation(Long.MAX_VALUE / 2));
            }
            score = (e, frame) -> {
                for (OfflineRenderer.BlockListener s : scores) {
                    s.beforeBlock(e, frame);
                }
            };
            what = voices + " copies of the demo";
        }
        int block = engine.blockSize();
        long deadline = engine.deadlineNanos();
        float[][] host = new float[engine.outputChannels()][block];
        // Warm-up, unpaced; its blocks are excluded by measuring with a fresh engine histogram below.
        OfflineRenderer.render(engine, Math.round(warmup * engine.sampleRate()), score, null);
        EngineStats before = engine.stats();
        long blocks = Math.round(seconds * engine.sampleRate() / block);
        long frame = Math.round(warmup * engine.sampleRate());
        long late = 0;
        long[] times = new long[(int) blocks]; // preallocated: the paced loop allocates nothing
        long next = System.nanoTime();
        for (int b = 0; b < blocks; b++) {
            if (score != null) {
                score.beforeBlock(engine, frame);
            }
            long start = System.nanoTime();
            engine.process(host);
            times[b] = System.nanoTime() - start;
            frame += block;
            next += deadline;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else {
                late++;
            }
        }
        EngineStats after = engine.stats();
        print(what, engine, before, after, times, late);
        return 0;
    }

    private void print(String what, Engine engine, EngineStats before, EngineStats after, long[] times, long late) {
        PrintWriter out = spec.commandLine().getOut();
        double d = after.deadlineNanos() / 1e3;
        java.util.Arrays.sort(times);
        out.printf(Locale.ROOT, "%s: %d nodes, %.0f Hz, %d-frame blocks, deadline %.1f us; %d blocks paced in real time%n",
                what, engine.nodes().length, engine.sampleRate(), engine.blockSize(), d, times.length);
        StringBuilder line = new StringBuilder("block time:");
        double[] percentiles = {50, 99, 99.9, 99.99, 100};
        String[] names = {"p50", "p99", "p99.9", "p99.99", "max"};
        for (int i = 0; i < percentiles.length; i++) {
            long t = times[(int) Math.min(times.length - 1, Math.ceil(percentiles[i] / 100.0 * times.length) - 1)];
            line.append(String.format(Locale.ROOT, " %s %.1f us (%.2f%%)%s", names[i], t / 1e3, pct(t, d),
                    i < percentiles.length - 1 ? "," : ""));
        }
        out.println(line);
        out.printf(Locale.ROOT, "deadline misses while paced: %d blocks over the deadline, %d blocks started late; faults %d,"
                        + " non-finite samples %d%n",
                after.deadlineMisses() - before.deadlineMisses(), late, after.faults(), after.nonFiniteSamples());
        List<String> gcs = new ArrayList<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcs.add(gc.getName() + " " + gc.getCollectionCount() + "x/" + gc.getCollectionTime() + " ms");
        }
        out.printf(Locale.ROOT, "JVM: %s %s; flags %s; collectors %s%n", System.getProperty("java.vm.name"),
                System.getProperty("java.version"), ManagementFactory.getRuntimeMXBean().getInputArguments(), gcs);
        out.flush();
    }

    private static double pct(long nanos, double deadlineMicros) {
        return 100.0 * nanos / 1e3 / deadlineMicros;
    }
}
