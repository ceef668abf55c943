package org.aetherdsp.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code aether} command. */
@Command(name = "aether", mixinStandardHelpOptions = true, version = "aether 0.1.0",
        description = "Aether: a hard real-time modular DSP engine for the JVM.",
        subcommands = {RenderCommand.class, NodesCommand.class, BenchCommand.class, PlayCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean verbose;

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /**
     * Runs the command and returns its exit code, for tests.
     *
     * @param args command line arguments
     * @return the exit code: 0 for success, 1 for a failure, 2 for bad usage
     */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            boolean verbose = parsed.matchedOption("--verbose") != null
                    || (parsed.subcommand() != null && parsed.subcommand().matchedOption("--verbose") != null);
            if (verbose) {
                e.printStackTrace(cmd.getErr());
            } else {
                cmd.getErr().println("aether: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            }
            return 1;
        });
        return cl.execute(args);
    }

    /**
     * Entry point.
     *
     * @param args command line arguments
     */
    public static void main(String[] args) {
        System.exit(execute(args));
    }
}
