package org.aetherdsp.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code aether} command. */
@Command(name = "aether", mixinStandardHelpOptions = true, version = "aether 0.1.0",
        description = "Aether: a hard real-time modular DSP engine for the JVM.",
        subcommands = {RenderCommand.class, NodesCommand.class, BenchCommand.class, GraphCommand.class,
                PlayCommand.class, CommandLine.HelpCommand.class})
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
                cmd.getErr().println("aether: " + oneLine(e.getMessage() == null ? e.toString() : e.getMessage()));
            }
            return 1;
        });
        // Bad usage is one line too, pointing at the command's help instead of printing all of it.
        cl.setParameterExceptionHandler((e, arguments) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println("aether: " + oneLine(e.getMessage()) + " (see '"
                    + cmd.getCommandSpec().qualifiedName() + " --help')");
            return 2;
        });
        return cl.execute(args);
    }

    /** @return the message with its line breaks (and the blanks around them) replaced by "; " */
    static String oneLine(String message) {
        return message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    /**
     * Entry point.
     *
     * @param args command line arguments
     */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true"); // pictures are drawn without a display
        System.exit(execute(args));
    }
}
