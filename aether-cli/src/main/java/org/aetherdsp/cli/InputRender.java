package org.aetherdsp.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.aetherdsp.api.GraphSnapshot;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.OfflineRenderer;
import org.aetherdsp.core.graph.GraphException;
import org.aetherdsp.io.WavData;
import org.aetherdsp.io.WavFormat;
import org.aetherdsp.io.WavReader;
import org.aetherdsp.io.WavWriter;

/**
 * {@code aether render PATCH --input ...}: processes recorded sound through a patch, one file or
 * a batch of files. Host input channel c reads the file's channel c (a mono file feeds every
 * input channel); the output is the input's length plus {@code --tail}; the sample rate is the
 * file's. A batch runs {@code --jobs} files at once, each on an engine of its own, under one
 * progress bar, and reports every file; one that cannot be read is reported by name and the
 * others are still processed.
 */
final class InputRender {

    /** Largest input file read (the whole file is decoded into memory). */
    static final long MAX_INPUT_BYTES = 2L << 30;
    static final int MAX_JOBS = 64;

    private final RenderCommand cmd;
    private final PrintWriter out;

    InputRender(RenderCommand cmd) {
        this.cmd = cmd;
        this.out = cmd.spec.commandLine().getOut();
    }

    /** What processing one file did. */
    record Done(Path input, Path output, int sampleRate, int channels, long inputFrames, long tailFrames, int nodes,
                double peakDb, OfflineRenderer.Result result) {
    }

    int run() throws Exception {
        if (cmd.patch == null) {
            throw Main.usage(cmd.spec, "--input needs a PATCH that reads host input (a connection from \"in.0\")");
        }
        if (cmd.seconds != null) {
            throw Main.usage(cmd.spec, "--seconds does not go with --input: the length is the input's plus --tail");
        }
        if (cmd.sampleRate != null) {
            throw Main.usage(cmd.spec, "--sample-rate does not go with --input: the sample rate is the input file's");
        }
        if (cmd.png != null || cmd.saveSnapshot != null) {
            throw Main.usage(cmd.spec, (cmd.png != null ? "--png" : "--save-snapshot") + " does not go with --input");
        }
        double tail = cmd.tail == null ? 0 : cmd.tail;
        if (!(tail >= 0 && tail <= 3600)) {
            throw Main.usage(cmd.spec, "--tail must be within [0, 3600] seconds, got " + tail);
        }
        int jobs = cmd.jobs == null ? 1 : cmd.jobs;
        if (jobs < 1 || jobs > MAX_JOBS) {
            throw Main.usage(cmd.spec, "--jobs must be within 1.." + MAX_JOBS + ", got " + jobs);
        }
        cmd.workers.check(0);
        WavFormat format;
        try {
            format = WavFormat.parse(cmd.format);
        } catch (IllegalArgumentException e) {
            throw Main.usage(cmd.spec, "--format: " + e.getMessage());
        }
        PatchFile patch = PatchFile.read(cmd.patch, cmd.plugins);
        if (patch.snapshot().inputChannels() == 0) {
            throw new IllegalArgumentException(cmd.patch + ": the patch reads no host input; connect \"in.0\" to a node"
                    + " ({\"from\": \"in.0\", \"to\": \"fx.in\"})");
        }
        List<Path> inputs = batchInputs(cmd.input);
        if (inputs == null) {
            Path in = Path.of(cmd.input);
            Path output = cmd.output != null ? cmd.output : Path.of(stem(in) + "." + stem(cmd.patch) + ".wav");
            if (output.toAbsolutePath().normalize().equals(in.toAbsolutePath().normalize())) {
                throw new IllegalArgumentException(output + ": the output would overwrite the input");
            }
            Done d;
            long bytes = Files.isRegularFile(in) ? Math.max(1, Files.size(in)) : 1;
            try (BatchProgress progress = new BatchProgress(RenderProgress.shouldDraw(!cmd.noProgress), bytes)) {
                long[] credited = {0};
                d = processFile(patch, in, output, tail, format, fraction -> {
                    long now = (long) (fraction * bytes);
                    progress.add(now - credited[0]);
                    credited[0] = now;
                });
            }
            out.printf(Locale.ROOT, "processed %s (%.2f s, %d Hz, %d ch) through %s (%d nodes, %d-frame blocks) to %s (%s):"
                            + " %.2f s with %.2f s of tail%n", in, d.inputFrames / (double) d.sampleRate, d.sampleRate,
                    d.channels, cmd.patch.getFileName(), d.nodes, blockSize(patch), output, format,
                    d.result.seconds(), d.tailFrames / (double) d.sampleRate);
            out.printf(Locale.ROOT, "real-time factor %.0fx; output peak %.2f dBFS%n", d.result.realTimeFactor(), d.peakDb);
            out.flush();
            return 0;
        }
        return batch(patch, inputs, tail, jobs, format);
    }

    private int blockSize(PatchFile patch) {
        return cmd.blockSize != null ? cmd.blockSize : patch.snapshot().blockSize();
    }

    /** @return the WAV files a directory or glob names, sorted; null if {@code text} names one file */
    static List<Path> batchInputs(String text) throws IOException {
        Path asPath = glob(text) ? null : Path.of(text);
        if (asPath != null && !Files.isDirectory(asPath)) {
            return null;
        }
        Path dir;
        PathMatcher matcher;
        if (asPath != null) {
            dir = asPath;
            matcher = p -> String.valueOf(p.getFileName()).toLowerCase(Locale.ROOT).endsWith(".wav");
        } else {
            int slash = Math.max(text.lastIndexOf('/'), text.lastIndexOf(java.io.File.separatorChar));
            String dirText = slash < 0 ? "." : slash == 0 ? "/" : text.substring(0, slash);
            String name = text.substring(slash + 1);
            if (glob(dirText)) {
                throw new IllegalArgumentException("--input " + text + ": wildcards are only supported in the file name,"
                        + " not in the folder (" + dirText + ")");
            }
            dir = Path.of(dirText);
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("--input " + text + ": no such folder " + dir);
            }
            PathMatcher names = FileSystems.getDefault().getPathMatcher("glob:" + name);
            matcher = p -> names.matches(p.getFileName());
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                if (Files.isRegularFile(p) && matcher.matches(p)) {
                    files.add(p);
                }
            }
        }
        files.sort(null);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("--input " + text + ": no " + (asPath != null ? ".wav files in that folder"
                    : "files match"));
        }
        return files;
    }

    private static boolean glob(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0 || s.indexOf('{') >= 0;
    }

    private int batch(PatchFile patch, List<Path> inputs, double tail, int jobs, WavFormat format) throws Exception {
        if (cmd.output == null) {
            throw Main.usage(cmd.spec, "a batch (--input DIR or GLOB) needs -o OUTDIR, the folder the results go to");
        }
        Path outDir = cmd.output;
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new IllegalArgumentException("-o " + outDir + ": not a folder; a batch writes one file per input there");
        }
        Files.createDirectories(outDir);
        List<Path> outputs = new ArrayList<>();
        for (Path in : inputs) {
            Path o = outDir.resolve(stem(in) + ".wav");
            if (Files.exists(o) && Files.isSameFile(o, in)) {
                throw new IllegalArgumentException("-o " + outDir + ": " + o + " would overwrite its input; choose another folder");
            }
            outputs.add(o);
        }
        long totalBytes = 0;
        for (Path in : inputs) {
            totalBytes += Math.max(1, Files.size(in));
        }
        long start = System.nanoTime();
        List<Object> results = new ArrayList<>();
        try (BatchProgress progress = new BatchProgress(RenderProgress.shouldDraw(!cmd.noProgress), totalBytes)) {
            ExecutorService pool = Executors.newFixedThreadPool(jobs, r -> {
                Thread t = new Thread(r, "aether-job");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<Done>> futures = new ArrayList<>();
                for (int i = 0; i < inputs.size(); i++) {
                    Path in = inputs.get(i);
                    Path o = outputs.get(i);
                    long bytes = Math.max(1, Files.size(in));
                    futures.add(pool.submit(() -> {
                        long[] credited = {0};
                        try {
                            return processFile(patch, in, o, tail, format, fraction -> {
                                long now = (long) (fraction * bytes);
                                progress.add(now - credited[0]);
                                credited[0] = now;
                            });
                        } finally {
                            progress.add(bytes - credited[0]); // a failed file counts as done too
                        }
                    }));
                }
                for (Future<Done> f : futures) {
                    try {
                        results.add(f.get());
                    } catch (ExecutionException e) {
                        results.add(e.getCause());
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
        double wall = (System.nanoTime() - start) / 1e9;
        int failed = 0;
        double audio = 0;
        for (int i = 0; i < inputs.size(); i++) {
            Object r = results.get(i);
            if (r instanceof Done d) {
                audio += d.result.seconds();
                out.printf(Locale.ROOT, "ok      %s -> %s (%.2f s + %.2f s tail, %d Hz, %d ch, peak %.2f dBFS)%n", d.input,
                        d.output, d.inputFrames / (double) d.sampleRate, d.tailFrames / (double) d.sampleRate, d.sampleRate,
                        d.channels, d.peakDb);
            } else {
                failed++;
                String line = Main.errorLine((Throwable) r);
                out.printf(Locale.ROOT, "FAILED  %s%n", line.startsWith(inputs.get(i).toString()) ? line : inputs.get(i) + ": " + line);
            }
        }
        out.printf(Locale.ROOT, "processed %d of %d files (%.2f s of audio) in %.2f s with %d job%s%s%n", inputs.size() - failed,
                inputs.size(), audio, wall, jobs, jobs == 1 ? "" : "s", failed == 0 ? "" : "; " + failed + " failed");
        out.flush();
        if (failed != 0) {
            cmd.spec.commandLine().getErr().println("aether: " + failed + " of " + inputs.size() + " files failed (listed above)");
            return 1;
        }
        return 0;
    }

    /** Reports a file's progress, as the fraction of it done. */
    interface FileProgress {
        void at(double fraction);
    }

    /**
     * Reads one input, processes it through a fresh engine and writes the result.
     *
     * @throws IllegalArgumentException with one line naming the file and the problem
     */
    Done processFile(PatchFile patch, Path in, Path output, double tail, WavFormat format, FileProgress progress)
            throws IOException {
        WavData wav = read(in);
        GraphSnapshot snapshot = patch.snapshot();
        int rate = wav.sampleRate();
        if (patch.rateFixed() && Math.round(snapshot.sampleRate()) != rate) {
            throw new IllegalArgumentException(in + ": the file is at " + rate + " Hz but the patch " + cmd.patch.getFileName()
                    + " fixes " + Math.round(snapshot.sampleRate()) + " Hz (its \"sampleRate\"); resample the file, or take"
                    + " \"sampleRate\" out of the patch to run it at the file's rate");
        }
        int inputs = snapshot.inputChannels();
        if (wav.channels() != inputs && wav.channels() != 1) {
            throw new IllegalArgumentException(in + ": the file has " + wav.channels() + " channels; the patch "
                    + cmd.patch.getFileName() + " reads " + inputs + " input channel" + (inputs == 1 ? "" : "s")
                    + (inputs == 1 ? " (give it a mono file)" : " (give it " + inputs + " channels, or a mono file to feed them all)"));
        }
        long tailFrames = Math.round(tail * rate);
        long total = wav.frames() + tailFrames;
        Engine engine = build(patch, rate);
        try {
            RenderCommand.Peak peak = new RenderCommand.Peak();
            long[] done = {0};
            OfflineRenderer.Result result;
            try (WavWriter w = WavWriter.open(output, rate, engine.outputChannels(), format)) {
                if (format == WavFormat.PCM_16) {
                    w.enableTpdfDither(0x5eed);
                }
                result = OfflineRenderer.process(engine, wav.samples(), wav.frames(), tailFrames, null, (block, n) -> {
                    peak.accept(block, n);
                    w.write(block, n);
                    done[0] += n;
                    if (progress != null && (done[0] & 0xffff) < n) {
                        progress.at(done[0] / (double) Math.max(1, total));
                    }
                });
            }
            return new Done(in, output, rate, wav.channels(), wav.frames(), tailFrames, engine.nodes().length, peak.peakDb(),
                    result);
        } finally {
            engine.close();
        }
    }

    /** A fresh engine with the patch restored, at the input's rate. */
    private Engine build(PatchFile patch, int rate) {
        GraphSnapshot snapshot = patch.snapshot();
        Engine engine = cmd.workers.applyTo(cmd.limit.applyTo(cmd.plugins.applyTo(Engine.builder()))).sampleRate(rate)
                .blockSize(blockSize(patch)).outputChannels(snapshot.outputChannels())
                .inputChannels(snapshot.inputChannels()).startPosition(snapshot.samplePosition()).build();
        try {
            patch.applyTo(engine, engine.restore(snapshot));
            return engine;
        } catch (GraphException e) {
            engine.close();
            throw new IllegalArgumentException(cmd.patch + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    /** Reads a WAV file; every problem is one line naming the file. */
    static WavData read(Path in) {
        try {
            if (Files.isDirectory(in)) {
                throw new IllegalArgumentException(in + ": is a folder, not a WAV file");
            }
            if (Files.size(in) > MAX_INPUT_BYTES) {
                throw new IllegalArgumentException(in + ": " + Files.size(in) + " bytes; input files are limited to "
                        + (MAX_INPUT_BYTES >> 30) + " GiB");
            }
            WavData wav = WavReader.read(in);
            if (wav.frames() == 0) {
                throw new IllegalArgumentException(in + ": the file holds no audio (0 frames)");
            }
            return wav;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(in + ": no such file", e);
        } catch (org.aetherdsp.io.WavFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e); // already "FILE: problem"
        } catch (IOException e) {
            throw new IllegalArgumentException(in + ": cannot read it: " + e.getMessage(), e);
        }
    }

    /** {@code take1} for {@code takes/take1.wav}. */
    static String stem(Path file) {
        String name = String.valueOf(file.getFileName());
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** One progress bar for a whole batch, in bytes of input, fed from every job. */
    private static final class BatchProgress implements AutoCloseable {
        private final me.tongfei.progressbar.ProgressBar bar;
        private final AtomicLong done = new AtomicLong();

        BatchProgress(boolean draw, long totalBytes) {
            bar = !draw ? null : new me.tongfei.progressbar.ProgressBarBuilder().setTaskName("batch")
                    .setInitialMax(totalBytes).setUnit(" MB", 1L << 20)
                    .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                    .setUpdateIntervalMillis(200).clearDisplayOnFinish().build();
        }

        void add(long bytes) {
            long now = done.addAndGet(bytes);
            if (bar != null) {
                bar.stepTo(now);
            }
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }
}
