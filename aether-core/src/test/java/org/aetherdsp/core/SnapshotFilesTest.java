package org.aetherdsp.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.aetherdsp.api.SnapshotFormatException;
import org.aetherdsp.core.engine.SnapshotFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotFilesTest {

    @TempDir
    Path dir;

    private List<Path> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void saveThenLoadGivesTheSameBytesAndLeavesNoTempFile() throws IOException {
        Path file = dir.resolve("patch.snap");
        byte[] data = new byte[100_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        SnapshotFiles.save(file, data);
        assertArrayEquals(data, SnapshotFiles.load(file, data.length));
        assertEquals(List.of(file), listing());
    }

    @Test
    void saveReplacesTheOldFileWhole() throws IOException {
        Path file = dir.resolve("patch.snap");
        SnapshotFiles.save(file, new byte[5000]);
        SnapshotFiles.save(file, new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, SnapshotFiles.load(file, 10));
        assertEquals(List.of(file), listing());
    }

    @Test
    void relativePathIsSavedBesideItsDirectory() throws IOException {
        Path file = Path.of("").toAbsolutePath().relativize(dir.resolve("rel.snap"));
        SnapshotFiles.save(file, new byte[] {7});
        assertArrayEquals(new byte[] {7}, SnapshotFiles.load(dir.resolve("rel.snap"), 1));
    }

    @Test
    void oversizedFileIsRefusedBeforeReading() throws IOException {
        Path file = dir.resolve("big.snap");
        SnapshotFiles.save(file, new byte[1001]);
        SnapshotFormatException e = assertThrows(SnapshotFormatException.class, () -> SnapshotFiles.load(file, 1000));
        assertTrue(e.getMessage().contains("1001 bytes, more than the limit of 1000"), e.getMessage());
    }

    @Test
    void failedSaveLeavesTheOldFileAndNoTempFile() throws IOException {
        Path missingDir = dir.resolve("nope").resolve("patch.snap");
        assertThrows(NoSuchFileException.class, () -> SnapshotFiles.save(missingDir, new byte[1]));
        Path file = dir.resolve("patch.snap");
        SnapshotFiles.save(file, new byte[] {9});
        // A directory where the file should be: the rename fails after the temp file was written.
        Path blocked = dir.resolve("blocked");
        Files.createDirectory(blocked);
        Files.writeString(blocked.resolve("inside"), "x");
        assertThrows(IOException.class, () -> SnapshotFiles.save(blocked, new byte[] {1}));
        assertArrayEquals(new byte[] {9}, SnapshotFiles.load(file, 1));
        assertEquals(2, listing().size(), "only patch.snap and blocked: " + listing());
    }
}
