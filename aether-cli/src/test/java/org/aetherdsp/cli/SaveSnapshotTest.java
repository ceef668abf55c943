package org.aetherdsp.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.aetherdsp.io.WavReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code render --save-snapshot FILE} writes the engine as the render left it, through the
 * installed codecs (JSON for a .json name, else Kryo); rendering that file goes on exactly where
 * the first render stopped.
 */
class SaveSnapshotTest {

    private static final String DRONE = Path.of("..", "examples", "patches", "drone.json").toString();

    @TempDir
    Path dir;

    private float[][] render(String... args) throws Exception {
        CliRun r = CliRun.of(args);
        assertEquals(0, r.code(), r.err());
        return WavReader.read(Path.of(args[Arrays.asList(args).indexOf("-o") + 1])).samples();
    }

    private void continuesExactly(String name, String format) throws Exception {
        continuesExactly(DRONE, name, format, 18);
    }

    private void continuesExactly(String patch, String name, String format, int nodes) throws Exception {
        float[][] whole = render("render", patch, "--seconds", "1", "--format", "f32", "-o", dir.resolve("whole.wav").toString());
        Path snapshot = dir.resolve(name);
        CliRun first = CliRun.of("render", patch, "--seconds", "0.5", "--format", "f32", "-o", dir.resolve("a.wav").toString(),
                "--save-snapshot", snapshot.toString());
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("snapshot: " + snapshot + " (" + format + ", " + nodes + " nodes, at 0.50 s;"), first.out());
        float[][] rest = render("render", snapshot.toString(), "--seconds", "0.5", "--format", "f32", "-o",
                dir.resolve("b.wav").toString());
        for (int ch = 0; ch < 2; ch++) {
            assertArrayEquals(Arrays.copyOfRange(whole[ch], 24_000, 48_000), rest[ch], "channel " + ch + " from " + name);
        }
    }

    @Test
    void aKryoSnapshotGoesOnBitForBit() throws Exception {
        continuesExactly("drone.snapshot", "kryo");
        byte[] head = Arrays.copyOf(Files.readAllBytes(dir.resolve("drone.snapshot")), 1);
        assertTrue(head[0] != '{', "binary, not JSON");
    }

    @Test
    void aJsonSnapshotGoesOnBitForBitAndIsAPatchFile() throws Exception {
        continuesExactly("drone-state.json", "json");
        String json = Files.readString(dir.resolve("drone-state.json"));
        assertTrue(json.contains("\"samplePosition\": 24000") && json.contains("\"state\": {"), json);
    }

    @Test
    void aSnapshotOfASubpatchFileKeepsTheFlatIdsAndGoesOnBitForBit() throws Exception {
        String band = Path.of("..", "examples", "patches", "string-band.json").toString();
        continuesExactly(band, "band-state.json", "json", 18);
        String json = Files.readString(dir.resolve("band-state.json"));
        assertTrue(json.contains("\"id\": \"a/string/pluck\"") && json.contains("{ \"from\": \"a/string/gate.out\", \"to\":"
                + " \"a/string/pluck.trigger\" }"), json);
        assertTrue(!json.contains("\"id\": \"1:"), "patch ids, not handles: " + json);
    }

    @Test
    void theFormatCanBeNamed() throws Exception {
        Path snapshot = dir.resolve("demo.state");
        CliRun r = CliRun.of("render", "--seconds", "0.2", "-o", dir.resolve("d.wav").toString(), "--save-snapshot",
                snapshot.toString(), "--snapshot-format", "json");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readString(snapshot).startsWith("{"), "JSON");
        float[][] again = render("render", snapshot.toString(), "--seconds", "0.1", "-o", dir.resolve("e.wav").toString());
        assertEquals(4800, again[0].length);
    }
}
