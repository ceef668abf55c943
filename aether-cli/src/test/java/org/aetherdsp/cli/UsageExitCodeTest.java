package org.aetherdsp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad usage exits with 2 and one line that names the option and points at the command's
 * {@code --help}, everywhere: values out of range are usage errors as much as unknown options.
 */
class UsageExitCodeTest {

    @TempDir
    static Path dir;

    private static final String DRONE = Path.of("..", "examples", "patches", "drone.json").toString();

    private static DynamicTest usage(String option, String command, String... args) {
        return DynamicTest.dynamicTest(command + " " + String.join(" ", args), () -> {
            String[] all = new String[args.length + 1];
            all[0] = command;
            System.arraycopy(args, 0, all, 1, args.length);
            CliRun r = CliRun.of(all);
            assertEquals(2, r.code(), r.err() + r.out());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().startsWith("aether: ") && r.err().contains(option)
                    && r.err().contains("(see 'aether " + command + " --help')"), r.err());
        });
    }

    @TestFactory
    Stream<DynamicTest> outOfRangeValuesExitWithTwo() {
        String wav = dir.resolve("x.wav").toString();
        return Stream.of(
                usage("--seconds", "render", "--seconds", "0", "-o", wav),
                usage("--seconds", "render", "--seconds", "-3", "-o", wav),
                usage("--seconds", "render", DRONE, "--seconds", "NaN", "-o", wav),
                usage("--workers", "render", "--workers", "0", "-o", wav),
                usage("--block-size", "render", "--block-size", "0", "-o", wav),
                usage("--block-size", "render", DRONE, "--block-size", "100000", "-o", wav),
                usage("--sample-rate", "render", "--sample-rate", "0", "-o", wav),
                usage("--format", "render", "--format", "12", "-o", wav),
                usage("--snapshot-format", "render", "--seconds", "0.1", "-o", wav, "--save-snapshot",
                        dir.resolve("s.bin").toString(), "--snapshot-format", "xml"),
                usage("--seconds", "bench", "--seconds", "0"),
                usage("--workers", "bench", "--workers", "0"),
                usage("--rt-fifo", "bench", "--rt-fifo", "100"),
                usage("--probe-seconds", "bench", "--max-nodes", "std.gain", "--probe-seconds", "0"),
                usage("--strips or --voices", "bench", "--strips", "0", "--voices", "0"),
                usage("--seconds", "play", DRONE, "--seconds", "0"),
                usage("--workers", "play", DRONE, "--workers", "0"),
                usage("--warmup", "play", DRONE, "--warmup", "-1"),
                usage("--rt-fifo", "play", DRONE, "--rt-fifo", "100"),
                usage("--buffer", "play", DRONE, "--driver", "javasound", "--buffer", "0"));
    }
}
