package org.aetherdsp.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import org.aetherdsp.api.GraphSnapshot;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.io.driver.RealtimeScheduling;
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
 * Two other modes: {@code --edit-storm} measures the same distribution while a control thread
 * edits the graph without pause, and {@code --max-nodes TYPE} searches for how many nodes of a
 * type fit in the deadline at p99.9.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Run a patch in real time (paced to the deadline) and print the block time distribution"
                + " (p50, p99, p99.9, p99.99, max) against the deadline, deadline misses and the JVM flags in use.",
                "Default patch: a wide mixing desk of std nodes (--strips channel strips, effects, compressors)"
                        + " plus --voices copies of the built-in demo, both with live parameter automation."})
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    PluginsOption plugins = new PluginsOption();

    @picocli.CommandLine.Mixin
    WorkersOption workers = new WorkersOption();

    @picocli.CommandLine.Mixin
    LimitOption limit = new LimitOption();

    @Parameters(index = "0", arity = "0..1", paramLabel = "PATCH",
            description = "A patch file (JSON or binary) instead of the default patch.")
    Path patch;

    @Option(names = "--strips", defaultValue = "32",
            description = "Channel strips of the default wide patch, 0.." + WidePatch.MAX_STRIPS + " (default: ${DEFAULT-VALUE}).")
    int strips;

    @Option(names = "--voices", defaultValue = "1", description = "Copies of the demo in the default patch, 0..64 (default: ${DEFAULT-VALUE}).")
    int voices;

    @Option(names = "--seconds", defaultValue = "10", description = "Measured seconds of real time (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--warmup", defaultValue = "2", description = "Seconds rendered as fast as possible first, to warm the JIT (default: ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--edit-storm", description = "Measure twice, --seconds each: without, then with a control thread"
            + " that adds, connects, sets parameters of, disconnects and removes nodes without pause.")
    boolean editStorm;

    @Option(names = "--edit-rate", defaultValue = "0", paramLabel = "EDITS_PER_S",
            description = "With --edit-storm: pace the control thread to this many edits per second instead of editing"
                    + " without pause (default: ${DEFAULT-VALUE}, no pause).")
    double editRate;

    @Option(names = "--extra-nodes", defaultValue = "0", paramLabel = "N",
            description = "Add a chain of N std.gain nodes (silent, not routed to the host) so that every plan compile"
                    + " is as large as a big patch's (default: ${DEFAULT-VALUE}).")
    int extraNodes;

    @Option(names = "--rt-fifo", paramLabel = "PRIORITY", defaultValue = "0",
            description = "Run the RT thread under SCHED_FIFO at this priority (1..99), as an audio server's process"
                    + " thread runs: no ordinary thread can then preempt it; --workers helpers run one priority below."
                    + " Linux; needs root, CAP_SYS_NICE or an rtprio limit (default: ${DEFAULT-VALUE}, ordinary scheduling).")
    int rtFifo;


    @Option(names = "--rt-priority", description = "Give the RT thread Thread.MAX_PRIORITY. On Linux the JVM ignores"
            + " priorities unless started with -XX:ThreadPriorityPolicy=1 by root; the output says what took effect.")
    boolean rtPriority;

    @Option(names = "--max-nodes", paramLabel = "TYPE",
            description = "Find how many nodes of TYPE fit in the deadline at p99.9: counts double from 1 until one does not fit,"
                    + " then a binary search; each probe is a short paced run, repeated once if it does not fit."
                    + " Nodes with inputs form a chain fed by std.noise,"
                    + " nodes without inputs all play into the host.")
    String maxNodesType;

    @Option(names = "--probe-seconds", defaultValue = "2", description = "Paced seconds per --max-nodes probe (default: ${DEFAULT-VALUE}).")
    double probeSeconds;

    @Option(names = "--budget", defaultValue = "100", paramLabel = "PCT",
            description = "For --max-nodes: the p99.9 block time that still fits, in percent of the deadline (default: ${DEFAULT-VALUE}).")
    double budgetPercent;

    @Option(names = "--max-count", defaultValue = "100000", description = "For --max-nodes: the largest count to try (default: ${DEFAULT-VALUE}).")
    int maxCount;

    /** The percentile --max-nodes judges by. */
    static final double PROBE_PERCENTILE = 99.9;
    /** Binary search stops when a fitting and a failing count are within 1% (noise is larger than that). */
    private static final double TOLERANCE = 0.01;

    @Override
    public Integer call() throws Exception {
        if (!(seconds > 0 && seconds <= 3600) || !(warmup >= 0 && warmup <= 600) || voices < 0 || voices > 64
                || strips < 0 || strips > WidePatch.MAX_STRIPS || extraNodes < 0 || extraNodes > 1_000_000
                || !(editRate >= 0 && editRate <= 1_000_000)) {
            throw Main.usage(spec, "--seconds must be within (0, 3600], --warmup within [0, 600], --voices within 0..64,"
                    + " --strips within 0.." + WidePatch.MAX_STRIPS + ", --extra-nodes within 0..1000000,"
                    + " --edit-rate within 0..1000000");
        }
        if (rtFifo != 0 && (rtFifo < 1 || rtFifo > 99)) {
            throw Main.usage(spec, "--rt-fifo must be within 1..99, got " + rtFifo);
        }
        if (rtPriority) {
            Thread.currentThread().setPriority(Thread.MAX_PRIORITY);
        }
        workers.check(rtFifo);
        if (rtFifo != 0) {
            String refused = RealtimeScheduling.setFifo(rtFifo); // throws for a priority outside 1..99
            if (refused != null) {
                throw new IllegalStateException("--rt-fifo " + rtFifo + ": " + refused);
            }
        }
        if (maxNodesType != null) {
            return maxNodes();
        }
        Engine engine;
        OfflineRenderer.BlockListener score;
        String what;
        if (patch != null) {
            PatchFile file = PatchFile.read(patch, plugins);
            GraphSnapshot snapshot = file.snapshot();
            engine = workers.applyTo(limit.applyTo(plugins.applyTo(Engine.builder())), rtFifo).startingFrom(snapshot).build();
            try {
                file.applyTo(engine, engine.restore(snapshot));
            } catch (RuntimeException e) {
                engine.close();
                throw e;
            }
            score = null;
            what = patch.toString();
        } else {
            if (strips + voices == 0) {
                throw Main.usage(spec, "the default patch needs --strips or --voices above 0");
            }
            engine = workers.applyTo(limit.applyTo(plugins.applyTo(Engine.builder())), rtFifo).build();
            List<OfflineRenderer.BlockListener> scores = new ArrayList<>();
            if (strips > 0) {
                scores.add(WidePatch.build(engine, strips).automation());
            }
            for (int v = 0; v < voices; v++) {
                scores.add(DemoPatch.build(engine).automation(Long.MAX_VALUE / 2));
            }
            score = (e, frame) -> {
                for (OfflineRenderer.BlockListener s : scores) {
                    s.beforeBlock(e, frame);
                }
            };
            what = "wide patch (" + strips + " strips) + " + voices + (voices == 1 ? " copy" : " copies") + " of the demo";
        }
        try {
            if (extraNodes > 0) {
                engine.batch(e -> addChain(e, "std.gain", extraNodes, false));
                what += " + " + extraNodes + " extra std.gain nodes";
            }
            long warmFrames = Math.round(warmup * engine.sampleRate());
            OfflineRenderer.render(engine, warmFrames, score, null);
            long blocks = blocksIn(engine, seconds);
            PrintWriter out = out();
            out.printf(Locale.ROOT, "%s: %d nodes, %.0f Hz, %d-frame blocks, deadline %.1f us, %d worker%s; %d blocks paced in real time%n",
                    what, engine.nodes().length, engine.sampleRate(), engine.blockSize(), engine.deadlineNanos() / 1e3,
                    engine.workers(), engine.workers() == 1 ? "" : "s", blocks);
            EngineStats before = engine.stats();
            PacedRun.Result quiet = PacedRun.run(engine, score, warmFrames, blocks, engine.deadlineNanos(), Long.MAX_VALUE);
            if (editStorm) {
                out.println("without edit storm:");
            }
            printRun(out, engine, quiet, before);
            if (editStorm) {
                storm(out, engine, score, warmFrames + blocks * engine.blockSize(), blocks);
            }
            printJvm(out);
            return 0;
        } finally {
            engine.close(); // stops the --workers helper threads
        }
    }

    private void storm(PrintWriter out, Engine engine, OfflineRenderer.BlockListener score, long firstFrame, long blocks)
            throws InterruptedException {
        EditStorm storm = new EditStorm(engine, editRate);
        Thread control = new Thread(storm, "aether-edit-storm");
        control.setDaemon(true);
        EngineStats before = engine.stats();
        control.start();
        PacedRun.Result stormy = PacedRun.run(engine, score, firstFrame, blocks, engine.deadlineNanos(), Long.MAX_VALUE);
        storm.stop();
        // The storm may be waiting for the ring to drain: keep the engine running until it has stopped.
        float[][] host = new float[engine.outputChannels()][engine.blockSize()];
        while (control.isAlive()) {
            engine.process(host);
            control.join(1);
        }
        if (storm.failure() != null) {
            throw new IllegalStateException("the edit storm failed: " + storm.failure(), storm.failure());
        }
        out.println("during edit storm:");
        printRun(out, engine, stormy, before);
        Histogram e = storm.editNanos();
        out.printf(Locale.ROOT, "edit storm: %d edits in %.2f s (%.0f/s; %d refused while the command ring was full, retried);"
                        + " edit call (validate, compile the plan, enqueue) p50 %.1f us, p99 %.1f us, max %.1f us%n",
                storm.edits(), storm.wallNanos() / 1e9, storm.edits() / (storm.wallNanos() / 1e9), storm.queueFull(),
                e.getValueAtPercentile(50) / 1e3, e.getValueAtPercentile(99) / 1e3, e.getMaxValue() / 1e3);
    }

    private int maxNodes() throws Exception {
        NodeDescriptor d = plugins.require(maxNodesType).descriptor();
        if (d.outputCount() == 0) {
            throw new IllegalArgumentException(maxNodesType + " has no outputs, so it cannot be wired into a patch to measure");
        }
        if (!(probeSeconds > 0 && probeSeconds <= 600) || !(budgetPercent > 0 && budgetPercent <= 1000) || maxCount < 1) {
            throw Main.usage(spec, "--probe-seconds must be within (0, 600], --budget within (0, 1000], --max-count at least 1");
        }
        PrintWriter out = out();
        Engine shape = limit.applyTo(plugins.applyTo(Engine.builder())).build();
        long deadline = shape.deadlineNanos();
        long budget = Math.round(deadline * budgetPercent / 100);
        out.printf(Locale.ROOT, "%s: how many fit in %.1f us (%.0f%% of the %.1f us deadline) at p%s; %.1f s paced per probe%n",
                maxNodesType, budget / 1e3, budgetPercent, deadline / 1e3, fmt(PROBE_PERCENTILE), probeSeconds);
        out.flush();
        // One untimed probe first, so that the first measured one does not pay for compiling the paced loop.
        probe(1, budget);
        NodeCountSearch search = new NodeCountSearch(budget, maxCount, TOLERANCE);
        // A single preemption by another process spoils a short run; a count fails only if it fails twice.
        NodeCountSearch.Result r = search.run(n -> {
            long first = probe(n, budget);
            return first <= budget ? first : Math.min(first, probe(n, budget));
        }, s -> {
            out.printf(Locale.ROOT, "  %,d nodes: p%s %.1f us (%.1f%% of the deadline) %s%n", s.nodes(), fmt(PROBE_PERCENTILE),
                    s.nanos() / 1e3, 100.0 * s.nanos() / deadline, s.fits() ? "fits" : "does not fit");
            out.flush();
        });
        if (r.nodes() == 0) {
            out.printf(Locale.ROOT, "%s: not even one node fits%n", maxNodesType);
        } else {
            out.printf(Locale.ROOT, "%s: %,d nodes fit at p%s (%.1f us, %.1f%% of the deadline)%s; %d probes%n", maxNodesType,
                    r.nodes(), fmt(PROBE_PERCENTILE), r.nanos() / 1e3, 100.0 * r.nanos() / deadline,
                    r.limitReached() ? ", the --max-count limit" : "", r.steps().size());
        }
        printJvm(out);
        return 0;
    }

    /** One --max-nodes probe: a fresh engine with n nodes, warmed up, then a short paced run. */
    private long probe(int n, long budget) throws IOException {
        Engine engine = limit.applyTo(plugins.applyTo(Engine.builder())).initialNodeCapacity(n + 1).build();
        engine.batch(e -> addChain(e, maxNodesType, n, true));
        // Garbage from the previous probe should not be collected inside this one.
        System.gc();
        long warm = Math.round(Math.min(warmup, 0.5) * engine.sampleRate());
        OfflineRenderer.render(engine, warm, null, null);
        // A few paced blocks, not recorded: the first wake-ups after a burst of work are the slowest.
        long pacedWarm = blocksIn(engine, Math.min(probeSeconds / 4, 0.25));
        PacedRun.run(engine, null, warm, pacedWarm, budget, Long.MAX_VALUE);
        long blocks = blocksIn(engine, probeSeconds);
        // p99.9 is over the budget as soon as more than 0.1% of the planned blocks are: stop there.
        long maxOver = (long) Math.floor(blocks * (100 - PROBE_PERCENTILE) / 100);
        PacedRun.Result r = PacedRun.run(engine, null, warm + pacedWarm * engine.blockSize(), blocks, budget, maxOver);
        return r.times().getValueAtPercentile(PROBE_PERCENTILE);
    }

    /**
     * Adds n nodes of a type: with an input, a chain (the first fed by std.noise when {@code audible});
     * without, side by side. When audible, the last node (or every node of a side-by-side set) plays
     * into host channel 0.
     */
    private static void addChain(Engine e, String type, int n, boolean audible) {
        boolean chain = e.registry().require(type).descriptor().inputCount() > 0;
        long prev = chain && audible ? e.add("std.noise") : 0;
        for (int i = 0; i < n; i++) {
            long node = e.add(type);
            if (chain && prev != 0) {
                e.connect(prev, 0, node, 0);
            }
            if (audible && (!chain || i == n - 1)) {
                e.connectOutput(node, 0, 0);
            }
            prev = node;
        }
    }

    private static long blocksIn(Engine engine, double secs) {
        return Math.max(1, Math.round(secs * engine.sampleRate() / engine.blockSize()));
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private static void printRun(PrintWriter out, Engine engine, PacedRun.Result r, EngineStats before) {
        EngineStats after = engine.stats();
        out.println(distribution(r.times(), engine.deadlineNanos()));
        out.printf(Locale.ROOT, "deadline misses while paced: %d blocks over the deadline, %d blocks started late; faults %d,"
                        + " non-finite samples %d%n",
                r.overBudget(), r.lateStarts(), after.faults() - before.faults(), after.nonFiniteSamples() - before.nonFiniteSamples());
        if (r.sched() != null) {
            out.printf(Locale.ROOT, "RT thread scheduling: waited %.1f ms for a CPU while runnable, preempted %d times%n",
                    r.sched().waitNanos() / 1e6, r.sched().involuntarySwitches());
        }
        out.flush();
    }

    /**
     * @param times    block times in ns
     * @param deadline the deadline in ns
     * @return one line: mean, p50, p99, p99.9, p99.99 and max, each also in percent of the deadline
     */
    static String distribution(Histogram times, long deadline) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "block time: mean %.1f us,", times.getMean() / 1e3));
        double[] percentiles = {50, 99, 99.9, 99.99};
        for (double p : percentiles) {
            long t = times.getValueAtPercentile(p);
            line.append(String.format(Locale.ROOT, " p%s %.1f us (%.2f%%),", fmt(p), t / 1e3, 100.0 * t / deadline));
        }
        long max = times.getMaxValue();
        line.append(String.format(Locale.ROOT, " max %.1f us (%.2f%%) of the %.1f us deadline", max / 1e3,
                100.0 * max / deadline, deadline / 1e3));
        return line.toString();
    }

    private static String fmt(double percentile) {
        return percentile == Math.rint(percentile) ? Long.toString((long) percentile) : Double.toString(percentile);
    }

    private void printJvm(PrintWriter out) {
        List<String> gcs = new ArrayList<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcs.add(gc.getName() + " " + gc.getCollectionCount() + "x/" + gc.getCollectionTime() + " ms");
        }
        out.printf(Locale.ROOT, "JVM: %s %s; flags %s; collectors %s%n", System.getProperty("java.vm.name"),
                System.getProperty("java.version"), ManagementFactory.getRuntimeMXBean().getInputArguments(), gcs);
        out.printf(Locale.ROOT, "RT thread: Java priority %d, Linux nice %s, %s%n", Thread.currentThread().getPriority(),
                niceOfThisThread(), RealtimeScheduling.isFifo() ? "SCHED_FIFO" : "ordinary scheduling");
        String helpers = workers.helperScheduling(rtFifo);
        if (helpers != null) {
            out.println(helpers);
        }
        out.flush();
    }

    /** The nice value the kernel applies to this thread (field 19 of /proc/thread-self/stat), or "unknown". */
    private static String niceOfThisThread() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            // Fields after the command name, which is in parentheses and may contain spaces.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            return f[16]; // field 19 overall; f[0] is field 3
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
