package org.aetherdsp.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.aetherdsp.api.GraphSnapshot;
import org.aetherdsp.api.SnapshotCodec;
import org.aetherdsp.api.SnapshotFormatException;

/**
 * A patch file on disk, in whichever snapshot format recognises its first bytes: every
 * {@link SnapshotCodec} the {@link ServiceLoader} finds is asked in turn.
 */
final class PatchFile {

    private static final int HEAD_BYTES = 64;

    private PatchFile() {
    }

    /**
     * @param file     the patch file
     * @param registry the node types patches are checked against (plugins included)
     * @return the snapshot in it
     * @throws IllegalArgumentException with a one-line message naming the file, and the
     *                                  location in it, for anything that is not a readable patch
     */
    static GraphSnapshot read(Path file, org.aetherdsp.core.engine.NodeRegistry registry) {
        byte[] data = bytes(file);
        byte[] head = Arrays.copyOf(data, Math.min(HEAD_BYTES, data.length));
        List<String> formats = new ArrayList<>();
        for (SnapshotCodec codec : codecs()) {
            formats.add(codec.format());
            if (codec.recognizes(head)) {
                if (codec instanceof org.aetherdsp.state.json.JsonPatchCodec) {
                    codec = new org.aetherdsp.state.json.JsonPatchCodec(registry); // plugins' types too
                }
                try {
                    return codec.decode(data);
                } catch (SnapshotFormatException e) {
                    throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
                }
            }
        }
        throw new IllegalArgumentException(file + " is not a patch file in a format this build reads ("
                + (formats.isEmpty() ? "no snapshot codec is installed" : String.join(", ", formats)) + ")");
    }

    private static byte[] bytes(Path file) {
        try {
            if (Files.isDirectory(file)) {
                throw new IllegalArgumentException(file + " is a directory, not a patch file");
            }
            long size = Files.size(file);
            if (size > RenderCommand.MAX_PATCH_BYTES) {
                throw new IllegalArgumentException(file + " is " + size + " bytes; patch files are limited to "
                        + (RenderCommand.MAX_PATCH_BYTES >> 20) + " MiB");
            }
            // Read at most the limit even if the file grew since it was measured.
            try (InputStream in = Files.newInputStream(file)) {
                byte[] data = in.readNBytes((int) RenderCommand.MAX_PATCH_BYTES + 1);
                if (data.length > RenderCommand.MAX_PATCH_BYTES) {
                    throw new IllegalArgumentException(file + " is larger than " + (RenderCommand.MAX_PATCH_BYTES >> 20) + " MiB");
                }
                return data;
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no such patch file: " + file, e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e, e);
        }
    }

    private static List<SnapshotCodec> codecs() {
        List<SnapshotCodec> codecs = new ArrayList<>();
        Iterator<SnapshotCodec> it = ServiceLoader.load(SnapshotCodec.class).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    return codecs;
                }
                codecs.add(it.next());
            } catch (ServiceConfigurationError e) {
                // A broken codec must not keep the others from reading the file.
                continue;
            }
        }
    }
}
