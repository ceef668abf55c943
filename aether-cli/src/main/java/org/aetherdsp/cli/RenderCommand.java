package org.aetherdsp.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.aetherdsp.api.GraphSnapshot;
import org.aetherdsp.api.SnapshotCodec;
import org.aetherdsp.cli.picture.RenderPicture;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.EngineStats;
import org.aetherdsp.core.engine.OfflineRenderer;
import org.aetherdsp.core.engine.SnapshotRequest;
import org.aetherdsp.core.graph.GraphException;
import org.aetherdsp.io.WavFormat;
import org.aetherdsp.io.WavWriter;
import org.aetherdsp.state.json.JsonPatchCodec;
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
                "A patch sets its own sample rate, block size and channels; --sample-rate and --block-size override them.",
                "With --input, process recorded sound through an effect patch: one WAV file, or a folder or wildcard in a batch."})
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

    @picocli.CommandLine.Mixin
    LimitOption limit = new LimitOption();

    @Parameters(index = "0", arity = "0..1", paramLabel = "PATCH",
            description = "Patch file to render, e.g. examples/patches/drone.json (default: the built-in demo).")
    Path patch;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.wav",
            description = "Output WAV file (default: the patch's name with .wav, in the current directory, e.g. drone.wav"
                    + " for drone.json; demo.wav for the demo).")
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

    @Option(names = "--save-snapshot", paramLabel = "FILE",
            description = "After rendering, also write a snapshot of the engine (graph, parameters, every node's state) to"
                    + " FILE: JSON for a .json name, else Kryo binary; render it on with 'aether render FILE'.")
    Path saveSnapshot;

    @Option(names = "--snapshot-format", paramLabel = "FORMAT",
            description = "The --save-snapshot format, one of the installed codecs (json, kryo; default: from the file name).")
    String snapshotFormat;

    @Option(names = "--input", paramLabel = "IN.wav|DIR|GLOB",
            description = {"Process recorded sound through the patch instead of rendering it for --seconds: host input"
                    + " channel c reads the file's channel c (a mono file feeds every input channel); the output is as"
                    + " long as the input plus --tail, at the file's sample rate. 16/24/32-bit integer and 32-bit float WAV.",
                    "A folder or a wildcard ('takes/*.wav') processes every matching file into the folder -o names."})
    String input;

    @Option(names = "--midi", paramLabel = "FILE.mid",
            description = "Play a standard MIDI file into the patch's voices (and midi.keys nodes), each message on its frame; "
                    + "the length defaults to the file's plus 2 s of release.")
    Path midi;

    @Option(names = "--tail", paramLabel = "SECONDS",
            description = "With --input: seconds rendered after the input ends, for delays and reverbs to ring out (default: 0).")
    Double tail;

    @Option(names = "--jobs", paramLabel = "N",
            description = "With a batch --input: files processed at once, each on an engine of its own (default: 1).")
    Integer jobs;

    /** Sample rates and block sizes the options take (the engine's own limits). */
    static final int MIN_RATE = 8_000, MAX_RATE = 768_000, MAX_BLOCK = 8192;

    @Override
    public Integer call() throws Exception {
        if (input != null) {
            return new InputRender(this).run();
        }
        if (midi != null && patch == null) {
            throw Main.usage(spec, "--midi goes with a PATCH that has voices or midi.keys nodes");
        }
        if (tail != null || jobs != null) {
            throw Main.usage(spec, (tail != null ? "--tail" : "--jobs") + " goes with --input (processing a file)");
        }
        double length = seconds != null ? seconds : patch != null ? PATCH_SECONDS : DEMO_SECONDS;
        if (!(length > 0 && length <= 24 * 3600)) {
            throw Main.usage(spec, "--seconds must be within (0, 86400], got " + length);
        }
        if (sampleRate != null && (sampleRate < MIN_RATE || sampleRate > MAX_RATE)) {
            throw Main.usage(spec, "--sample-rate must be within " + MIN_RATE + ".." + MAX_RATE + " Hz, got " + sampleRate);
        }
        if (blockSize != null && (blockSize < 1 || blockSize > MAX_BLOCK)) {
            throw Main.usage(spec, "--block-size must be within 1.." + MAX_BLOCK + " frames, got " + blockSize);
        }
        workers.check(0);
        WavFormat wavFormat;
        try {
            wavFormat = WavFormat.parse(format);
        } catch (IllegalArgumentException e) {
            throw Main.usage(spec, "--format: " + e.getMessage());
        }
        if (output == null) {
            output = Path.of(patch == null ? "demo.wav" : wavName(patch));
        }
        checkDirectory("--png", png);
        checkDirectory("--save-snapshot", saveSnapshot);
        SnapshotCodec snapshotCodec = saveSnapshot == null ? null : snapshotCodec();
        Engine engine;
        OfflineRenderer.BlockListener automation;
        String what;
        long frames;
        java.util.Map<String, Long> patchIds = java.util.Map.of(); // a patch file's node ids, for --save-snapshot
        if (patch == null) {
            int rate = sampleRate != null ? sampleRate : DEFAULT_SAMPLE_RATE;
            engine = workers.applyTo(limit.applyTo(plugins.applyTo(Engine.builder()))).sampleRate(rate).blockSize(blockSize != null ? blockSize : DEFAULT_BLOCK_SIZE)
                    .outputChannels(2).build();
            DemoPatch demo = DemoPatch.build(engine);
            frames = Math.round(length * rate);
            automation = demo.automation(frames);
            what = "the demo";
        } else {
            PatchFile file = PatchFile.read(patch, plugins);
            GraphSnapshot snapshot = file.snapshot();
            int rate = sampleRate != null ? sampleRate : Math.round(snapshot.sampleRate());
            engine = workers.applyTo(limit.applyTo(plugins.applyTo(Engine.builder()))).sampleRate(rate)
                    .blockSize(blockSize != null ? blockSize : snapshot.blockSize())
                    .outputChannels(snapshot.outputChannels()).startPosition(snapshot.samplePosition()).build();
            try {
                patchIds = engine.restore(snapshot);
                file.applyTo(engine, patchIds);
                automation = midi == null ? (e, frame) -> { } : MidiRender.open(midi, engine, patchIds);
            } catch (GraphException e) {
                engine.close();
                throw new IllegalArgumentException(patch + ": " + e.getMessage(), e);
            } catch (RuntimeException | java.io.IOException e) {
                engine.close();
                throw e;
            }
            frames = midi != null && seconds == null ? ((MidiRender) automation).endFrame() + 2L * rate : Math.round(length * rate);
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
            for (String line : offlineReport(result, s)) {
                out.println(line);
            }
            out.printf(Locale.ROOT, "output peak %.2f dBFS, RMS %.2f dBFS%n", peak.peakDb(), peak.rmsDb());
            if (s.limitedFrames() != 0) {
                out.printf(Locale.ROOT, "limiter: %d frames (%.2f s) turned down to full scale (--no-limit turns it off)%n",
                        s.limitedFrames(), s.limitedFrames() / (double) rate);
            }
            if (picture != null) {
                out.printf(Locale.ROOT, "picture: %s%n", png);
            }
            if (saveSnapshot != null) {
                GraphSnapshot snap = PatchIds.named(snapshotAtTheEnd(engine), patchIds);
                Files.write(saveSnapshot, snapshotCodec.encode(snap));
                out.printf(Locale.ROOT, "snapshot: %s (%s, %d nodes, at %.2f s; 'aether render %s' goes on from there)%n",
                        saveSnapshot, snapshotCodec.format(), snap.nodes().size(), snap.samplePosition() / (double) rate,
                        saveSnapshot);
            }
            out.flush();
            return 0;
        } finally {
            engine.close(); // stops the --workers helper threads
        }
    }

    /**
     * What an offline render says of its timing: it ran as fast as the machine allows, not
     * paced to a clock, so a block that took longer than a real-time block may is no missed
     * deadline here, and none is counted. The real-time factor and the block-time distribution
     * say how much headroom there would be.
     */
    static List<String> offlineReport(OfflineRenderer.Result result, EngineStats s) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "offline render (as fast as possible, not paced): real-time factor %.0fx"
                + " (%.2f s of audio in %.0f ms)", result.realTimeFactor(), result.seconds(), result.wallNanos() / 1e6));
        lines.add(String.format(Locale.ROOT, "offline block time: mean %.2f us, p50 %.2f us, p99 %.2f us, p99.9 %.2f us,"
                        + " max %.2f us; a real-time block has %.2f us (offline p99 is %.2f%% of it; 'aether bench' measures"
                        + " real-time deadlines)",
                s.meanNanos() / 1e3, s.p50Nanos() / 1e3, s.p99Nanos() / 1e3, s.p999Nanos() / 1e3, s.maxNanos() / 1e3,
                s.deadlineNanos() / 1e3, 100.0 * s.p99Nanos() / s.deadlineNanos()));
        lines.add(String.format(Locale.ROOT, "blocks %d, commands applied %d, non-finite samples %d, node faults %d",
                s.blocks(), s.commandsApplied(), s.nonFiniteSamples(), s.faults()));
        return lines;
    }

    /** {@code drone.wav} for {@code examples/patches/drone.json}: the patch's file name, its extension replaced. */
    static String wavName(Path patch) {
        String name = String.valueOf(patch.getFileName());
        int dot = name.lastIndexOf('.');
        return (dot > 0 ? name.substring(0, dot) : name) + ".wav";
    }

    private static void checkDirectory(String option, Path file) {
        if (file != null) {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null && !Files.isDirectory(dir)) {
                throw new IllegalArgumentException(option + " " + file + ": the directory " + dir + " does not exist");
            }
        }
    }

    /** The codec --save-snapshot writes with: --snapshot-format, else JSON for a .json file and Kryo otherwise. */
    private SnapshotCodec snapshotCodec() {
        String name = snapshotFormat != null ? snapshotFormat
                : String.valueOf(saveSnapshot.getFileName()).toLowerCase(Locale.ROOT).endsWith(".json") ? "json" : "kryo";
        List<String> formats = new ArrayList<>();
        for (SnapshotCodec c : PatchFile.codecs()) {
            formats.add(c.format());
            if (c.format().equals(name)) {
                // Ports by name, against the registry with the plugins' types.
                return c instanceof JsonPatchCodec ? new JsonPatchCodec(plugins.registry()) : c;
            }
        }
        throw Main.usage(spec, "--snapshot-format: no installed codec writes " + org.aetherdsp.core.graph.UserText.quote(name)
                + "; installed: " + String.join(", ", formats));
    }

    /**
     * Every node's state as the render left it: the RT side saves states at the block boundary
     * after the request, so one more block is processed (and not written) to reach it.
     */
    private static GraphSnapshot snapshotAtTheEnd(Engine engine) throws java.util.concurrent.TimeoutException {
        SnapshotRequest request = engine.requestSnapshot();
        engine.process(new float[engine.outputChannels()][engine.blockSize()]);
        return request.get(Duration.ofSeconds(10));
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
