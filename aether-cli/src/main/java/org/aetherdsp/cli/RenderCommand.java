package org.aetherdsp.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.aetherdsp.api.GraphSnapshot;
import org.aetherdsp.cli.picture.RenderPicture;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.EngineStats;
import org.aetherdsp.core.engine.OfflineRenderer;
import org.aetherdsp.core.graph.GraphException;
import org.aetherdsp.io.WavFormat;
import org.aetherdsp.io.WavWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code aether render [PATCH]}: renders a patch file, or without one the built-in demo, offline
 * as fast as the machine allows.
 */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = {"Render a patch file (JSON, or any snapshot format installed) or, without one, the built-in demo"
                + " to a WAV file, and report the engine's timing.",
                "A patch sets its own sample rate, block size and channels; --sample-rate and --block-size override them."})
final class RenderCommand implements Callable<Integer> {

    /** Larger patch files are refused before they are read. */
    static final long MAX_PATCH_BYTES = 64L << 20;
    private static final double DEMO_SECONDS = 15;
    private static final double PATCH_SECONDS = 10;
    private static final int DEFAULT_SAMPLE_RATE = 48_000;
    private static final int DEFAULT_BLOCK_SIZE = 64;

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    PluginsOption plugins = new PluginsOption();

    @picocli.CommandLine.Mixin
    WorkersOption workers = new WorkersOption();

    @Parameters(index = "0", arity = "0..1", paramLabel = "PATCH",
            description = "Patch file to render, e.g. examples/patches/drone.json (default: the built-in demo).")
    Path patch;

    @Option(names = {"-o", "--output"}, defaultValue = "demo.wav", description = "Output WAV file (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--seconds", description = "Length in seconds (default: " + (int) DEMO_SECONDS + " for the demo, "
            + (int) PATCH_SECONDS + " for a patch).")
    Double seconds;

    @Option(names = "--format", defaultValue = "24", description = "Sample format: 16, 24, 32 or f32 (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--sample-rate", description = "Sample rate in Hz (default: the patch's, " + DEFAULT_SAMPLE_RATE + " for the demo).")
    Integer sampleRate;

    @Option(names = "--block-size", description = "Frames per block (default: the patch's, " + DEFAULT_BLOCK_SIZE + " for the demo).")
    Integer blockSize;

    @Option(names = "--png", paramLabel = "FILE",
            description = "Also write a picture of the result: waveform per channel and spectrogram, with labelled axes.")
    Path png;

    @Option(names = "--linear-frequency", description = "Give the --png spectrogram a linear frequency axis (default: logarithmic, from 20 Hz).")
    boolean linearFrequency;

    @Option(names = "--no-progress", negatable = false,
            description = "No progress bar. (One is drawn on stderr only on a terminal, once a render takes over a second.)")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        double length = seconds != null ? seconds : patch != null ? PATCH_SECONDS : DEMO_SECONDS;
        if (!(length > 0 && length <= 24 * 3600)) {
            throw new IllegalArgumentException("--seconds must be within (0, 86400], got " + length);
        }
        WavFormat wavFormat = WavFormat.parse(format);
        if (png != null) {
            Path dir = png.toAbsolutePath().getParent();
            if (dir != null && !java.nio.file.Files.isDirectory(dir)) {
                throw new IllegalArgumentException("--png " + png + ": the directory " + dir + " does not exist");
            }
        }
        Engine engine;
        OfflineRenderer.BlockListener automation;
        String what;
        long frames;
        if (patch == null) {
            int rate = sampleRate != null ? sampleRate : DEFAULT_SAMPLE_RATE;
            engine = workers.applyTo(plugins.applyTo(Engine.builder())).sampleRate(rate).blockSize(blockSize != null ? blockSize : DEFAULT_BLOCK_SIZE)
                    .outputChannels(2).build();
            DemoPatch demo = DemoPatch.build(engine);
            frames = Math.round(length * rate);
            automation = demo.automation(frames);
            what = "the demo";
        } else {
            GraphSnapshot snapshot = PatchFile.read(patch, plugins.registry());
            int rate = sampleRate != null ? sampleRate : Math.round(snapshot.sampleRate());
            engine = workers.applyTo(plugins.applyTo(Engine.builder())).sampleRate(rate)
                    .blockSize(blockSize != null ? blockSize : snapshot.blockSize())
                    .outputChannels(snapshot.outputChannels()).build();
            try {
                engine.restore(snapshot);
            } catch (GraphException e) {
                throw new IllegalArgumentException(patch + ": " + e.getMessage(), e);
            }
            frames = Math.round(length * rate);
            automation = (e, frame) -> { };
            what = String.valueOf(patch.getFileName());
        }
        try {
            int rate = Math.round(engine.sampleRate());
            int channels = engine.outputChannels();
            Peak peak = new Peak();
            RenderPicture picture = png == null ? null : new RenderPicture(rate, channels, frames,
                    String.format(Locale.ROOT, "%s  \u00b7  %s  \u00b7  %d Hz, %d ch, %.2f s", output.getFileName(), what, rate,
                            channels, frames / (double) rate), !linearFrequency);
            OfflineRenderer.Result result;
            try (WavWriter wav = WavWriter.open(output, rate, channels, wavFormat);
                 RenderProgress progress = RenderProgress.start(!noProgress, frames, rate)) {
                if (wavFormat == WavFormat.PCM_16) {
                    wav.enableTpdfDither(0x5eed);
                }
                long[] done = {0};
                result = OfflineRenderer.render(engine, frames, automation, (block, n) -> {
                    peak.accept(block, n);
                    wav.write(block, n);
                    if (picture != null) {
                        picture.accept(block, n);
                    }
                    done[0] += n;
                    progress.update(done[0]);
                });
            }
            if (picture != null) {
                try {
                    picture.write(png);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException("cannot write the picture " + png + ": " + e.getMessage(), e);
                }
            }
            EngineStats s = engine.stats();
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "rendered %.2f s of %s (%d nodes, %d Hz, %d-frame blocks%s) to %s (%s)%n",
                    result.seconds(), what, engine.nodes().length, rate, engine.blockSize(),
                    engine.workers() == 1 ? "" : ", " + engine.workers() + " workers", output, wavFormat);
            out.printf(Locale.ROOT, "real-time factor %.0fx (%.0f ms wall clock)%n", result.realTimeFactor(), result.wallNanos() / 1e6);
            out.printf(Locale.ROOT, "block time: mean %.2f us, p50 %.2f us, p99 %.2f us, p99.9 %.2f us, max %.2f us; deadline %.2f us (p99 uses %.2f%% of it)%n",
                    s.meanNanos() / 1e3, s.p50Nanos() / 1e3, s.p99Nanos() / 1e3, s.p999Nanos() / 1e3, s.maxNanos() / 1e3,
                    s.deadlineNanos() / 1e3, 100.0 * s.p99Nanos() / s.deadlineNanos());
            out.printf(Locale.ROOT, "blocks %d, deadline misses %d, commands applied %d, non-finite samples %d, node faults %d%n",
                    s.blocks(), s.deadlineMisses(), s.commandsApplied(), s.nonFiniteSamples(), s.faults());
            out.printf(Locale.ROOT, "output peak %.2f dBFS, RMS %.2f dBFS%n", peak.peakDb(), peak.rmsDb());
            if (picture != null) {
                out.printf(Locale.ROOT, "picture: %s%n", png);
            }
            out.flush();
            return 0;
        } finally {
            engine.close(); // stops the --workers helper threads
        }
    }

    /** Peak and RMS over all channels. */
    static final class Peak {
        private double peak;
        private double sumSquares;
        private long samples;

        void accept(float[][] block, int frames) {
            for (float[] ch : block) {
                for (int i = 0; i < frames; i++) {
                    double v = ch[i];
                    peak = Math.max(peak, Math.abs(v));
                    sumSquares += v * v;
                }
                samples += frames;
            }
        }

        double peakDb() {
            return 20 * Math.log10(Math.max(peak, 1e-10));
        }

        double rmsDb() {
            return 10 * Math.log10(Math.max(sumSquares / Math.max(1, samples), 1e-20));
        }
    }
}
