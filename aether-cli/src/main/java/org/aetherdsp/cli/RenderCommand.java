package org.aetherdsp.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.EngineStats;
import org.aetherdsp.core.engine.OfflineRenderer;
import org.aetherdsp.io.WavFormat;
import org.aetherdsp.io.WavWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aether render}: renders the built-in demo offline, as fast as the machine allows. */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = "Render the built-in demo patch to a WAV file and report the engine's timing.")
final class RenderCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--output"}, defaultValue = "demo.wav", description = "Output WAV file (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--seconds", defaultValue = "15", description = "Length in seconds (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--format", defaultValue = "24", description = "Sample format: 16, 24, 32 or f32 (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--sample-rate", defaultValue = "48000", description = "Sample rate in Hz (default: ${DEFAULT-VALUE}).")
    int sampleRate;

    @Option(names = "--block-size", defaultValue = "64", description = "Frames per block (default: ${DEFAULT-VALUE}).")
    int blockSize;

    @Override
    public Integer call() throws Exception {
        if (!(seconds > 0 && seconds <= 24 * 3600)) {
            throw new IllegalArgumentException("--seconds must be within (0, 86400], got " + seconds);
        }
        WavFormat wavFormat = WavFormat.parse(format);
        Engine engine = Engine.builder().sampleRate(sampleRate).blockSize(blockSize).outputChannels(2).build();
        DemoPatch demo = DemoPatch.build(engine);
        long frames = Math.round(seconds * sampleRate);
        Peak peak = new Peak();
        OfflineRenderer.Result result;
        try (WavWriter wav = WavWriter.open(output, sampleRate, 2, wavFormat)) {
            if (wavFormat == WavFormat.PCM_16) {
                wav.enableTpdfDither(0x5eed);
            }
            result = OfflineRenderer.render(engine, frames, demo.automation(frames), (block, n) -> {
                peak.accept(block, n);
                wav.write(block, n);
            });
        }
        EngineStats s = engine.stats();
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "rendered %.2f s of the demo (%d nodes, %d Hz, %d-frame blocks) to %s (%s)%n",
                result.seconds(), engine.nodes().length, sampleRate, blockSize, output, wavFormat);
        out.printf(Locale.ROOT, "real-time factor %.0fx (%.0f ms wall clock)%n", result.realTimeFactor(), result.wallNanos() / 1e6);
        out.printf(Locale.ROOT, "block time: mean %.2f us, p50 %.2f us, p99 %.2f us, p99.9 %.2f us, max %.2f us; deadline %.2f us (p99 uses %.2f%% of it)%n",
                s.meanNanos() / 1e3, s.p50Nanos() / 1e3, s.p99Nanos() / 1e3, s.p999Nanos() / 1e3, s.maxNanos() / 1e3,
                s.deadlineNanos() / 1e3, 100.0 * s.p99Nanos() / s.deadlineNanos());
        out.printf(Locale.ROOT, "blocks %d, deadline misses %d, commands applied %d, non-finite samples %d, node faults %d%n",
                s.blocks(), s.deadlineMisses(), s.commandsApplied(), s.nonFiniteSamples(), s.faults());
        out.printf(Locale.ROOT, "output peak %.2f dBFS, RMS %.2f dBFS%n", peak.peakDb(), peak.rmsDb());
        out.flush();
        return 0;
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
