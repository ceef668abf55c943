package org.aetherdsp.core.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.aetherdsp.api.SnapshotFormatException;

/**
 * Snapshot files on disk, written so that a crash or power loss at any moment leaves either
 * the old file or the new one, never a torn mix. Control thread only: these block on I/O.
 */
public final class SnapshotFiles {

    /** Temp files are named {@code .<name>.<random>.tmp}: hidden, and never the real name. */
    static final String TEMP_SUFFIX = ".tmp";

    private SnapshotFiles() {
    }

    /**
     * Replaces {@code file} with {@code data} atomically: writes a temp file in the same
     * directory, forces it to disk, renames it over {@code file} in one step, then forces the
     * directory (where the platform allows) so the rename itself survives a power loss. A
     * crash before the rename leaves the old file untouched (and possibly a stale temp file
     * named {@code .<name>.*.tmp}). The new file gets the temp file's permissions (owner
     * read and write only, on POSIX systems), not the old file's.
     *
     * @param file the file to write or replace
     * @param data its new content
     * @throws IOException                  if it cannot be written; the old file is then unchanged
     * @throws AtomicMoveNotSupportedException if the file system cannot rename atomically
     */
    public static void save(Path file, byte[] data) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", TEMP_SUFFIX);
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(data);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
        forceDirectory(dir);
    }

    private static void forceDirectory(Path dir) {
        // Linux and macOS can open a directory for reading and fsync it; Windows cannot (and
        // does not need to: NTFS journals the rename). Best effort, by design.
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not supported here
        }
    }

    /**
     * Reads a whole snapshot file, refusing one larger than {@code maxBytes} before reading
     * (or allocating) anything.
     *
     * @param file     the file
     * @param maxBytes the largest size accepted
     * @return its content
     * @throws SnapshotFormatException if the file is larger than {@code maxBytes}, or grows while read
     * @throws IOException             if it cannot be read
     */
    public static byte[] load(Path file, long maxBytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > maxBytes || size > Integer.MAX_VALUE - 8) {
                throw new SnapshotFormatException("snapshot file " + file + " is " + size
                        + " bytes, more than the limit of " + maxBytes);
            }
            ByteBuffer buf = ByteBuffer.allocate((int) size);
            while (buf.hasRemaining()) {
                if (ch.read(buf) < 0) {
                    throw new SnapshotFormatException("snapshot file " + file + " shrank while being read: "
                            + buf.position() + " of " + size + " bytes");
                }
            }
            if (ch.read(ByteBuffer.allocate(1)) > 0) {
                throw new SnapshotFormatException("snapshot file " + file + " grew while being read past " + size + " bytes");
            }
            return buf.array();
        }
    }
}
