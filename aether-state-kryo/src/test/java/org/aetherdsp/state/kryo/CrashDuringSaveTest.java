package org.aetherdsp.state.kryo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.aetherdsp.api.GraphSnapshot;
import org.aetherdsp.core.engine.SnapshotFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a JVM that is saving snapshots in a loop, at random moments, and checks after each
 * kill that the file is a whole snapshot: the one before, or one the child saved whole.
 */
class CrashDuringSaveTest {

    private static final int RUNS = 30;

    @TempDir
    Path dir;

    @Test
    @Timeout(90)
    void killedSaverAlwaysLeavesAWholeSnapshot() throws Exception {
        Path file = dir.resolve("snap.kryo");
        KryoSnapshotCodec codec = new KryoSnapshotCodec();
        SnapshotFiles.save(file, codec.encode(SaveLoop.generation(0)));
        long generation = 0;
        long nextStart = 1;
        int changed = 0;
        int tempsLeft = 0;
        SplittableRandom random = new SplittableRandom(42);
        long start = System.nanoTime();
        for (int run = 0; run < RUNS; run++) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                    "-cp", System.getProperty("java.class.path"),
                    SaveLoop.class.getName(), file.toString(), Long.toString(nextStart))
                    .redirectErrorStream(true).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line = out.readLine();
                assertEquals("saving", line, "the child did not start");
                Thread.sleep(random.nextInt(0, 250));
                child.destroyForcibly();
                assertTrue(child.waitFor(10, TimeUnit.SECONDS), "the child did not die");
            }

            GraphSnapshot s = codec.decode(SnapshotFiles.load(file, 64 << 20));
            long g = s.samplePosition();
            assertTrue(g == generation || g == nextStart || g == nextStart + 1, "run " + run + ": generation " + g + " after " + generation);
            assertEquals(SaveLoop.generation(g), s, "run " + run + ": the file is not exactly generation " + g);
            if (g != generation) {
                changed++;
            }
            generation = g;
            nextStart = Math.max(nextStart, g) + 1000;

            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    if (p.equals(file)) {
                        continue;
                    }
                    // A save cut short leaves its temp file, which is hidden and never has the real name.
                    String name = p.getFileName().toString();
                    assertTrue(name.startsWith(".snap.kryo.") && name.endsWith(".tmp"), "unexpected file " + name);
                    tempsLeft++;
                    Files.delete(p);
                }
            }
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.println("[kill] " + RUNS + " kills in " + ms + " ms; the file changed in " + changed
                + " runs; " + tempsLeft + " kills landed mid-save (temp file left)");
        assertTrue(changed > 0, "no kill came after a whole save: the test proved nothing");
    }

    @Test
    void listingOnlyEverHasTheRealFileAfterCleanSaves() throws IOException {
        Path file = dir.resolve("snap.kryo");
        for (int g = 0; g < 3; g++) {
            SnapshotFiles.save(file, new KryoSnapshotCodec().encode(Fixtures.chain(10, 64, g)));
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }
}
