package org.aetherdsp.state.json;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.aetherdsp.api.GraphSnapshot;
import org.aetherdsp.api.NodeType;
import org.aetherdsp.api.SnapshotCodec;
import org.aetherdsp.api.SnapshotFormatException;
import org.aetherdsp.core.engine.NodeRegistry;

/**
 * Human-editable JSON patch files: the {@code "json"} {@link SnapshotCodec}.
 *
 * <pre>{@code
 * {
 *   "aether": 1,
 *   "sampleRate": 48000,
 *   "blockSize": 64,
 *   "channels": 2,
 *   "nodes": [
 *     { "id": "osc", "type": "std.osc.saw", "params": { "freq": 110, "amp": 0.5 } },
 *     { "id": "lp", "type": "std.filter.svf", "params": { "cutoff": 800 } }
 *   ],
 *   "connections": [
 *     { "from": "osc", "to": "lp.in" }
 *   ],
 *   "outputs": [
 *     { "from": "lp.lp", "channel": 0 },
 *     { "from": "lp.lp", "channel": 1 }
 *   ]
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@code "aether"} is the format version (optional; only 1 exists). {@code sampleRate},
 *       {@code blockSize} and {@code channels} are optional (48000, 64, 2);
 *       {@code samplePosition} (default 0) is only written for engine captures.</li>
 *   <li>{@code nodes}: each with a unique {@code id}, a node {@code type} id, optional
 *       {@code params} by parameter id (others keep their defaults), and optional
 *       {@code state}: {@code {"type": ..., "version": ..., "base64": ...}}, the node's
 *       saved internal state as an engine capture holds it.</li>
 *   <li>A port is written {@code "node.port"}, the port by name ({@code "lp.bp"},
 *       {@code "mix.in2"}) or index ({@code "mix.1"}); a bare {@code "node"} is port 0. A
 *       string that is a node id as a whole names that node, so ids may contain dots.</li>
 *   <li>A mode parameter may be given by the name of a choice ({@code "mode": "highpass"}).
 *       A node may also name a {@code "sample"} file and a step {@code "pattern"}, which an
 *       engine snapshot has no place for: {@link #decodePatch} returns them.</li>
 *   <li>{@code connections}: {@code from} an output port {@code to} an input port;
 *       {@code "feedback": true} makes it a feedback connection, which reads the source's output
 *       of the previous block (one block of delay) and so may close a loop. An engine capture
 *       also writes what a feedback connection holds, {@code "state"}: base64 of one block of
 *       big-endian IEEE 754 floats.
 *       {@code outputs}: {@code from} an output port to a host {@code channel} (from 0).</li>
 *   <li>Host input (sound in): a connection {@code {"from": "in.0", "to": "fx.in"}} feeds host
 *       input channel 0 into a node input port. {@code "inputChannels"} (optional) is the
 *       number of host input channels; without it, one more than the highest channel a
 *       connection reads. {@code "in.N"} names a host input unless the patch has a node whose
 *       id is {@code "in"}, whose output ports it then names, as before.</li>
 *   <li>{@code "subpatches"}: groups of nodes with named inputs, outputs and exposed params,
 *       defined once and instanced by name from {@code nodes} ({@code {"id": "ch1", "subpatch":
 *       "strip"}}), nested; flattened when decoded, their nodes' ids {@code ch1/filter}.</li>
 * </ul>
 *
 * <p>Decoding checks the file against a {@link NodeRegistry} (node types, parameter ids and
 * ranges, port names and counts) and reports every problem as a
 * {@link SnapshotFormatException} whose message starts with the line, column and JSON path,
 * e.g. {@code line 9, column 47, $.nodes[1].params.cutoff: param 'cutoff' of node 'lp' is
 * 80000, out of its range 20..20000 Hz}. Encoding is deterministic: two-space indentation,
 * keys in a fixed order, parameters in the snapshot's order, ports by name, floats in the
 * shortest form that reads back exactly.
 *
 * <p>Thread-safe and stateless apart from the lazily loaded registry.
 */
public final class JsonPatchCodec implements SnapshotCodec {

    /** What {@code "in.N"} names in a connection's {@code "from"}: host input channel N. */
    static final String HOST_INPUT = "in";

    /** The value of {@code "aether"} this codec reads and writes. */
    public static final int FORMAT_VERSION = 1;
    /** Sample rate of a patch that does not say. */
    public static final float DEFAULT_SAMPLE_RATE = 48_000f;
    /** Block size of a patch that does not say. */
    public static final int DEFAULT_BLOCK_SIZE = 64;
    /** Channel count of a patch that does not say. */
    public static final int DEFAULT_CHANNELS = 2;

    /** Said of an unknown node type outside every installed namespace when no other hint is given. */
    static final String DEFAULT_MISSING_TYPE_HINT = "a plugin may provide it: load its JAR's folder with"
            + " Engine.Builder.pluginFolder and decode with that engine's registry";

    private final NodeRegistry given;
    private final String missingTypeHint;
    private volatile NodeRegistry loaded;

    /**
     * The codec {@link java.util.ServiceLoader} creates: it checks patches against the node types
     * {@link NodeRegistry#load()} finds, loaded on first use.
     */
    public JsonPatchCodec() {
        this.given = null;
        this.missingTypeHint = DEFAULT_MISSING_TYPE_HINT;
    }

    /**
     * @param registry the node types to check patches against, and to name ports with
     */
    public JsonPatchCodec(NodeRegistry registry) {
        this(registry, DEFAULT_MISSING_TYPE_HINT);
    }

    /**
     * @param registry        the node types to check patches against, and to name ports with
     * @param missingTypeHint what the message about an unknown node type adds when the type is
     *                        in no installed type's namespace (so most likely a plugin's), e.g.
     *                        {@code "a plugin may provide it: load its folder with --plugins DIR"};
     *                        empty for nothing
     */
    public JsonPatchCodec(NodeRegistry registry, String missingTypeHint) {
        this.given = Objects.requireNonNull(registry, "registry");
        this.missingTypeHint = Objects.requireNonNull(missingTypeHint, "missingTypeHint");
    }

    @Override
    public String format() {
        return "json";
    }

    /** @return whether the first byte that is not JSON whitespace (after a UTF-8 BOM) is {@code '{'} */
    @Override
    public boolean recognizes(byte[] head) {
        int i = 0;
        if (head.length >= 3 && (head[0] & 0xff) == 0xef && (head[1] & 0xff) == 0xbb && (head[2] & 0xff) == 0xbf) {
            i = 3;
        }
        for (; i < head.length; i++) {
            byte b = head[i];
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return b == '{';
            }
        }
        return false;
    }

    @Override
    public byte[] encode(GraphSnapshot snapshot) throws IOException {
        NodeRegistry registry = registryOrNull();
        Set<String> ids = new HashSet<>();
        Map<String, NodeType> types = new java.util.HashMap<>();
        for (GraphSnapshot.NodeSnapshot n : snapshot.nodes()) {
            ids.add(n.id());
            types.put(n.id(), registry == null ? null : find(registry, n.typeId()));
        }
        StringBuilder b = new StringBuilder(256 + 128 * snapshot.nodes().size());
        b.append("{\n");
        b.append("  \"aether\": ").append(FORMAT_VERSION).append(",\n");
        b.append("  \"sampleRate\": ").append(number(snapshot.sampleRate())).append(",\n");
        b.append("  \"blockSize\": ").append(snapshot.blockSize()).append(",\n");
        b.append("  \"channels\": ").append(snapshot.outputChannels()).append(",\n");
        if (snapshot.inputChannels() != 0) {
            b.append("  \"inputChannels\": ").append(snapshot.inputChannels()).append(",\n");
        }
        if (!snapshot.inputs().isEmpty() && ids.contains(HOST_INPUT)) {
            throw new IOException("the patch routes host inputs, but a node's id is " + quote(HOST_INPUT)
                    + ", which \"in.N\" would name instead: rename that node");
        }
        if (snapshot.samplePosition() != 0) {
            b.append("  \"samplePosition\": ").append(snapshot.samplePosition()).append(",\n");
        }
        b.append("  \"nodes\": [");
        List<GraphSnapshot.NodeSnapshot> nodes = snapshot.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            GraphSnapshot.NodeSnapshot n = nodes.get(i);
            b.append(i == 0 ? "\n" : ",\n");
            b.append("    {\n");
            b.append("      \"id\": ").append(quote(n.id())).append(",\n");
            b.append("      \"type\": ").append(quote(n.typeId()));
            if (!n.params().isEmpty()) {
                b.append(",\n      \"params\": {");
                String sep = "\n";
                for (Map.Entry<String, Float> p : n.params().entrySet()) {
                    b.append(sep).append("        ").append(quote(p.getKey())).append(": ")
                            .append(paramValue(types.get(n.id()), p.getKey(), p.getValue()));
                    sep = ",\n";
                }
                b.append("\n      }");
            }
            if (n.state() != null) {
                b.append(",\n      \"state\": { \"type\": ").append(quote(n.state().typeId()))
                        .append(", \"version\": ").append(n.state().version())
                        .append(", \"base64\": \"").append(Base64.getEncoder().encodeToString(n.state().bytes())).append("\" }");
            }
            b.append("\n    }");
        }
        b.append(nodes.isEmpty() ? "],\n" : "\n  ],\n");
        b.append("  \"connections\": [");
        List<GraphSnapshot.Connection> cs = snapshot.connections();
        for (int i = 0; i < cs.size(); i++) {
            GraphSnapshot.Connection c = cs.get(i);
            b.append(i == 0 ? "\n" : ",\n").append("    { \"from\": ")
                    .append(quote(port(ids, types, c.source(), c.sourcePort(), true)))
                    .append(", \"to\": ").append(quote(port(ids, types, c.target(), c.targetPort(), false)));
            if (c.feedback()) {
                b.append(", \"feedback\": true");
                float[] state = c.state();
                if (state != null) {
                    java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(4 * state.length);
                    bytes.asFloatBuffer().put(state);
                    b.append(", \"state\": \"").append(Base64.getEncoder().encodeToString(bytes.array())).append('"');
                }
            }
            b.append(" }");
        }
        List<GraphSnapshot.Input> ins = snapshot.inputs();
        for (int i = 0; i < ins.size(); i++) {
            GraphSnapshot.Input in = ins.get(i);
            b.append(i == 0 && cs.isEmpty() ? "\n" : ",\n").append("    { \"from\": ")
                    .append(quote(HOST_INPUT + "." + in.channel()))
                    .append(", \"to\": ").append(quote(port(ids, types, in.node(), in.port(), false))).append(" }");
        }
        b.append(cs.isEmpty() && ins.isEmpty() ? "],\n" : "\n  ],\n");
        b.append("  \"outputs\": [");
        List<GraphSnapshot.Output> os = snapshot.outputs();
        for (int i = 0; i < os.size(); i++) {
            GraphSnapshot.Output o = os.get(i);
            b.append(i == 0 ? "\n" : ",\n").append("    { \"from\": ")
                    .append(quote(port(ids, types, o.node(), o.port(), true)))
                    .append(", \"channel\": ").append(o.channel()).append(" }");
        }
        b.append(os.isEmpty() ? "]\n" : "\n  ]\n");
        b.append("}\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A mode parameter's whole value by its choice name ({@code "lowpass"}), any other value as a number. */
    private static String paramValue(NodeType type, String param, float value) {
        if (type != null) {
            int index = type.descriptor().paramIndex(param);
            if (index >= 0) {
                org.aetherdsp.api.ParamSpec spec = type.descriptor().params().get(index);
                if (!spec.choices().isEmpty() && value == Math.rint(value) && spec.accepts(value)) {
                    return quote(spec.choiceName(value));
                }
            }
        }
        return number(value);
    }

    /** {@code node.portName} when the type is known, else {@code node.index}. */
    private static String port(Set<String> ids, Map<String, NodeType> types, String node, int port, boolean output)
            throws IOException {
        NodeType t = types.get(node);
        List<String> names = t == null ? List.of() : output ? t.descriptor().outputs() : t.descriptor().inputs();
        String s = node + "." + (port < names.size() ? names.get(port) : Integer.toString(port));
        if (ids.contains(s)) {
            throw new IOException("cannot write the port \"" + s + "\": it reads back as the node of that id");
        }
        return s;
    }

    @Override
    public GraphSnapshot decode(byte[] data) throws SnapshotFormatException {
        try {
            JsonTree.Value root = JsonTree.parse(data);
            return new PatchReader(registry(), missingTypeHint).read(root);
        } catch (SnapshotFormatException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            // A bug here must still reach the caller as "not a valid patch", never as a crash.
            throw new SnapshotFormatException("cannot read the patch: " + oneLine(e), e);
        }
    }

    /**
     * Reads the {@code "midi"} section of a patch file, checked like the rest of the file
     * (every node and parameter it names exists, values inside the parameter's range).
     *
     * @param data the patch file's bytes
     * @return its MIDI mapping, {@link MidiMapping#NONE} if it has none
     * @throws SnapshotFormatException naming the place of the first problem in the file
     */
    public MidiMapping decodeMidi(byte[] data) throws SnapshotFormatException {
        return decodePatch(data).midi();
    }

    /**
     * Reads a whole patch file: the snapshot {@link #decode} returns, and the parts an engine
     * snapshot has no place for (the MIDI mapping, the nodes' {@code "sample"} files and
     * {@code "pattern"} arrays), checked like the rest of the file.
     *
     * @param data the patch file's bytes
     * @return everything in it
     * @throws SnapshotFormatException naming the place of the first problem in the file
     */
    public JsonPatch decodePatch(byte[] data) throws SnapshotFormatException {
        try {
            PatchReader reader = new PatchReader(registry(), missingTypeHint);
            GraphSnapshot snapshot = reader.read(JsonTree.parse(data));
            return new JsonPatch(snapshot, reader.midi(), reader.samples(), reader.patterns(), reader.sampleRateGiven());
        } catch (SnapshotFormatException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw new SnapshotFormatException("cannot read the patch: " + oneLine(e), e);
        }
    }

    /** A bug's report, bounded: never the whole of a huge input echoed back. */
    private static String oneLine(Throwable e) {
        return org.aetherdsp.core.graph.UserText.escaped(e.toString());
    }

    private NodeRegistry registry() throws SnapshotFormatException {
        try {
            NodeRegistry r = registryOrFail();
            return r;
        } catch (IllegalStateException e) {
            throw new SnapshotFormatException("cannot check the patch: the node types cannot be loaded: " + e.getMessage(), e);
        }
    }

    private NodeRegistry registryOrNull() {
        try {
            return registryOrFail();
        } catch (IllegalStateException e) {
            return null;
        }
    }

    private NodeRegistry registryOrFail() {
        if (given != null) {
            return given;
        }
        NodeRegistry r = loaded;
        if (r == null) {
            // A race loads twice; both results are equal and either may win.
            r = NodeRegistry.load();
            loaded = r;
        }
        return r;
    }

    private static NodeType find(NodeRegistry registry, String id) {
        for (NodeType t : registry.types()) {
            if (t.id().equals(id)) {
                return t;
            }
        }
        return null;
    }

    private static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }

    /**
     * How a patch file writes a number: the shortest decimal that parses back to exactly
     * {@code f} (Java 17's {@code Float.toString} is not always the shortest), without a
     * fraction for whole numbers: {@code 20000}, {@code 0.01}, {@code 1234.5677}, {@code 1.0E-10}.
     *
     * @param f a finite float
     * @return its text
     */
    public static String number(float f) {
        if (Float.floatToRawIntBits(f) == Float.floatToRawIntBits(-0f)) {
            return "-0.0";
        }
        if (f == Math.rint(f) && Math.abs(f) < 1e9f) {
            return Long.toString((long) f);
        }
        BigDecimal exact = new BigDecimal(f);
        for (int digits = 1; digits < 12; digits++) {
            BigDecimal d = exact.round(new MathContext(digits));
            if (Float.parseFloat(d.toString()) == f) {
                d = d.stripTrailingZeros();
                return Math.abs(d.scale()) < 12 ? d.toPlainString() : d.toString();
            }
        }
        return Float.toString(f);
    }
}
