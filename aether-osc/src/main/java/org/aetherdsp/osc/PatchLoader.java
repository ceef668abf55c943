package org.aetherdsp.osc;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.ServiceLoader;
import org.aetherdsp.api.GraphSnapshot;
import org.aetherdsp.api.SnapshotCodec;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.SnapshotFiles;

/**
 * What {@code /patch/load} does with a path. The default reads the file with whichever installed
 * {@link SnapshotCodec} recognises it and restores it into the engine (one batch); the CLI
 * passes its own, which also loads a patch's samples and step patterns.
 */
@FunctionalInterface
public interface PatchLoader {

    /**
     * Loads a patch into an engine. Called on a network thread; may block on file I/O.
     *
     * @param engine the engine
     * @param path   the path the client sent
     * @return the patch's node ids to their handles
     * @throws Exception anything wrong, with a message naming the file and the problem
     */
    Map<String, Long> load(Engine engine, String path) throws Exception;

    /** @return the codec-based loader */
    static PatchLoader codecs() {
        return (engine, path) -> {
            byte[] data = SnapshotFiles.load(Path.of(path), 64L << 20);
            byte[] head = Arrays.copyOf(data, Math.min(64, data.length));
            for (SnapshotCodec codec : ServiceLoader.load(SnapshotCodec.class)) {
                if (codec.recognizes(head)) {
                    GraphSnapshot snapshot = codec.decode(data);
                    return engine.restore(snapshot);
                }
            }
            throw new IllegalArgumentException(path + " is not a patch file in a format this server reads");
        };
    }
}
