package org.aetherdsp.state.kryo;

import java.nio.file.Path;
import org.aetherdsp.api.GraphSnapshot;
import org.aetherdsp.core.engine.SnapshotFiles;

/**
 * The child process of {@link CrashDuringSaveTest}: saves generation after generation of a
 * several-megabyte snapshot to one file until it is killed (generations {@code g} and
 * {@code g + 1} in turn).
 */
public final class SaveLoop {

    /** 1500 nodes with 2 KiB of state each: about 3.2 MB encoded. */
    static GraphSnapshot generation(long g) {
        return Fixtures.chain(1500, 2048, g);
    }

    private SaveLoop() {
    }

    /** @param args the file, the first generation to write */
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long g = Long.parseLong(args[1]);
        KryoSnapshotCodec codec = new KryoSnapshotCodec();
        // Two generations encoded up front and saved in turn: the loop does nothing but save,
        // so a kill lands inside a save (write, fsync, rename) rather than inside encoding.
        byte[][] data = {codec.encode(generation(g)), codec.encode(generation(g + 1))};
        System.out.println("saving");
        System.out.flush();
        for (int i = 0; ; i ^= 1) {
            SnapshotFiles.save(file, data[i]);
        }
    }
}
