package org.aetherdsp.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import org.aetherdsp.api.GraphSnapshot;
import org.aetherdsp.api.NodeType;
import org.aetherdsp.api.SnapshotCodec;
import org.aetherdsp.api.SnapshotFormatException;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.engine.NodeRegistry;
import org.aetherdsp.core.graph.UserText;
import org.aetherdsp.io.WavData;
import org.aetherdsp.io.WavReader;
import org.aetherdsp.nodes.std.Sampler;
import org.aetherdsp.nodes.std.Sequencer;
import org.aetherdsp.state.json.JsonPatch;
import org.aetherdsp.state.json.JsonPatchCodec;
import org.aetherdsp.state.json.MidiMapping;

/**
 * A patch file on disk, in whichever snapshot format recognises its first bytes: every
 * {@link SnapshotCodec} the {@link ServiceLoader} finds is asked in turn. A JSON patch may also
 * name sample files and step patterns, which {@link #applyTo} gives to the restored nodes.
 *
 * @param file     where it was read from
 * @param snapshot the graph
 * @param midi     its MIDI mapping (JSON patches only; {@link MidiMapping#NONE} otherwise)
 * @param samples  the samples its nodes load, read from their WAV files
 * @param patterns the step patterns of its sequencer nodes
 * @param rateFixed whether the patch sets its own sample rate (a JSON patch with "sampleRate", and
 *                 every binary snapshot: its node states are only valid at their rate)
 */
record PatchFile(Path file, GraphSnapshot snapshot, MidiMapping midi, List<LoadedSample> samples,
                 List<JsonPatch.Pattern> patterns, boolean rateFixed) {

    private static final int HEAD_BYTES = 64;
    /** A sample file larger than this is refused before it is read. */
    static final long MAX_SAMPLE_BYTES = 512L << 20;

    /**
     * A node's sample, read from its file.
     *
     * @param sample where the patch names it
     * @param file   the file, resolved against the patch's folder
     * @param wav    its contents
     */
    record LoadedSample(JsonPatch.Sample sample, Path file, WavData wav) {
    }

    /**
     * @param file    the patch file
     * @param plugins the node types patches are checked against (plugins included), and what
     *                an unknown type's message should say about {@code --plugins}
     * @return the patch in it, its samples read
     * @throws IllegalArgumentException with a one-line message naming the file, and the
     *                                  location in it, for anything that is not a readable patch
     */
    static PatchFile read(Path file, PluginsOption plugins) {
        NodeRegistry registry = plugins.registry();
        byte[] data = bytes(file);
        byte[] head = Arrays.copyOf(data, Math.min(HEAD_BYTES, data.length));
        List<String> formats = new ArrayList<>();
        for (SnapshotCodec codec : codecs()) {
            formats.add(codec.format());
            if (!codec.recognizes(head)) {
                continue;
            }
            try {
                if (codec instanceof JsonPatchCodec) {
                    // Against the registry with the plugins' types, and with the hint of this command line.
                    JsonPatch json = new JsonPatchCodec(registry, plugins.missingTypeHint()).decodePatch(data);
                    return new PatchFile(file, json.snapshot(), json.midi(), load(file, json.samples()), json.patterns(), json.sampleRateGiven());
                }
                GraphSnapshot snapshot = codec.decode(data);
                checkTypes(file, snapshot, registry, plugins);
                return new PatchFile(file, snapshot, MidiMapping.NONE, List.of(), List.of(), true);
            } catch (SnapshotFormatException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException(file + " is not a patch file in a format this build reads ("
                + (formats.isEmpty() ? "no snapshot codec is installed" : String.join(", ", formats)) + ")");
    }

    /** A binary snapshot is not checked against the registry by its codec: say which type is missing, and why. */
    private static void checkTypes(Path file, GraphSnapshot snapshot, NodeRegistry registry, PluginsOption plugins) {
        Set<String> known = new HashSet<>();
        for (NodeType t : registry.types()) {
            known.add(t.id());
        }
        for (GraphSnapshot.NodeSnapshot n : snapshot.nodes()) {
            if (!known.contains(n.typeId())) {
                throw new IllegalArgumentException(file + ": node " + UserText.quote(n.id()) + " is of the unknown node type "
                        + UserText.quote(n.typeId()) + "; " + plugins.missingTypeHint() + " ('aether nodes' lists the known types)");
            }
        }
    }

    private static List<LoadedSample> load(Path patch, List<JsonPatch.Sample> samples) {
        List<LoadedSample> loaded = new ArrayList<>();
        Path dir = patch.toAbsolutePath().getParent();
        for (JsonPatch.Sample s : samples) {
            Path wav = dir == null ? Path.of(s.file()) : dir.resolve(s.file());
            String where = patch + ": " + s.location() + ": ";
            try {
                if (!Files.isRegularFile(wav)) {
                    throw new IllegalArgumentException(where + "no such sample file: " + wav);
                }
                if (Files.size(wav) > MAX_SAMPLE_BYTES) {
                    throw new IllegalArgumentException(where + wav + " is " + UserText.count(Files.size(wav))
                            + " bytes; sample files are limited to " + (MAX_SAMPLE_BYTES >> 20) + " MiB");
                }
                WavData data = WavReader.read(wav);
                if (data.channels() > 2) {
                    throw new IllegalArgumentException(where + wav + " has " + data.channels()
                            + " channels; a sampler plays mono or stereo");
                }
                if (data.frames() == 0) {
                    throw new IllegalArgumentException(where + wav + " holds no audio");
                }
                loaded.add(new LoadedSample(s, wav, data));
            } catch (IOException e) {
                throw new IllegalArgumentException(where + "cannot read the sample " + wav + ": " + e.getMessage(), e);
            }
        }
        return loaded;
    }

    /**
     * Gives the restored nodes what the snapshot has no place for: their samples and step
     * patterns. Control thread, before or while the engine runs (both hand over lock-free).
     *
     * @param engine the engine the patch was restored into
     * @param ids    node id to handle, as {@link Engine#restore} returned it
     * @throws IllegalArgumentException naming the file, the place in it and the node, if a
     *                                  node cannot take what the patch gives it
     */
    void applyTo(Engine engine, Map<String, Long> ids) {
        for (LoadedSample s : samples) {
            String where = file + ": " + s.sample().location() + ": ";
            long node = ids.get(s.sample().node());
            Sampler sampler = as(engine, node, s.sample().node(), Sampler.class, where, "cannot load a sample");
            WavData wav = s.wav();
            try {
                if (wav.channels() == 2) {
                    sampler.load(wav.channel(0), wav.channel(1), wav.sampleRate());
                } else {
                    sampler.load(wav.channel(0), wav.sampleRate());
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + s.file() + ": " + e.getMessage(), e);
            }
        }
        for (JsonPatch.Pattern p : patterns) {
            String where = file + ": " + p.location() + ": ";
            Sequencer sequencer = as(engine, ids.get(p.node()), p.node(), Sequencer.class, where, "takes no step pattern");
            try {
                sequencer.setPattern(p.hz(), p.gates());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + "node " + UserText.quote(p.node()) + ": " + e.getMessage(), e);
            }
        }
    }

    private static <T> T as(Engine engine, long node, String id, Class<T> type, String where, String cannot) {
        try {
            return engine.nodeAs(node, type);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + "node " + UserText.quote(id) + " (" + engine.typeOf(node) + ") " + cannot + "; only a node with the "
                    + type.getSimpleName() + " control interface can (std." + (type == Sampler.class ? "sampler" : "seq") + ")", e);
        }
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

    /** @return every snapshot codec installed, JSON and binary ones */
    static List<SnapshotCodec> codecs() {
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
