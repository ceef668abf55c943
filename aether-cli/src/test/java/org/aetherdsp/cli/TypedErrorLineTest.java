package org.aetherdsp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.aetherdsp.api.SnapshotFormatException;
import org.aetherdsp.core.engine.NodeCreationException;
import org.aetherdsp.core.graph.CycleException;
import org.aetherdsp.core.graph.PatchException;
import org.aetherdsp.core.graph.UnknownNodeTypeException;
import org.aetherdsp.io.driver.DriverException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Every typed error reaches the user as one line on stderr, exit code 1, no stack trace
 * (unless {@code --verbose}): the engine's {@code GraphException}s, a patch's
 * {@code PatchException} and {@code SnapshotFormatException}, a plugin's
 * {@code NodeCreationException}, a driver's {@code DriverException}, and an {@code Error}.
 */
class TypedErrorLineTest {

    @TempDir
    Path dir;

    /** A subcommand that throws what it is given, as a command's call would. */
    @Command(name = "fail")
    static final class Fail implements Callable<Integer> {
        private final Supplier<Throwable> what;

        Fail(Supplier<Throwable> what) {
            this.what = what;
        }

        @Override
        public Integer call() throws Exception {
            Throwable t = what.get();
            if (t instanceof Error e) {
                throw e;
            }
            throw (Exception) t;
        }
    }

    private static String[] run(Throwable t, String... extra) {
        CommandLine cl = new CommandLine(new Main());
        cl.addSubcommand("fail", new Fail(() -> t));
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        String[] args = new String[extra.length + 1];
        args[0] = "fail";
        System.arraycopy(extra, 0, args, 1, extra.length);
        int code = Main.execute(cl, args);
        return new String[] {Integer.toString(code), err.toString()};
    }

    private static void assertOneLine(Throwable t, String expected) {
        String[] r = run(t);
        assertEquals("1", r[0], r[1]);
        assertEquals(1, r[1].lines().count(), r[1]);
        assertTrue(r[1].startsWith("aether: ") && r[1].contains(expected), r[1]);
        assertFalse(r[1].contains("\tat "), r[1]);
    }

    @Test
    void eachTypedErrorIsOneLine() {
        assertOneLine(new CycleException("connecting 1:1 to 2:1 closes the cycle 1:1 -> 2:1 -> 1:1", List.of(1L, 2L)),
                "closes the cycle");
        assertOneLine(new UnknownNodeTypeException("unknown node type 'x'\nknown: a, b"), "unknown node type 'x'; known: a, b");
        assertOneLine(new PatchException("node 'a'", new CycleException("bad", List.of())), "node 'a': bad");
        assertOneLine(new NodeCreationException("acme.x: the factory threw java.lang.StackOverflowError", new StackOverflowError()), "factory threw");
        assertOneLine(new SnapshotFormatException("line 1, column 1: the file is empty"), "the file is empty");
        assertOneLine(new DriverException("cannot open a JACK client"), "cannot open a JACK client");
        assertOneLine(new java.io.IOException("disk full"), "disk full");
        assertOneLine(new NodeCreationException(null, new StackOverflowError()), "NodeCreationException");
    }

    @Test
    void anErrorIsOneLineWithItsKindAndAStackTraceOnlyWithVerbose() {
        assertOneLine(new StackOverflowError(), "java.lang.StackOverflowError");
        assertOneLine(new AssertionError("a plugin's assert"), "java.lang.AssertionError: a plugin's assert");
        assertOneLine(new OutOfMemoryError("Java heap space"), "AETHER_JAVA_OPTS=-Xmx");
        String[] loud = run(new StackOverflowError(), "--verbose");
        assertEquals("1", loud[0]);
        assertTrue(loud[1].contains("StackOverflowError") && loud[1].contains("\tat "), loud[1]);
    }

    @Test
    void aHugeOrMultiLineMessageIsCutToOneBoundedLine() {
        String[] r = run(new IllegalStateException("x".repeat(5_000_000) + "\nsecond line"));
        assertEquals(1, r[1].lines().count());
        assertTrue(r[1].length() < Main.MAX_MESSAGE + 100, r[1].length() + " characters");
        assertTrue(r[1].contains("(5,000,013 characters)"), r[1].substring(r[1].length() - 60));
        r = run(new IllegalStateException("bell\u0007 and\ttab"));
        assertTrue(r[1].contains("bell\\u0007 and\\ttab"), r[1]);
    }

    @Test
    void typedErrorsFromPatchesAreOneLineThroughTheRealCommands() throws Exception {
        Path cycle = Files.writeString(dir.resolve("cycle.json"), "{ \"nodes\": [ { \"id\": \"a\", \"type\": \"std.gain\" },"
                + " { \"id\": \"b\", \"type\": \"std.gain\" } ], \"connections\": [ { \"from\": \"a\", \"to\": \"b\" },"
                + " { \"from\": \"b\", \"to\": \"a\" } ] }");
        Path garbage = Files.write(dir.resolve("garbage.snapshot"), new byte[] {'A', 'E', 'T', 'H', 1, 2, 3});
        Path empty = Files.writeString(dir.resolve("empty.json"), "");
        for (String[] args : new String[][] {
            {"render", cycle.toString(), "-o", dir.resolve("c.wav").toString()},
            {"bench", cycle.toString(), "--seconds", "0.1"},
            {"graph", garbage.toString()},
            {"render", empty.toString(), "-o", dir.resolve("e.wav").toString()},
            {"bench", "--max-nodes", "acme.nope"},
        }) {
            CliRun r = CliRun.of(args);
            assertEquals(1, r.code(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().startsWith("aether: "), r.err());
            assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r.err());
        }
    }
}
