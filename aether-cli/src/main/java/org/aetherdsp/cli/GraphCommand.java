package org.aetherdsp.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.aetherdsp.api.GraphSnapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code aether graph PATCH}: the patch graph as Graphviz DOT, on stdout or in a file, or drawn to a
 * PNG by Graphviz's {@code dot}.
 */
@Command(name = "graph", mixinStandardHelpOptions = true,
        description = {"Draw a patch's graph: nodes with their types and non-default parameters, connections with"
                + " their ports, and the host output.",
                "Without --png or --dot FILE, prints Graphviz DOT to stdout. --png needs Graphviz's dot (Debian package graphviz)."})
final class GraphCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    PluginsOption plugins = new PluginsOption();

    @Parameters(index = "0", paramLabel = "PATCH", description = "A patch file (JSON or a binary snapshot).")
    Path patch;

    @Option(names = "--dot", arity = "0..1", paramLabel = "FILE", fallbackValue = "-",
            description = "Write DOT to FILE (or to stdout without FILE, the default when --png is not given).")
    String dot;

    @Option(names = "--png", paramLabel = "FILE", description = "Draw the graph to a PNG with Graphviz (dot -Tpng).")
    Path png;

    @Option(names = "--dot-command", paramLabel = "PATH", defaultValue = "dot",
            description = "The Graphviz dot executable (default: ${DEFAULT-VALUE}, from the PATH).")
    String dotCommand;

    @Override
    public Integer call() throws Exception {
        GraphSnapshot snapshot = PatchFile.read(patch, plugins).snapshot();
        String text = PatchDot.of(snapshot, String.valueOf(patch.getFileName()), plugins.registry());
        PrintWriter out = spec.commandLine().getOut();
        if ((dot == null && png == null) || "-".equals(dot)) {
            out.print(text);
        } else if (dot != null) {
            Files.writeString(Path.of(dot), text, StandardCharsets.UTF_8);
            out.println("graph: " + dot);
        }
        if (png != null) {
            drawPng(text, png);
            out.println("picture: " + png);
        }
        out.flush();
        return 0;
    }

    private void drawPng(String text, Path file) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(List.of(dotCommand, "-Tpng", "-o", file.toString()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IllegalStateException("--png needs Graphviz, but '" + dotCommand
                    + "' could not be run; install the package graphviz (e.g. apt-get install graphviz) or use --dot");
        }
        try (OutputStream in = process.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        byte[] err = process.getErrorStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(dotCommand + " did not finish within 60 s");
        }
        if (process.exitValue() != 0) {
            String first = new String(err, StandardCharsets.UTF_8).strip().lines().findFirst().orElse("no message");
            throw new IllegalStateException(dotCommand + " failed (exit " + process.exitValue() + "): " + first);
        }
    }
}
