package org.aetherdsp.state.json;

import static org.aetherdsp.state.json.JsonTree.checkKeys;
import static org.aetherdsp.state.json.JsonTree.required;
import static org.aetherdsp.state.json.JsonTree.object;
import static org.aetherdsp.state.json.JsonTree.array;
import static org.aetherdsp.state.json.JsonTree.string;

import com.fasterxml.jackson.core.JsonToken;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aetherdsp.api.SnapshotFormatException;
import org.aetherdsp.core.graph.UserText;
import org.aetherdsp.core.poly.StealPolicy;
import org.aetherdsp.core.poly.VoiceAllocator;
import org.aetherdsp.state.json.JsonTree.Arr;
import org.aetherdsp.state.json.JsonTree.Obj;
import org.aetherdsp.state.json.JsonTree.Scalar;
import org.aetherdsp.state.json.JsonTree.Value;
import org.aetherdsp.state.json.JsonTree.Where;

/**
 * The {@code "voices"} section of a patch file: a voice template (nodes and connections in the
 * patch's own shape) instanced {@code count} times. It is flattened before the patch is read:
 * each voice becomes ordinary nodes and connections named as {@link org.aetherdsp.core.poly.Voices}
 * names them ({@code voice3/in}, {@code voice3/filter}, {@code voice3/out}; the sums
 * {@code voices/out}, {@code voices/out1}, ...), each located at its place in the section, so an
 * error names the path inside the template ({@code $.voices.nodes[2].type}). After the patch is
 * restored, {@code Voices.bindAll} binds the groups again from those names.
 *
 * <pre>
 * "voices": {
 *   "name": "voice", "count": 16, "steal": "oldest", "bendRange": 2,
 *   "nodes": [ { "id": "osc", "type": "std.osc.saw", "params": { "freq": 0.01 } }, ... ],
 *   "connections": [ { "from": "voice.pitch", "to": "osc.fm" }, { "from": "osc", "to": "filter.in" }, ... ],
 *   "outputs": [ "vca" ]
 * }
 * </pre>
 * Inside the template, {@code voice.gate}, {@code voice.pitch} and {@code voice.velocity} are the
 * voice's own signals. {@code "voices"} may also be an array of such groups, with distinct names.
 */
final class VoicesSection {

    private static final Set<String> KEYS = sorted("name", "count", "steal", "bendRange", "nodes", "connections", "outputs");
    private static final Set<String> NODE_KEYS = sorted("id", "type", "subpatch", "params");
    private static final Set<String> CONNECTION_KEYS = sorted("from", "to");
    private static final String SOURCE = "voice";

    /** Keys listed in sorted order in "unknown key" messages. */
    private static Set<String> sorted(String... keys) {
        return java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(List.of(keys)));
    }

    private VoicesSection() {
    }

    /**
     * @param root the parsed patch
     * @return the patch with its {@code "voices"} section flattened into {@code "nodes"} and
     *         {@code "connections"} (the section removed), or {@code root} itself without one
     * @throws SnapshotFormatException naming the place in the section of what is wrong
     */
    static Value expand(Value root) throws SnapshotFormatException {
        if (!(root instanceof Obj o) || !o.fields().containsKey("voices")) {
            return root;
        }
        Map<String, Value> fields = new LinkedHashMap<>(o.fields());
        Map<String, Where> keys = new LinkedHashMap<>(o.keys());
        Value section = fields.remove("voices");
        keys.remove("voices");
        List<Value> nodes = new ArrayList<>();
        List<Value> connections = new ArrayList<>();
        Value n = fields.get("nodes");
        if (n instanceof Arr a) {
            nodes.addAll(a.items());
        }
        Value c = fields.get("connections");
        if (c instanceof Arr a) {
            connections.addAll(a.items());
        }
        List<Value> groups = section instanceof Arr a ? a.items() : List.of(section);
        Set<String> names = new LinkedHashSet<>();
        List<Value> voiceNodes = new ArrayList<>();
        for (Value g : groups) {
            group(g, names, voiceNodes, connections);
        }
        // The voices' nodes come first, so the patch's own connections can reach their sums.
        voiceNodes.addAll(nodes);
        Where nodesAt = n != null ? n.where() : o.where().key("nodes");
        fields.put("nodes", new Arr(nodesAt, voiceNodes));
        keys.putIfAbsent("nodes", nodesAt);
        Where connectionsAt = c != null ? c.where() : o.where().key("connections");
        fields.put("connections", new Arr(connectionsAt, connections));
        keys.putIfAbsent("connections", connectionsAt);
        return new Obj(o.where(), fields, keys);
    }

    private static void group(Value g, Set<String> names, List<Value> nodes, List<Value> connections)
            throws SnapshotFormatException {
        Obj o = object(g, "a voice group: {\"count\": ..., \"nodes\": [...], \"connections\": [...], \"outputs\": [...]}");
        checkKeys(o, KEYS);
        String name = SOURCE;
        Value nameValue = o.fields().get("name");
        if (nameValue != null) {
            name = string(nameValue);
            if (!name.matches("[A-Za-z0-9_-]+")) {
                throw nameValue.where().error("voice group name " + UserText.quote(name) + " must be letters, digits, '-' or '_'");
            }
        }
        if (!names.add(name)) {
            throw o.where().error("two voice groups are named " + UserText.quote(name));
        }
        Value countValue = required(o, "count");
        int count = (int) integer(countValue, 1, VoiceAllocator.MAX_VOICES);
        StealPolicy policy = StealPolicy.OLDEST;
        Value steal = o.fields().get("steal");
        if (steal != null) {
            String s = string(steal);
            try {
                policy = StealPolicy.valueOf(s.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw steal.where().error("unknown stealing policy " + UserText.quote(s) + "; expected oldest, quietest or retrigger");
            }
        }
        Value bend = o.fields().get("bendRange");
        if (bend != null) {
            float b = number(bend);
            if (!(b >= 0f && b <= 48f)) {
                throw bend.where().error("bendRange " + b + " is out of range 0..48 semitones");
            }
        }
        // The template's nodes, checked for ids; their types and params are checked as patch nodes.
        Map<String, Obj> template = new LinkedHashMap<>();
        for (Value v : array(required(o, "nodes"), "an array of voice nodes").items()) {
            Obj node = object(v, "a voice node: {\"id\": ..., \"type\": ..., \"params\": {...}}");
            checkKeys(node, NODE_KEYS);
            Value idValue = required(node, "id");
            String id = string(idValue);
            if (id.isEmpty() || id.contains("/") || id.contains(".") || id.equals(SOURCE) || id.equals("in") || id.startsWith("out")) {
                throw idValue.where().error("voice node id " + UserText.quote(id)
                        + " must be non-empty, without '/' or '.', and not 'voice', 'in' or 'out...'");
            }
            if (template.put(id, node) != null) {
                throw idValue.where().error("duplicate voice node id " + UserText.quote(id));
            }
            if (node.fields().containsKey("type") == node.fields().containsKey("subpatch")) {
                throw node.where().error("a voice node has either a \"type\" or a \"subpatch\" (an instance of one of the"
                        + " patch's subpatches, expanded in every voice)");
            }
        }
        List<Obj> wires = new ArrayList<>();
        Value cs = o.fields().get("connections");
        if (cs != null) {
            for (Value v : array(cs, "an array of voice connections").items()) {
                Obj w = object(v, "a connection: {\"from\": \"node.port\", \"to\": \"node.port\"}");
                checkKeys(w, CONNECTION_KEYS);
                local(required(w, "from"), template, true);
                local(required(w, "to"), template, false);
                wires.add(w);
            }
        }
        List<Value> outputs = array(required(o, "outputs"), "an array of voice outputs (\"node.port\")").items();
        if (outputs.isEmpty() || outputs.size() > 16) {
            throw o.fields().get("outputs").where().error("a voice has 1 to 16 outputs, this one " + outputs.size());
        }
        for (Value out : outputs) {
            local(out, template, false);
        }

        String sums = name + "s/";
        for (int k = 0; k < outputs.size(); k++) {
            Map<String, Value> params = new LinkedHashMap<>();
            Where at = o.where();
            params.put("policy", number(at, policy.ordinal()));
            if (bend != null) {
                params.put("bend", bend);
            }
            nodes.add(node(at, sums + outName(k), str(at, "poly.sum"), new Obj(at, params, keysOf(params, at))));
        }
        for (int v = 0; v < count; v++) {
            String voice = name + v + "/";
            nodes.add(node(o.where(), voice + "in", str(o.where(), "poly.voice"), null));
            for (Map.Entry<String, Obj> e : template.entrySet()) {
                Obj t = e.getValue();
                Value id = t.fields().get("id");
                boolean instance = t.fields().containsKey("subpatch");
                nodes.add(node(id.where(), voice + e.getKey(), instance ? "subpatch" : "type",
                        t.fields().get(instance ? "subpatch" : "type"), t.fields().get("params")));
            }
            for (Obj w : wires) {
                connections.add(connection(w.where(), rename(w.fields().get("from"), voice), rename(w.fields().get("to"), voice)));
            }
            for (int k = 0; k < outputs.size(); k++) {
                Value out = outputs.get(k);
                connections.add(connection(out.where(), rename(out, voice), str(out.where(), voice + outName(k) + ".in")));
                nodes.add(node(out.where(), voice + outName(k), str(out.where(), "poly.out"), null));
                connections.add(connection(out.where(), str(out.where(), voice + outName(k)), str(out.where(), sums + outName(k))));
            }
        }
    }

    /** Checks that a template endpoint names a template node (or the voice's signals, as a source). */
    private static void local(Value v, Map<String, Obj> template, boolean source) throws SnapshotFormatException {
        String s = string(v);
        int dot = s.indexOf('.');
        String node = dot < 0 ? s : s.substring(0, dot);
        if (node.equals(SOURCE)) {
            String port = dot < 0 ? "" : s.substring(dot + 1);
            if (!source) {
                throw v.where().error("'voice' (the voice's gate, pitch and velocity) is a source, not a destination");
            }
            if (!port.equals("gate") && !port.equals("pitch") && !port.equals("velocity")) {
                throw v.where().error(UserText.quote(s) + ": the voice's signals are voice.gate, voice.pitch and voice.velocity");
            }
            return;
        }
        if (!template.containsKey(node)) {
            throw v.where().error("unknown voice node " + UserText.quote(node) + " in " + UserText.quote(s) + "; the voice's nodes are: "
                    + UserText.list(template.keySet()) + " and voice (gate, pitch, velocity)");
        }
    }

    private static Value rename(Value endpoint, String voice) {
        Scalar s = (Scalar) endpoint;
        String text = s.text();
        if (text.equals(SOURCE) || text.startsWith(SOURCE + ".")) {
            text = "in" + text.substring(SOURCE.length());
        }
        return new Scalar(s.where(), JsonToken.VALUE_STRING, voice + text);
    }

    private static String outName(int k) {
        return k == 0 ? "out" : "out" + k;
    }

    private static Obj node(Where at, String id, Value type, Value params) {
        return node(at, id, "type", type, params);
    }

    /** A node of the expanded patch: {@code kind} is "type", or "subpatch" for an instance that flattening expands. */
    private static Obj node(Where at, String id, String kind, Value type, Value params) {
        Map<String, Value> f = new LinkedHashMap<>();
        f.put("id", str(at, id));
        f.put(kind, type);
        if (params != null) {
            f.put("params", params);
        }
        return new Obj(at, f, keysOf(f, at));
    }

    private static Obj connection(Where at, Value from, Value to) {
        Map<String, Value> f = new LinkedHashMap<>();
        f.put("from", from);
        f.put("to", to);
        return new Obj(at, f, keysOf(f, at));
    }

    private static Map<String, Where> keysOf(Map<String, Value> fields, Where at) {
        Map<String, Where> k = new LinkedHashMap<>();
        for (String key : fields.keySet()) {
            k.put(key, at.key(key));
        }
        return k;
    }

    private static Scalar str(Where at, String text) {
        return new Scalar(at, JsonToken.VALUE_STRING, text);
    }

    private static Scalar number(Where at, int n) {
        return new Scalar(at, JsonToken.VALUE_NUMBER_INT, Integer.toString(n));
    }

    private static float number(Value v) throws SnapshotFormatException {
        if (v instanceof Scalar s && (s.token() == JsonToken.VALUE_NUMBER_INT || s.token() == JsonToken.VALUE_NUMBER_FLOAT)) {
            try {
                return Float.parseFloat(s.text());
            } catch (NumberFormatException e) {
                throw v.where().error("'" + s.text() + "' is not a number");
            }
        }
        throw v.where().error("expected a number, found " + v.kind());
    }

    private static long integer(Value v, long min, long max) throws SnapshotFormatException {
        if (!(v instanceof Scalar s && s.token() == JsonToken.VALUE_NUMBER_INT)) {
            throw v.where().error("expected a whole number, found " + v.kind());
        }
        long n;
        try {
            n = Long.parseLong(s.text());
        } catch (NumberFormatException e) {
            n = Long.MAX_VALUE;
        }
        if (n < min || n > max) {
            throw v.where().error(s.text() + " is out of range " + min + ".." + max);
        }
        return n;
    }
}
