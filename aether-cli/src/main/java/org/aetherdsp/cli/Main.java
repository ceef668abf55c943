package org.aetherdsp.cli;

import org.aetherdsp.core.graph.UserText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The {@code aether} command. */
@Command(name = "aether", mixinStandardHelpOptions = true, versionProvider = ArtifactVersion.class,
        description = "Aether: a hard real-time modular DSP engine for the JVM.",
        subcommands = {RenderCommand.class, NodesCommand.class, BenchCommand.class, GraphCommand.class,
                PlayCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /** Characters of an error message printed at most: the message of a typed error is short, a bug's may not be. */
    static final int MAX_MESSAGE = 2_000;

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
        return execute(new CommandLine(new Main()), args);
    }

    /**
     * Runs a command line with the error handling of {@code aether}: one line for each error,
     * exit code 1 for a failure and 2 for bad usage.
     *
     * @param cl   the command line ({@code aether}'s, or one with more subcommands, in tests)
     * @param args its arguments
     * @return the exit code
     */
    static int execute(CommandLine cl, String... args) {
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            boolean verbose = parsed.matchedOption("--verbose") != null
                    || (parsed.subcommand() != null && parsed.subcommand().matchedOption("--verbose") != null);
            if (verbose) {
                e.printStackTrace(cmd.getErr());
            } else {
                cmd.getErr().println("aether: " + errorLine(e));
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
        try {
            return cl.execute(args);
        } catch (Error e) {
            // picocli hands only Exceptions to the handler above; an Error (a plugin's
            // StackOverflowError, an OutOfMemoryError) would otherwise end in a raw stack trace.
            boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
            if (verbose) {
                e.printStackTrace(cl.getErr());
            } else {
                cl.getErr().println("aether: " + errorLine(e) + (e instanceof OutOfMemoryError
                        ? " (give the JVM more memory, e.g. AETHER_JAVA_OPTS=-Xmx2g)" : "")
                        + " (--verbose shows where)");
            }
            cl.getErr().flush();
            return 1;
        }
    }

    /**
     * The one line printed for an error: its message (a typed error's message names the thing),
     * or for an exception without one, its kind; never more than {@value #MAX_MESSAGE}
     * characters, never a line break.
     *
     * @param e what went wrong
     * @return the line, without the {@code aether: } prefix
     */
    static String errorLine(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            Throwable cause = e.getCause();
            message = cause != null && cause.getMessage() != null ? e.getClass().getSimpleName() + ": " + cause.getMessage()
                    : e.getClass().getName();
        } else if (e instanceof Error || e instanceof NullPointerException || e instanceof ClassCastException
                || e instanceof IndexOutOfBoundsException) {
            message = e.getClass().getName() + ": " + message; // a bug: its kind says more than its message
        }
        return oneLine(message);
    }

    /**
     * @return the message with its line breaks (and the blanks around them) replaced by "; ",
     *         other control characters escaped, cut after {@value #MAX_MESSAGE} characters
     */
    static String oneLine(String message) {
        String s = message.strip().replaceAll("\\s*\\R\\s*", "; ");
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_MESSAGE + 40));
        int end = Math.min(s.length(), MAX_MESSAGE);
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) {
                b.append(UserText.escaped(String.valueOf(c)));
            } else {
                b.append(c);
            }
        }
        if (s.length() > end) {
            b.append("\u2026 (").append(UserText.count(s.length())).append(" characters)");
        }
        return b.toString();
    }

    /**
     * Bad usage of an option: exits with 2 and a line naming the option and pointing at the
     * command's {@code --help}, as picocli's own parse errors do.
     *
     * @param spec    the command whose option it is
     * @param message what is wrong, starting with the option, e.g. {@code --seconds must be ...}
     * @return the exception to throw
     */
    static CommandLine.ParameterException usage(CommandSpec spec, String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /**
     * @param spec a command
     * @return whether {@code --verbose} was given, on it or on {@code aether} itself
     */
    static boolean verbose(CommandSpec spec) {
        for (CommandLine c = spec.commandLine(); c != null; c = c.getParent()) {
            CommandLine.ParseResult parsed = c.getParseResult();
            if (parsed != null && parsed.hasMatchedOption("--verbose")) {
                return true;
            }
            if (c.getCommand() instanceof Main main && main.verbose) {
                return true;
            }
        }
        return false;
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
