package org.aetherdsp.state.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aetherdsp.api.GraphSnapshot;
import org.aetherdsp.api.GraphSnapshot.Connection;
import org.aetherdsp.api.GraphSnapshot.NodeSnapshot;
import org.aetherdsp.api.GraphSnapshot.Output;
import org.aetherdsp.api.StateBlob;

/**
 * The payload of format versions 1 and 2, field by field (no reflection, so nothing for Kryo to
 * instantiate and no {@code opens} needed). A float is 4 bytes, little-endian (Kryo 5
 * {@code Output.writeFloat}); "varint" is Kryo's variable-length int
 * ({@code optimizePositive = true}), "zigzag" the same with {@code false}; a string is a
 * varint byte count and that many bytes of strict UTF-8.
 * <pre>
 * float   sampleRate
 * varint  blockSize
 * varint  outputChannels
 * varlong samplePosition
 * varint  node count, then per node:
 *           string id, string typeId,
 *           varint param count, then per param: string id, float value
 *           byte   0 (no state) or 1, then: string state typeId, zigzag version,
 *                  varint byte count, the bytes
 * varint  connection count, then per connection: string source, varint port, string target, varint port,
 *           and in version 2 only: byte 0 (ordinary), 1 (feedback, silent) or 2 (feedback with its
 *           contents), then for 2: blockSize floats
 * varint  output count, then per output: string node, varint port, varint channel
 * and in version 2 only:
 * varint  inputChannels
 * varint  input count, then per input: varint channel, string node, varint port
 * </pre>
 * Version 2 (feedback connections and host inputs) is what this build writes; version 1 (neither)
 * is still read.
 *
 * <p>One instance per Kryo instance, so per thread at a time: the coders it keeps are not
 * thread-safe.
 */
final class SnapshotSerializer extends Serializer<GraphSnapshot> {

    /** Least bytes one entry of each list can take: what a count is checked against. */
    private static final int MIN_NODE_BYTES = 4;
    private static final int MIN_PARAM_BYTES = 5;
    private static final int MIN_CONNECTION_BYTES = 4; // 5 in version 2; 4 still bounds the count
    private static final int MIN_OUTPUT_BYTES = 3;
    private static final int MIN_INPUT_BYTES = 3;

    private final CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    /** The format version being read: set by the codec before each read. */
    private int version = KryoSnapshotCodec.FORMAT_VERSION;

    SnapshotSerializer() {
        setImmutable(true);
    }

    /** @param formatVersion the version of the payload read next (1 or 2) */
    void readingVersion(int formatVersion) {
        version = formatVersion;
    }

    /** A payload that cannot be written or read; the codec turns it into a checked exception. */
    static final class MalformedPayload extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MalformedPayload(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    // ---------------------------------------------------------------- write

    @Override
    public void write(Kryo kryo, com.esotericsoftware.kryo.io.Output out, GraphSnapshot s) {
        out.writeFloat(s.sampleRate());
        out.writeVarInt(s.blockSize(), true);
        out.writeVarInt(s.outputChannels(), true);
        out.writeVarLong(s.samplePosition(), true);
        out.writeVarInt(s.nodes().size(), true);
        for (NodeSnapshot n : s.nodes()) {
            writeString(out, n.id());
            writeString(out, n.typeId());
            out.writeVarInt(n.params().size(), true);
            for (Map.Entry<String, Float> p : n.params().entrySet()) {
                writeString(out, p.getKey());
                out.writeFloat(p.getValue());
            }
            StateBlob state = n.state();
            if (state == null) {
                out.writeByte(0);
            } else {
                out.writeByte(1);
                writeString(out, state.typeId());
                out.writeVarInt(state.version(), false);
                byte[] bytes = state.bytes();
                out.writeVarInt(bytes.length, true);
                out.writeBytes(bytes);
            }
        }
        out.writeVarInt(s.connections().size(), true);
        for (Connection c : s.connections()) {
            writeString(out, c.source());
            out.writeVarInt(c.sourcePort(), true);
            writeString(out, c.target());
            out.writeVarInt(c.targetPort(), true);
            float[] state = c.state();
            out.writeByte(!c.feedback() ? 0 : state == null ? 1 : 2);
            if (state != null) {
                for (float v : state) {
                    out.writeFloat(v);
                }
            }
        }
        out.writeVarInt(s.outputs().size(), true);
        for (Output o : s.outputs()) {
            writeString(out, o.node());
            out.writeVarInt(o.port(), true);
            out.writeVarInt(o.channel(), true);
        }
        {
            out.writeVarInt(s.inputChannels(), true);
            out.writeVarInt(s.inputs().size(), true);
            for (GraphSnapshot.Input i : s.inputs()) {
                out.writeVarInt(i.channel(), true);
                writeString(out, i.node());
                out.writeVarInt(i.port(), true);
            }
        }
    }

    private void writeString(com.esotericsoftware.kryo.io.Output out, String s) {
        int n = s.length();
        boolean ascii = true;
        for (int i = 0; i < n && ascii; i++) {
            ascii = s.charAt(i) < 0x80;
        }
        if (ascii) {
            out.writeVarInt(n, true);
            for (int i = 0; i < n; i++) {
                out.writeByte(s.charAt(i));
            }
            return;
        }
        ByteBuffer utf8;
        try {
            // Strict: an unpaired surrogate would otherwise be written as '?' and read back different.
            utf8 = encoder.reset().encode(CharBuffer.wrap(s));
        } catch (CharacterCodingException e) {
            throw new MalformedPayload("string '" + s + "' is not valid Unicode (unpaired surrogate): it cannot be saved", e);
        }
        out.writeVarInt(utf8.remaining(), true);
        out.writeBytes(utf8.array(), utf8.arrayOffset() + utf8.position(), utf8.remaining());
    }

    // ---------------------------------------------------------------- read

    @Override
    public GraphSnapshot read(Kryo kryo, Input in, Class<? extends GraphSnapshot> type) {
        float sampleRate = in.readFloat();
        int blockSize = in.readVarInt(true);
        int outputChannels = in.readVarInt(true);
        long samplePosition = in.readVarLong(true);
        int nodeCount = readCount(in, MIN_NODE_BYTES, "nodes");
        List<NodeSnapshot> nodes = new ArrayList<>(nodeCount);
        for (int i = 0; i < nodeCount; i++) {
            nodes.add(readNode(in, i));
        }
        int connectionCount = readCount(in, MIN_CONNECTION_BYTES, "connections");
        List<Connection> connections = new ArrayList<>(connectionCount);
        for (int i = 0; i < connectionCount; i++) {
            int at = in.position();
            String source = readString(in, "connection source");
            int sourcePort = in.readVarInt(true);
            String target = readString(in, "connection target");
            int targetPort = in.readVarInt(true);
            boolean feedback = false;
            float[] state = null;
            if (version >= 2) {
                int kindAt = in.position();
                byte kind = in.readByte();
                if (kind < 0 || kind > 2) {
                    throw new MalformedPayload("kind of connection " + i + " is " + kind + " at offset " + kindAt
                            + "; expected 0, 1 or 2", null);
                }
                feedback = kind != 0;
                if (kind == 2) {
                    if (blockSize > (in.limit() - in.position()) / 4) {
                        throw new MalformedPayload("feedback contents of connection " + i + " at offset " + in.position()
                                + " need " + blockSize + " floats; fewer bytes remain", null);
                    }
                    state = new float[blockSize];
                    for (int k = 0; k < blockSize; k++) {
                        state[k] = in.readFloat();
                    }
                }
            }
            boolean isFeedback = feedback;
            float[] contents = state;
            connections.add(build(at, "connection " + i, () -> new Connection(source, sourcePort, target, targetPort,
                    isFeedback, contents)));
        }
        int outputCount = readCount(in, MIN_OUTPUT_BYTES, "outputs");
        List<Output> outputs = new ArrayList<>(outputCount);
        for (int i = 0; i < outputCount; i++) {
            int at = in.position();
            String node = readString(in, "output node");
            int port = in.readVarInt(true);
            int channel = in.readVarInt(true);
            outputs.add(build(at, "output " + i, () -> new Output(node, port, channel)));
        }
        int inputChannels = 0;
        List<GraphSnapshot.Input> inputs = new ArrayList<>();
        if (version >= 2) {
            inputChannels = in.readVarInt(true);
            int inputCount = readCount(in, MIN_INPUT_BYTES, "inputs");
            for (int i = 0; i < inputCount; i++) {
                int at = in.position();
                int channel = in.readVarInt(true);
                String node = readString(in, "input node");
                int port = in.readVarInt(true);
                inputs.add(build(at, "input " + i, () -> new GraphSnapshot.Input(channel, node, port)));
            }
        }
        int channels = inputChannels;
        return build(in.position(), "the snapshot", () -> new GraphSnapshot(sampleRate, blockSize, outputChannels,
                samplePosition, nodes, connections, outputs, channels, inputs));
    }

    private NodeSnapshot readNode(Input in, int index) {
        int at = in.position();
        String id = readString(in, "node id");
        String typeId = readString(in, "node type id");
        int paramCount = readCount(in, MIN_PARAM_BYTES, "params of node '" + id + "'");
        Map<String, Float> params = new LinkedHashMap<>(Math.max(4, paramCount * 2));
        for (int p = 0; p < paramCount; p++) {
            int paramAt = in.position();
            String key = readString(in, "param id");
            float value = in.readFloat();
            if (params.put(key, value) != null) {
                throw new MalformedPayload("param '" + key + "' of node '" + id + "' appears twice, at offset " + paramAt, null);
            }
        }
        StateBlob state = null;
        int flagAt = in.position();
        byte flag = in.readByte();
        if (flag == 1) {
            String stateType = readString(in, "state type id");
            int version = in.readVarInt(false);
            int length = readLength(in, "state of node '" + id + "'");
            byte[] bytes = in.readBytes(length);
            state = new StateBlob(stateType, version, bytes);
        } else if (flag != 0) {
            throw new MalformedPayload("state flag of node '" + id + "' is " + flag + " at offset " + flagAt
                    + "; expected 0 or 1", null);
        }
        StateBlob s = state;
        return build(at, "node " + index + " ('" + id + "')", () -> new NodeSnapshot(id, typeId, params, s));
    }

    /** A count of list entries, each at least {@code minBytes} long: must fit in what remains. */
    private static int readCount(Input in, int minBytes, String what) {
        int at = in.position();
        int count = in.readVarInt(true);
        int remaining = in.limit() - in.position();
        if (count < 0 || count > remaining / minBytes) {
            throw new MalformedPayload("count of " + what + " at offset " + at + " is " + count
                    + "; the " + remaining + " bytes that remain hold at most " + remaining / minBytes, null);
        }
        return count;
    }

    /** A byte count: must fit in what remains. */
    private static int readLength(Input in, String what) {
        int at = in.position();
        int length = in.readVarInt(true);
        int remaining = in.limit() - in.position();
        if (length < 0 || length > remaining) {
            throw new MalformedPayload("length of " + what + " at offset " + at + " is " + length
                    + "; only " + remaining + " bytes remain", null);
        }
        return length;
    }

    private String readString(Input in, String what) {
        int length = readLength(in, what);
        int at = in.position();
        byte[] bytes = in.readBytes(length);
        for (byte b : bytes) {
            if (b < 0) {
                try {
                    return decoder.reset().decode(ByteBuffer.wrap(bytes)).toString();
                } catch (CharacterCodingException e) {
                    throw new MalformedPayload(what + " at offset " + at + " is not valid UTF-8", e);
                }
            }
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private interface Part<T> {
        T make();
    }

    /** Runs a record constructor, turning its validation failure into a located payload error. */
    private static <T> T build(int offset, String what, Part<T> part) {
        try {
            return part.make();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new MalformedPayload(what + " at offset " + offset + " is invalid: " + e.getMessage(), e);
        }
    }
}
