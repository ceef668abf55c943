package org.aetherdsp.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.aetherdsp.api.GraphSnapshot;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.EngineStats;
import org.aetherdsp.io.driver.AudioDriver;
import org.aetherdsp.io.driver.DriverStats;
import org.aetherdsp.io.jack.JackDriver;
import org.aetherdsp.io.javasound.JavaSoundDriver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code aether play}: plays a patch in real time through JACK or javax.sound, with a live
 * status line (block time p99 against the deadline, xruns, CPU share) until {@code --seconds}
 * have passed or Ctrl-C stops it cleanly.
 */
@Command(name = "play", mixinStandardHelpOptions = true,
        description = "Play a patch in real time through JACK or javax.sound, with a live status line;"
                + " Ctrl-C stops it.")
final class PlayCommand implements Callable<Integer> {

    /** The drivers {@code --driver} accepts. */
    enum DriverKind { jack, javasound }

    private static final long STATUS_PERIOD_MS = 250;

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    PluginsOption plugins = new PluginsOption();

    @Parameters(index = "0", paramLabel = "PATCH", description = "A patch file (JSON or binary).")
    Path patch;

    @Option(names = "--driver", defaultValue = "jack",
            description = "jack or javasound (default: ${DEFAULT-VALUE}).")
    DriverKind driver;

    @Option(names = "--seconds", description = "Stop after this many seconds (default: play until Ctrl-C).")
    Double seconds;

    @Option(names = "--warmup", defaultValue = "2",
            description = "Seconds of a throwaway copy rendered offline first, to warm the JIT (default: ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--client-name", defaultValue = "aether",
            description = "jack: the client name; its ports are NAME:out_0, NAME:out_1, ... (default: ${DEFAULT-VALUE}).")
    String clientName;

    @Option(names = "--connect", split = ",", paramLabel = "PORT",
            description = "jack: ports to connect host channels 0, 1, ... to, e.g. system:playback_1,system:playback_2.")
    List<String> connect = new ArrayList<>();

    @Option(names = "--device", description = "javasound: the first device whose name contains this (default: the default device).")
    String device;

    @Option(names = "--buffer", paramLabel = "FRAMES",
            description = "javasound: the line buffer in frames, i.e. the output latency (default: 20 ms).")
    Integer bufferFrames;

    @Override
    public Integer call() throws Exception {
        if (seconds != null && !(seconds > 0 && seconds <= 86_400)) {
            throw new IllegalArgumentException("--seconds must be within (0, 86400], got " + seconds);
        }
        GraphSnapshot snapshot = PatchFile.read(patch, plugins.registry());
        warmUp(snapshot);
        Engine engine = plugins.applyTo(Engine.builder()).startingFrom(snapshot).build();
        engine.restore(snapshot);
        AudioDriver audio = open(engine);
        PrintWriter out = spec.commandLine().getOut();
        AtomicBoolean finished = new AtomicBoolean();
        long[] startNanos = {0};
        Thread hook = new Thread(() -> {
            // Ctrl-C (or SIGTERM): stop the audio, then say what happened, once.
            audio.close();
            if (finished.compareAndSet(false, true)) {
                summary(out, "stopped (interrupted)", engine, audio, startNanos[0]);
            }
        }, "aether-play-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            audio.start();
            startNanos[0] = System.nanoTime();
            out.println("playing " + patch + " (" + engine.nodes().length + " nodes) through " + audio.describe());
            out.flush();
            long stopAt = seconds == null ? Long.MAX_VALUE : startNanos[0] + Math.round(seconds * 1e9);
            while (audio.isRunning() && System.nanoTime() < stopAt && !finished.get()) {
                Thread.sleep(Math.max(1, Math.min(STATUS_PERIOD_MS, (stopAt - System.nanoTime()) / 1_000_000)));
                if (!finished.get()) {
                    out.print("\r" + status(engine.stats(), audio.stats()));
                    out.flush();
                }
            }
            boolean lost = !audio.isRunning() && !finished.get();
            audio.close();
            if (finished.compareAndSet(false, true)) {
                out.println();
                summary(out, "stopped", engine, audio, startNanos[0]);
            }
            if (lost) {
                throw new IllegalStateException("the audio device stopped while playing (" + audio.describe() + ")");
            }
            return 0;
        } finally {
            audio.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and prints the summary.
            }
        }
    }

    /**
     * Renders a throwaway copy of the patch offline for {@code --warmup} seconds, so that the
     * JIT has compiled the nodes before the first real-time block (the played engine still
     * starts at the patch's beginning).
     */
    private void warmUp(GraphSnapshot snapshot) throws java.io.IOException {
        if (!(warmup >= 0 && warmup <= 60)) {
            throw new IllegalArgumentException("--warmup must be within [0, 60] seconds, got " + warmup);
        }
        Engine copy = plugins.applyTo(Engine.builder()).startingFrom(snapshot).build();
        copy.restore(snapshot);
        org.aetherdsp.core.engine.OfflineRenderer.render(copy, Math.round(warmup * copy.sampleRate()), null, null);
    }

    private AudioDriver open(Engine engine) {
        if (driver == DriverKind.jack) {
            return JackDriver.builder(engine).clientName(clientName).connectTo(connect).build();
        }
        JavaSoundDriver.Builder b = JavaSoundDriver.builder(engine).device(device);
        if (bufferFrames != null) {
            b.bufferFrames(bufferFrames);
        }
        return b.build();
    }

    /**
     * @return the live status: block time p99 against the deadline, xruns, CPU share and the
     *         time played; fixed width so that {@code \r} overwrites the previous line
     */
    static String status(EngineStats e, DriverStats d) {
        return String.format(Locale.ROOT, "%7.1f s  block p99 %8.1f us of %.1f us (%5.1f%%)  xruns %4d  cpu %5.1f%%  misses %d",
                d.wallNanos() / 1e9, e.p99Nanos() / 1e3, e.deadlineNanos() / 1e3, 100.0 * e.p99Nanos() / e.deadlineNanos(),
                d.xruns(), 100 * d.cpuShare(), e.deadlineMisses());
    }

    private static void summary(PrintWriter out, String how, Engine engine, AudioDriver audio, long startNanos) {
        DriverStats d = audio.stats();
        EngineStats e = engine.stats();
        out.printf(Locale.ROOT, "%s after %.1f s: %d callbacks, %d frames, %d xruns, cpu %.1f%%%n", how,
                startNanos == 0 ? 0 : (System.nanoTime() - startNanos) / 1e9, d.callbacks(), d.frames(), d.xruns(),
                100 * d.cpuShare());
        out.println(e.summary());
        out.flush();
    }
}
