package org.aetherdsp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What every subcommand promises: --help works, and an error is one line on stderr with a non-zero exit. */
class CommandLineContractTest {

    @TempDir
    Path dir;

    /** Every subcommand Main declares, including ones added later. */
    private static Stream<String> subcommands() {
        return new CommandLine(new Main()).getSubcommands().keySet().stream();
    }

    @TestFactory
    Stream<DynamicTest> helpOnEverySubcommandExitsZeroWithUsage() {
        return subcommands().map(name -> DynamicTest.dynamicTest(name + " --help", () -> {
            CliRun r = CliRun.of(name, "--help");
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains("Usage: aether " + name + " "), r.out());
            assertEquals("", r.err());
        }));
    }

    @Test
    void topLevelHelpListsEverySubcommand() {
        CliRun r = CliRun.of("--help");
        assertEquals(0, r.code());
        subcommands().forEach(name -> assertTrue(r.out().contains("  " + name), name + " in " + r.out()));
    }

    @TestFactory
    Stream<DynamicTest> unknownOptionIsOneLineNamingItWithExitCode2() {
        // picocli's own help command takes any word as a command name to look up, so it is not asked
        return subcommands().filter(name -> !name.equals("help")).map(name -> DynamicTest.dynamicTest(name + " --bogus", () -> {
            CliRun r = CliRun.of(name, "--bogus", dir.resolve("p.json").toString());
            assertEquals(2, r.code(), r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().startsWith("aether: ") && r.err().contains("--bogus")
                    && r.err().contains("(see 'aether " + name + " --help')"), r.err());
        }));
    }

    @TestFactory
    Stream<DynamicTest> missingPatchFileIsOneLineWithoutStackTrace() {
        return Stream.of("render", "graph", "bench").map(name -> DynamicTest.dynamicTest(name, () -> {
            Path missing = dir.resolve("missing.json");
            CliRun r = CliRun.of(name, missing.toString());
            assertEquals(1, r.code(), r.err());
            assertEquals("aether: no such patch file: " + missing + System.lineSeparator(), r.err());
        }));
    }

    @Test
    void stackTraceOnlyWithVerbose() {
        Path missing = dir.resolve("missing.json");
        CliRun quiet = CliRun.of("graph", missing.toString());
        assertFalse(quiet.err().contains("\tat "), quiet.err());
        for (String[] args : new String[][] {{"--verbose", "graph", missing.toString()}, {"graph", missing.toString(), "--verbose"}}) {
            CliRun loud = CliRun.of(args);
            assertEquals(1, loud.code());
            assertTrue(loud.err().contains("IllegalArgumentException: no such patch file") && loud.err().contains("\tat "), loud.err());
        }
    }

    @Test
    void missingRequiredPatchIsAUsageError() {
        CliRun r = CliRun.of("graph");
        assertEquals(2, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("PATCH"), r.err());
    }

    @Test
    void multiLineMessagesArePrintedOnOneLine() {
        assertEquals("bad patch; line 2: oops; line 3", Main.oneLine("bad patch\n  line 2: oops\r\nline 3\n"));
    }
}
