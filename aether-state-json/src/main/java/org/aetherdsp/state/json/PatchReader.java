package org.aetherdsp.state.json;

import static org.aetherdsp.state.json.JsonTree.checkKeys;
import static org.aetherdsp.state.json.JsonTree.required;
import static org.aetherdsp.state.json.JsonTree.object;
import static org.aetherdsp.state.json.JsonTree.array;
import static org.aetherdsp.state.json.JsonTree.string;

import com.fasterxml.jackson.core.JsonToken;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.aetherdsp.api.GraphSnapshot;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.NodeType;
import org.aetherdsp.api.ParamSpec;
import org.aetherdsp.api.SnapshotFormatException;
import org.aetherdsp.api.StateBlob;
import org.aetherdsp.core.engine.NodeRegistry;
import org.aetherdsp.core.graph.UserText;
import org.aetherdsp.state.json.JsonTree.Arr;
import org.aetherdsp.state.json.JsonTree.Obj;
import org.aetherdsp.state.json.JsonTree.Scalar;
import org.aetherdsp.state.json.JsonTree.Value;
import org.aetherdsp.state.json.JsonTree.Where;

/**
 * Turns a parsed patch file into a {@link GraphSnapshot}, checking everything the engine would
 * reject (against the node registry) so that each problem is reported at its place in the file.
 * One instance reads one file.
 */
final class PatchReader {

    private static final Set<String> ROOT_KEYS = keys("aether", "sampleRate", "blockSize", "channels",
            "inputChannels", "samplePosition", "nodes", "connections", "outputs", "midi", Subpatches.KEY);
    private static final Set<String> MIDI_KEYS = keys("cc");
    private static final Set<String> CC_KEYS = keys("cc", "param", "min", "max", "channel", "ramp");
    private static final Set<String> NODE_KEYS = keys("id", "type", "params", "state", "sample", "pattern", "subpatch");
    /** More steps than any sequencer plays; the node itself says how many it takes. */
    static final int MAX_PATTERN_STEPS = 1024;
    private static final Set<String> STATE_KEYS = keys("type", "version", "base64");
    private static final Set<String> CONNECTION_KEYS = keys("from", "to", "feedback", "state");
    private static final Set<String> OUTPUT_KEYS = keys("from", "channel");

    private final NodeRegistry registry;
    /** Node id to its type, in file order. */
    private final Map<String, NodeType> types = new LinkedHashMap<>();
    private final Map<String, Where> idAt = new LinkedHashMap<>();
    private MidiMapping midi = MidiMapping.NONE;
    private boolean sampleRateGiven;
    private final List<JsonPatch.Sample> samples = new ArrayList<>();
    private final List<JsonPatch.Pattern> patterns = new ArrayList<>();

    /** Added to the message about an unknown node type that no installed namespace has; may be empty. */
    private final String missingTypeHint;

    PatchReader(NodeRegistry registry, String missingTypeHint) {
        this.registry = registry;
        this.missingTypeHint = missingTypeHint;
    }

    GraphSnapshot read(Value rootValue) throws SnapshotFormatException {
        Subpatches subpatches = new Subpatches(registry, flat -> new PatchReader(registry, missingTypeHint).read(flat));
        // Voices first, then subpatches (a voice template's nodes are typed nodes: it does not instance subpatches).
        Obj root = object(subpatches.flatten(VoicesSection.expand(rootValue)), "a patch");
        checkKeys(root, ROOT_KEYS);
        Value version = root.fields().get("aether");
        if (version != null && integer(version, 0, Integer.MAX_VALUE) != JsonPatchCodec.FORMAT_VERSION) {
            throw version.where().error("unsupported format version " + ((Scalar) version).text()
                    + "; this build reads \"aether\": " + JsonPatchCodec.FORMAT_VERSION);
        }
        sampleRateGiven = root.fields().containsKey("sampleRate");
        float sampleRate = optionalFloat(root, "sampleRate", JsonPatchCodec.DEFAULT_SAMPLE_RATE, 8_000f, 768_000f);
        int blockSize = optionalInt(root, "blockSize", JsonPatchCodec.DEFAULT_BLOCK_SIZE, 1, 8192);
        int channels = optionalInt(root, "channels", JsonPatchCodec.DEFAULT_CHANNELS, 1, 256);
        long position = 0;
        Value pos = root.fields().get("samplePosition");
        if (pos != null) {
            position = integer(pos, 0, Long.MAX_VALUE);
        }

        Value nodesValue = root.fields().get("nodes");
        if (nodesValue == null) {
            throw root.where().error("missing \"nodes\": a patch needs an array of nodes");
        }
        List<GraphSnapshot.NodeSnapshot> nodes = new ArrayList<>();
        for (Value n : array(nodesValue, "an array of nodes").items()) {
            nodes.add(node(n));
        }
        Value declaredInputs = root.fields().get("inputChannels");
        int inputChannels = declaredInputs == null ? 0 : (int) integer(declaredInputs, 0, 256);
        List<GraphSnapshot.Connection> connections = new ArrayList<>();
        List<GraphSnapshot.Input> inputs = new ArrayList<>();
        Value cs = root.fields().get("connections");
        if (cs != null) {
            for (Value c : array(cs, "an array of connections").items()) {
                Obj co = object(c, "a connection: {\"from\": \"node.port\", \"to\": \"node.port\"}");
                Value from = co.fields().get("from");
                int channel = from == null ? -1 : hostInput(from);
                if (channel < 0) {
                    connections.add(connection(c, blockSize));
                    continue;
                }
                checkKeys(co, CONNECTION_KEYS);
                if (declaredInputs != null && channel >= inputChannels) {
                    throw from.where().error("host input channel " + channel + " does not exist; the patch has "
                            + inputChannels + " input channels (\"inputChannels\")");
                }
                if (channel > 255) {
                    throw from.where().error("host input channel " + channel + " is out of range 0..255");
                }
                Endpoint to = endpoint(required(co, "to"), false);
                inputs.add(new GraphSnapshot.Input(channel, to.node, to.port));
                if (declaredInputs == null) {
                    inputChannels = Math.max(inputChannels, channel + 1);
                }
            }
        }
        List<GraphSnapshot.Output> outputs = new ArrayList<>();
        Value os = root.fields().get("outputs");
        if (os != null) {
            for (Value o : array(os, "an array of outputs").items()) {
                outputs.add(output(o, channels));
            }
        }
        Value midiValue = root.fields().get("midi");
        if (midiValue != null) {
            midi = midi(midiValue);
        }
        try {
            return new GraphSnapshot(sampleRate, blockSize, channels, position, nodes, connections, outputs,
                    inputChannels, inputs);
        } catch (IllegalArgumentException e) {
            // Everything the constructor checks was checked above, with a location.
            throw root.where().error(e.getMessage());
        }
    }

    private GraphSnapshot.NodeSnapshot node(Value v) throws SnapshotFormatException {
        Obj n = object(v, "a node: {\"id\": ..., \"type\": ..., \"params\": {...}}");
        checkKeys(n, NODE_KEYS);
        Value idValue = required(n, "id");
        String id = string(idValue);
        if (id.isBlank()) {
            throw idValue.where().error("node id is blank");
        }
        Where first = idAt.get(id);
        if (first != null) {
            throw idValue.where().error("duplicate node id " + UserText.quote(id) + " (first used at line " + first.line() + ")");
        }
        Value typeValue = required(n, "type");
        String typeId = string(typeValue);
        NodeType type = type(typeId, typeValue.where());
        idAt.put(id, idValue.where());
        types.put(id, type);

        Map<String, Float> params = new LinkedHashMap<>();
        Value ps = n.fields().get("params");
        if (ps != null) {
            Obj po = object(ps, "an object of parameter values by id");
            NodeDescriptor d = type.descriptor();
            for (Map.Entry<String, Value> p : po.fields().entrySet()) {
                Where at = p.getValue().where();
                int index = d.paramIndex(p.getKey());
                if (index < 0) {
                    throw at.error("unknown param " + UserText.quote(p.getKey()) + " of " + typeId + " (node "
                            + UserText.quote(id) + "); its params: " + paramList(d));
                }
                ParamSpec spec = d.params().get(index);
                float value = paramValue(p.getValue(), spec, id);
                if (!spec.accepts(value)) {
                    throw at.error("param '" + p.getKey() + "' of node " + UserText.quote(id) + " is " + ((Scalar) p.getValue()).text()
                            + ", out of its range " + JsonPatchCodec.number(spec.min()) + ".."
                            + JsonPatchCodec.number(spec.max()) + unit(spec));
                }
                params.put(p.getKey(), value);
            }
        }
        StateBlob state = null;
        Value sv = n.fields().get("state");
        if (sv != null && !isNull(sv)) {
            state = state(sv, typeId);
        }
        Value sample = n.fields().get("sample");
        if (sample != null) {
            String file = string(sample);
            if (file.isBlank()) {
                throw sample.where().error("\"sample\" is blank; it names a WAV file, relative to the patch file");
            }
            samples.add(new JsonPatch.Sample(id, file, sample.where().toString()));
        }
        Value pattern = n.fields().get("pattern");
        if (pattern != null) {
            patterns.add(pattern(pattern, id));
        }
        return new GraphSnapshot.NodeSnapshot(id, typeId, params, state);
    }

    /** {@code [110, 220, null, 110]}: a pitch in Hz for each gated step, null for a rest. */
    private static JsonPatch.Pattern pattern(Value v, String node) throws SnapshotFormatException {
        Arr steps = array(v, "an array of steps: a pitch in Hz for each note, null for a rest");
        int n = steps.items().size();
        if (n == 0 || n > MAX_PATTERN_STEPS) {
            throw v.where().error("a pattern has 1.." + MAX_PATTERN_STEPS + " steps, this one " + UserText.count(n));
        }
        float[] hz = new float[n];
        boolean[] gates = new boolean[n];
        for (int i = 0; i < n; i++) {
            Value step = steps.items().get(i);
            if (isNull(step)) {
                continue;
            }
            float f = number(step);
            if (!(f >= 0f)) {
                throw step.where().error("step pitch " + ((Scalar) step).text() + " Hz is negative");
            }
            hz[i] = f;
            gates[i] = true;
        }
        return new JsonPatch.Pattern(node, hz, gates, v.where().toString());
    }

    /** @return whether the file {@link #read} last read sets {@code "sampleRate"} */
    boolean sampleRateGiven() {
        return sampleRateGiven;
    }

    /** @return the samples the file {@link #read} last read names, in file order */
    List<JsonPatch.Sample> samples() {
        return List.copyOf(samples);
    }

    /** @return the step patterns of the file {@link #read} last read, in file order */
    List<JsonPatch.Pattern> patterns() {
        return List.copyOf(patterns);
    }

    private static StateBlob state(Value v, String nodeType) throws SnapshotFormatException {
        Obj s = object(v, "a state: {\"type\": ..., \"version\": ..., \"base64\": ...}");
        checkKeys(s, STATE_KEYS);
        Value tv = required(s, "type");
        String type = string(tv);
        if (!type.equals(nodeType)) {
            throw tv.where().error("the state was saved by " + UserText.quote(type) + " but the node is a " + nodeType);
        }
        int version = (int) integer(required(s, "version"), Integer.MIN_VALUE, Integer.MAX_VALUE);
        Value bv = required(s, "base64");
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(string(bv));
        } catch (IllegalArgumentException e) {
            throw bv.where().error("state is not valid base64: " + e.getMessage());
        }
        return new StateBlob(type, version, bytes);
    }

    /** @return the {@code "midi"} section of the file {@link #read} last read ({@link MidiMapping#NONE} without one) */
    MidiMapping midi() {
        return midi;
    }

    private MidiMapping midi(Value v) throws SnapshotFormatException {
        Obj m = object(v, "a MIDI mapping: {\"cc\": [...]}");
        checkKeys(m, MIDI_KEYS);
        List<MidiMapping.ControlChange> ccs = new ArrayList<>();
        Value cs = m.fields().get("cc");
        if (cs != null) {
            for (Value c : array(cs, "an array of controller mappings").items()) {
                ccs.add(controlChange(c));
            }
        }
        return new MidiMapping(ccs);
    }

    /** {@code {"cc": 74, "param": "node.param", "min": ..., "max": ..., "channel": 1..16, "ramp": ms}}. */
    private MidiMapping.ControlChange controlChange(Value v) throws SnapshotFormatException {
        Obj c = object(v, "a controller mapping: {\"cc\": 74, \"param\": \"node.param\"}");
        checkKeys(c, CC_KEYS);
        int controller = (int) integer(required(c, "cc"), 0, 127);
        Value pv = required(c, "param");
        String target = string(pv);
        int dot = target.lastIndexOf('.');
        if (dot <= 0 || dot == target.length() - 1) {
            throw pv.where().error(UserText.quote(target) + " is not \"node.param\"");
        }
        String node = target.substring(0, dot);
        String param = target.substring(dot + 1);
        NodeType type = types.get(node);
        if (type == null) {
            throw pv.where().error("unknown node " + UserText.quote(node) + " in " + UserText.quote(target) + "; the nodes are: "
                    + UserText.list(types.keySet()));
        }
        NodeDescriptor d = type.descriptor();
        int index = d.paramIndex(param);
        if (index < 0) {
            throw pv.where().error("unknown param " + UserText.quote(param) + " of " + type.id() + " (node "
                    + UserText.quote(node) + "); its params: " + paramList(d));
        }
        ParamSpec spec = d.params().get(index);
        float min = optionalFloat(c, "min", spec.min(), spec.min(), spec.max());
        float max = optionalFloat(c, "max", spec.max(), spec.min(), spec.max());
        int channel = optionalInt(c, "channel", 0, 1, 16);
        float ramp = optionalFloat(c, "ramp", spec.smoothingMs(), 0f, 60_000f);
        return new MidiMapping.ControlChange(controller, channel, node, param, min, max, ramp);
    }

    private GraphSnapshot.Connection connection(Value v, int blockSize) throws SnapshotFormatException {
        Obj c = object(v, "a connection: {\"from\": \"node.port\", \"to\": \"node.port\"}");
        checkKeys(c, CONNECTION_KEYS);
        Endpoint from = endpoint(required(c, "from"), true);
        Endpoint to = endpoint(required(c, "to"), false);
        boolean feedback = false;
        Value fv = c.fields().get("feedback");
        if (fv != null) {
            if (!(fv instanceof Scalar s && (s.token() == JsonToken.VALUE_TRUE || s.token() == JsonToken.VALUE_FALSE))) {
                throw fv.where().error("\"feedback\" is true or false, found " + fv.kind());
            }
            feedback = ((Scalar) fv).token() == JsonToken.VALUE_TRUE;
        }
        float[] state = null;
        Value sv = c.fields().get("state");
        if (sv != null) {
            if (!feedback) {
                throw sv.where().error("only a feedback connection (\"feedback\": true) has a state");
            }
            state = feedbackState(sv, blockSize);
        }
        return new GraphSnapshot.Connection(from.node, from.port, to.node, to.port, feedback, state);
    }

    /** A feedback connection's contents: base64 of one block of big-endian IEEE 754 floats. */
    private static float[] feedbackState(Value v, int blockSize) throws SnapshotFormatException {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(string(v));
        } catch (IllegalArgumentException e) {
            throw v.where().error("state is not valid base64: " + e.getMessage());
        }
        if (bytes.length != 4 * blockSize) {
            throw v.where().error("a feedback state holds one block of " + blockSize + " floats (" + 4 * blockSize
                    + " bytes); this one has " + bytes.length + " bytes");
        }
        float[] frames = new float[blockSize];
        java.nio.ByteBuffer.wrap(bytes).asFloatBuffer().get(frames);
        for (float f : frames) {
            if (!Float.isFinite(f)) {
                throw v.where().error("a feedback state holds a non-finite sample");
            }
        }
        return frames;
    }

    private GraphSnapshot.Output output(Value v, int channels) throws SnapshotFormatException {
        Obj o = object(v, "an output: {\"from\": \"node.port\", \"channel\": 0}");
        checkKeys(o, OUTPUT_KEYS);
        Endpoint from = endpoint(required(o, "from"), true);
        Value cv = required(o, "channel");
        long channel = integer(cv, 0, Integer.MAX_VALUE);
        if (channel >= channels) {
            throw cv.where().error("channel " + channel + " does not exist; the patch has " + channels
                    + " channels (0.." + (channels - 1) + "; set \"channels\" for more)");
        }
        return new GraphSnapshot.Output(from.node, from.port, (int) channel);
    }

    private record Endpoint(String node, int port) {
    }

    /**
     * @return the host input channel a connection's {@code "from"} names ({@code "in.3"}), or -1
     *         when it names a node's output (a node whose id is {@code "in"} keeps its meaning)
     */
    private int hostInput(Value from) throws SnapshotFormatException {
        if (!(from instanceof Scalar s && s.token() == JsonToken.VALUE_STRING)) {
            return -1; // connection() reports the wrong kind
        }
        String text = s.text();
        String prefix = JsonPatchCodec.HOST_INPUT + ".";
        if (!text.startsWith(prefix) || types.containsKey(JsonPatchCodec.HOST_INPUT) || types.containsKey(text)) {
            return -1;
        }
        String n = text.substring(prefix.length());
        if (n.isEmpty() || n.length() > 6 || !n.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            throw from.where().error(UserText.quote(text) + " is not a host input: write \"in.0\", \"in.1\", ...");
        }
        return Integer.parseInt(n);
    }

    /**
     * {@code "node"} (port 0) or {@code "node.port"}, the port by name or index. A string that
     * is a node id as a whole is that node's port 0, so ids may contain dots.
     */
    private Endpoint endpoint(Value v, boolean output) throws SnapshotFormatException {
        String s = string(v);
        Where at = v.where();
        String node;
        String port;
        if (types.containsKey(s)) {
            node = s;
            port = null;
        } else {
            int dot = s.lastIndexOf('.');
            node = dot < 0 ? s : s.substring(0, dot);
            port = dot < 0 ? null : s.substring(dot + 1);
            if (!types.containsKey(node)) {
                throw at.error("unknown node " + UserText.quote(node) + " in " + UserText.quote(s) + "; the nodes are: "
                        + UserText.list(types.keySet()));
            }
        }
        NodeType type = types.get(node);
        List<String> ports = output ? type.descriptor().outputs() : type.descriptor().inputs();
        String kind = output ? "output" : "input";
        if (ports.isEmpty()) {
            throw at.error("node " + UserText.quote(node) + " (" + type.id() + ") has no " + kind + " ports");
        }
        if (port == null) {
            return new Endpoint(node, 0);
        }
        int index = ports.indexOf(port);
        if (index < 0 && !port.isEmpty() && port.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            index = port.length() > 6 ? Integer.MAX_VALUE : Integer.parseInt(port);
            if (index >= ports.size()) {
                throw at.error("node " + UserText.quote(node) + " (" + type.id() + ") has no " + kind + " port "
                        + UserText.escaped(port) + "; it has " + UserText.count(ports.size()) + ": " + portList(ports));
            }
        }
        if (index < 0) {
            throw at.error("node " + UserText.quote(node) + " (" + type.id() + ") has no " + kind + " port "
                    + UserText.quote(port) + "; its " + kind + "s: " + portList(ports));
        }
        return new Endpoint(node, index);
    }

    private NodeType type(String typeId, Where at) throws SnapshotFormatException {
        for (NodeType t : registry.types()) {
            if (t.id().equals(typeId)) {
                return t;
            }
        }
        List<String> close = closeMatches(typeId);
        String hint;
        if (!close.isEmpty()) {
            hint = "; did you mean " + String.join(" or ", close) + "?";
        } else {
            TreeSet<String> all = new TreeSet<>();
            TreeSet<String> namespaces = new TreeSet<>();
            registry.types().forEach(t -> {
                all.add(t.id());
                namespaces.add(namespace(t.id()));
            });
            hint = all.isEmpty() ? "; no node types are installed" : "; known types: " + UserText.list(all);
            if (typeId.startsWith("lv2:")) {
                hint += "; an LV2 plugin is a node type once it is installed where lilv finds it (LV2_PATH, or"
                        + " ~/.lv2, /usr/lib/lv2) and liblilv-0-0 is: `aether nodes --lv2` lists those found";
            } else if (!namespaces.contains(namespace(typeId))) {
                // Not a typo of an installed type: most likely a plugin's.
                hint += "; no installed node type is in its namespace " + UserText.quote(namespace(typeId))
                        + (missingTypeHint.isEmpty() ? "" : " (" + missingTypeHint + ")");
            }
        }
        throw at.error("unknown node type " + UserText.quote(typeId) + hint);
    }

    /** @return {@code acme} for {@code acme.tremolo}: what comes before the first dot (or colon, as in {@code lv2:URI}) */
    private static String namespace(String typeId) {
        int colon = typeId.indexOf(':');
        int dot = typeId.indexOf('.');
        dot = colon >= 0 && (dot < 0 || colon < dot) ? colon : dot;
        return dot < 0 ? typeId : typeId.substring(0, dot);
    }

    private List<String> closeMatches(String typeId) {
        record Match(String id, int distance) {
        }
        List<Match> matches = new ArrayList<>();
        String last = typeId.substring(typeId.lastIndexOf('.') + 1);
        for (NodeType t : registry.types()) {
            int d = UserText.distance(typeId, t.id());
            boolean sameLastPart = !last.isEmpty() && t.id().endsWith("." + last);
            if (d <= Math.max(2, Math.min(typeId.length(), UserText.MAX_QUOTED) / 4) || sameLastPart) {
                matches.add(new Match(t.id(), d));
            }
        }
        matches.sort(Comparator.comparingInt(Match::distance).thenComparing(Match::id));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < matches.size() && i < 3; i++) {
            ids.add(matches.get(i).id());
        }
        return ids;
    }


    private static String paramList(NodeDescriptor d) {
        if (d.params().isEmpty()) {
            return "none";
        }
        List<String> s = new ArrayList<>();
        for (ParamSpec p : d.params()) {
            s.add(p.id() + " (" + range(p) + ")");
            if (s.size() > UserText.MAX_LISTED) {
                break; // UserText.list shows no more, and a plugin may declare thousands
            }
        }
        return UserText.list(new CountedList(s, d.params().size()));
    }

    /** @return {@code 20..20000 Hz}, or for a mode parameter its choices: {@code lowpass|highpass|...} */
    private static String range(ParamSpec p) {
        if (!p.choices().isEmpty()) {
            return String.join("|", p.choices());
        }
        return JsonPatchCodec.number(p.min()) + ".." + JsonPatchCodec.number(p.max()) + unit(p);
    }

    private static String unit(ParamSpec p) {
        return p.unit() == null || p.unit().isEmpty() ? "" : " " + p.unit();
    }

    private static String portList(List<String> ports) {
        List<String> s = new ArrayList<>();
        for (int i = 0; i < ports.size() && i <= UserText.MAX_LISTED; i++) {
            s.add(i + " " + ports.get(i));
        }
        return UserText.list(new CountedList(s, ports.size()));
    }

    /**
     * The first items of a longer list, with the longer list's size, so that {@link UserText#list}
     * says how many more there are without the rest being built.
     */
    private static final class CountedList extends java.util.AbstractList<String> {
        private final List<String> first;
        private final int size;

        CountedList(List<String> first, int size) {
            this.first = first;
            this.size = size;
        }

        @Override
        public String get(int index) {
            return first.get(index);
        }

        @Override
        public java.util.Iterator<String> iterator() {
            return first.iterator();
        }

        @Override
        public int size() {
            return size;
        }
    }

    /**
     * A parameter's value as written: a number, or for a mode parameter the name of one of its
     * choices ({@code "mode": "highpass"}).
     */
    private static float paramValue(Value v, ParamSpec spec, String node) throws SnapshotFormatException {
        if (v instanceof Scalar s && s.token() == JsonToken.VALUE_STRING) {
            if (spec.choices().isEmpty()) {
                return number(v); // "expected a number, found a string"
            }
            float value = spec.choiceValue(s.text());
            if (value != value) {
                throw v.where().error("param '" + spec.id() + "' of node " + UserText.quote(node) + " has no choice "
                        + UserText.quote(s.text()) + "; its choices: " + String.join(", ", spec.choices())
                        + " (or their numbers " + JsonPatchCodec.number(spec.min()) + ".." + JsonPatchCodec.number(spec.max()) + ")");
            }
            return value;
        }
        return number(v);
    }

    // ---- typed access, each failure naming the location and what was expected ----

    private static Set<String> keys(String... names) {
        return new java.util.LinkedHashSet<>(List.of(names));
    }

    private static boolean isNull(Value v) {
        return v instanceof Scalar s && s.token() == JsonToken.VALUE_NULL;
    }

    private static float number(Value v) throws SnapshotFormatException {
        if (v instanceof Scalar s && (s.token() == JsonToken.VALUE_NUMBER_INT || s.token() == JsonToken.VALUE_NUMBER_FLOAT)) {
            float f;
            try {
                f = Float.parseFloat(s.text());
            } catch (NumberFormatException e) {
                throw v.where().error("'" + s.text() + "' is not a number");
            }
            if (!Float.isFinite(f)) {
                throw v.where().error(s.text() + " is too large for a 32-bit float");
            }
            return f;
        }
        throw v.where().error("expected a number, found " + v.kind());
    }

    private static long integer(Value v, long min, long max) throws SnapshotFormatException {
        if (!(v instanceof Scalar s && s.token() == JsonToken.VALUE_NUMBER_INT)) {
            throw v.where().error("expected a whole number, found " + (v instanceof Scalar s2
                    && s2.token() == JsonToken.VALUE_NUMBER_FLOAT ? s2.text() : v.kind()));
        }
        long n;
        try {
            n = Long.parseLong(((Scalar) v).text());
        } catch (NumberFormatException e) {
            throw v.where().error(((Scalar) v).text() + " is out of range " + min + ".." + max);
        }
        if (n < min || n > max) {
            throw v.where().error(n + " is out of range " + min + ".." + max);
        }
        return n;
    }

    private static int optionalInt(Obj o, String key, int dflt, int min, int max) throws SnapshotFormatException {
        Value v = o.fields().get(key);
        return v == null ? dflt : (int) integer(v, min, max);
    }

    private static float optionalFloat(Obj o, String key, float dflt, float min, float max) throws SnapshotFormatException {
        Value v = o.fields().get(key);
        if (v == null) {
            return dflt;
        }
        float f = number(v);
        if (!(f >= min && f <= max)) {
            throw v.where().error("\"" + key + "\" " + ((Scalar) v).text() + " is out of range "
                    + JsonPatchCodec.number(min) + ".." + JsonPatchCodec.number(max));
        }
        return f;
    }
}
