package org.aetherdsp.state.json;

import static org.aetherdsp.state.json.JsonTree.checkKeys;
import static org.aetherdsp.state.json.JsonTree.object;
import static org.aetherdsp.state.json.JsonTree.array;

import com.fasterxml.jackson.core.JsonToken;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.NodeType;
import org.aetherdsp.api.SnapshotFormatException;
import org.aetherdsp.core.engine.NodeRegistry;
import org.aetherdsp.core.graph.UserText;
import org.aetherdsp.state.json.JsonTree.Arr;
import org.aetherdsp.state.json.JsonTree.Obj;
import org.aetherdsp.state.json.JsonTree.Scalar;
import org.aetherdsp.state.json.JsonTree.Value;
import org.aetherdsp.state.json.JsonTree.Where;

/**
 * Subpatches: groups of nodes that a patch file defines once under {@code "subpatches"} and
 * instances by name from {@code "nodes"} (also inside another definition), flattened into plain
 * nodes and connections before {@link PatchReader} reads the file.
 *
 * <pre>{@code
 * "subpatches": {
 *   "strip": {
 *     "inputs":  { "in": "filter.in" },                 // name -> inner input port(s)
 *     "outputs": { "out": "amp.out" },                  // name -> one inner output port
 *     "params":  { "cutoff": { "param": "filter.cutoff", "default": 1200 },
 *                  "level": "amp.gain" },               // name -> inner "node.param"(s)
 *     "nodes": [ { "id": "filter", "type": "std.filter.svf" }, { "id": "amp", "type": "std.gain" } ],
 *     "connections": [ { "from": "filter.lp", "to": "amp" } ]
 *   }
 * },
 * "nodes": [ { "id": "ch1", "subpatch": "strip", "params": { "cutoff": 800 } }, ... ],
 * "connections": [ { "from": "osc", "to": "ch1.in" }, { "from": "ch1.out", "to": "mix.in1" } ]
 * }</pre>
 *
 * <p>An instance's nodes get the instance id and a {@code '/'} in front of theirs
 * ({@code ch1/filter}, nested {@code bus/ch1/filter}): the ids errors, {@code aether graph} and
 * snapshots show. The flattening works on the parsed tree and every value it writes keeps the
 * place in the file where it was written, with the instance it was expanded for, so an error in
 * a definition names its path ({@code $.subpatches.strip.nodes[1].type (instance 'bus/ch1')}).
 * Order: the nodes in file order, each instance's nodes in its place; the connections of the
 * instances (in node order) before the connections of the level that holds them, a connection to
 * an input that maps to several ports once per port, in the mapping's order.
 *
 * <p>Reusable: {@link #expand} instances one definition under a given id, so a caller (a voice
 * template) can build it N times. Control side only; one instance reads one file. Pure: it
 * builds a new tree and changes nothing, so a rejected file leaves nothing behind.
 */
final class Subpatches {

    /** The root key that holds the definitions. */
    static final String KEY = "subpatches";
    /** Between an instance id and the ids of its nodes. */
    static final String SEPARATOR = "/";
    /** More flat nodes and instances than this from one file are refused (definitions may nest: 2^depth instances). */
    static final int MAX_NODES = 100_000;
    private static final String TOO_LARGE = "the subpatches expand to more than " + UserText.count(MAX_NODES)
            + " nodes and instances";

    private static final Set<String> DEFINITION_KEYS = keys("inputs", "outputs", "params", "nodes", "connections");
    private static final Set<String> INSTANCE_KEYS = keys("id", "subpatch", "params");
    private static final Set<String> EXPOSED_KEYS = keys("param", "default");

    private final NodeRegistry registry;
    private final Check check;
    private final Map<String, Definition> definitions = new LinkedHashMap<>();
    private final Set<String> used = new LinkedHashSet<>();
    private int emitted;

    /** Reads a flat patch tree as a whole file would be read, only to check it (PatchReader). */
    @FunctionalInterface
    interface Check {
        void read(Value flatRoot) throws SnapshotFormatException;
    }

    /** @param registry the node types, for the params an exposed param may set */
    Subpatches(NodeRegistry registry) {
        this(registry, flat -> { });
    }

    /**
     * @param registry the node types, for the params an exposed param may set
     * @param check    what reads the flat nodes of a definition that no instance uses, so that its
     *                 node types, params and ports are checked as if it were used
     */
    Subpatches(NodeRegistry registry, Check check) {
        this.registry = registry;
        this.check = check;
    }

    /** One exposed parameter: the inner {@code "node.param"}s it sets, and its default (or null). */
    record Exposed(String name, List<Scalar> targets, Value dflt, Where at) {
    }

    /** A definition as written, its shape checked. Values are as in the file (not yet relocated). */
    record Definition(String name, Where at, Map<String, List<Scalar>> inputs, Map<String, Scalar> outputs,
                      Map<String, Exposed> params, List<Value> nodes, List<Value> connections) {
    }

    /**
     * One instance, flattened.
     *
     * @param definition  what it instances
     * @param nodes       its flat node objects, ready for {@link PatchReader}
     * @param connections its flat connection objects
     * @param inputs      each named input: the flat input ports ({@code "ch1/filter.in"}) it feeds
     * @param outputs     each named output: the flat output port it is
     * @param params      each exposed param: the flat {@code "node.param"}s it sets ({@code "ch1/filter.cutoff"})
     */
    record Expansion(Definition definition, List<Value> nodes, List<Value> connections,
                     Map<String, List<Scalar>> inputs, Map<String, Scalar> outputs, Map<String, List<String>> params) {
    }

    /**
     * @param rootValue the parsed file
     * @return the same file without {@code "subpatches"} and with every instance replaced by its
     *         nodes and connections; {@code rootValue} itself when the file uses none
     * @throws SnapshotFormatException naming the place in the file (and the instance) of the first problem
     */
    Value flatten(Value rootValue) throws SnapshotFormatException {
        if (!(rootValue instanceof Obj root)) {
            return rootValue; // PatchReader says what it is instead
        }
        Value defs = root.fields().get(KEY);
        Value nodes = root.fields().get("nodes");
        if (defs == null && !hasInstance(nodes)) {
            return rootValue;
        }
        if (defs != null) {
            readDefinitions(defs);
        }
        Map<String, Value> fields = new LinkedHashMap<>(root.fields());
        Map<String, Where> keys = new LinkedHashMap<>(root.keys());
        fields.remove(KEY);
        keys.remove(KEY);
        if (nodes instanceof Arr nodeArr) {
            Value cs = root.fields().get("connections");
            List<Value> connections = cs instanceof Arr ca ? ca.items() : List.of();
            Scope top = new Scope(null, "", "", List.of(), Map.of());
            top.build(nodeArr.items(), connections);
            fields.put("nodes", new Arr(nodeArr.where(), top.flatNodes));
            if (cs == null || cs instanceof Arr) {
                if (cs != null || !top.flatConnections.isEmpty()) {
                    fields.put("connections", new Arr(cs == null ? nodeArr.where() : cs.where(), top.flatConnections));
                    keys.putIfAbsent("connections", nodeArr.where());
                }
            }
            Value os = root.fields().get("outputs");
            if (os instanceof Arr oa) {
                List<Value> outs = new ArrayList<>();
                for (Value o : oa.items()) {
                    outs.add(o instanceof Obj oo && oo.fields().get("from") instanceof Scalar f && isString(f)
                            ? with(oo, "from", top.output(f)) : o);
                }
                fields.put("outputs", new Arr(oa.where(), outs));
            }
            if (root.fields().get("midi") instanceof Obj midi && midi.fields().get("cc") instanceof Arr ccs) {
                List<Value> mapped = new ArrayList<>();
                for (Value c : ccs.items()) {
                    mapped.add(c instanceof Obj co && co.fields().get("param") instanceof Scalar p && isString(p)
                            ? with(co, "param", top.midiParam(p)) : c);
                }
                fields.put("midi", with(midi, "cc", new Arr(ccs.where(), mapped)));
            }
        }
        // A definition no instance uses is still checked (its names, ports and nesting), once.
        for (Definition d : definitions.values()) {
            if (!used.contains(d.name())) {
                Expansion x = expand(d.name(), d.name(), Map.of(), d.at());
                Map<String, Value> probe = new LinkedHashMap<>();
                probe.put("nodes", new Arr(d.at(), x.nodes()));
                probe.put("connections", new Arr(d.at(), x.connections()));
                check.read(new Obj(d.at(), probe, Map.of("nodes", d.at(), "connections", d.at())));
            }
        }
        return new Obj(root.where(), fields, keys);
    }

    /**
     * Instances one definition of the file whose root {@link #flatten} (or {@link #readDefinitions})
     * has read: its nodes get {@code id + "/"} in front of theirs.
     *
     * @param definition the subpatch's name
     * @param id         the instance id, e.g. {@code voice3}; the flat ids are {@code voice3/...}
     * @param params     values of its exposed params by name (as written in the file)
     * @param at         where the instance is, for messages
     * @return the flat nodes and connections, and where its named ports lead
     * @throws SnapshotFormatException naming the place of the problem
     */
    Expansion expand(String definition, String id, Map<String, Value> params, Where at) throws SnapshotFormatException {
        Definition d = definitions.get(definition);
        if (d == null) {
            throw at.error(unknownDefinition(definition));
        }
        return instance(d, id + SEPARATOR, id, List.of(), params, at);
    }

    // ---------------------------------------------------------------- definitions

    /** Reads and checks the shape of every definition under {@code "subpatches"}. */
    void readDefinitions(Value defs) throws SnapshotFormatException {
        Obj all = object(defs, "an object of subpatch definitions by name");
        for (Map.Entry<String, Value> e : all.fields().entrySet()) {
            String name = e.getKey();
            Where nameAt = all.keys().get(name);
            if (name.isBlank()) {
                throw nameAt.error("subpatch name is blank");
            }
            Obj body = object(e.getValue(), "a subpatch: {\"inputs\": {...}, \"outputs\": {...}, \"params\": {...},"
                    + " \"nodes\": [...], \"connections\": [...]}");
            checkKeys(body, DEFINITION_KEYS);
            Value nodes = body.fields().get("nodes");
            if (nodes == null) {
                throw body.where().error("missing \"nodes\": a subpatch needs an array of nodes");
            }
            List<Value> nodeList = array(nodes, "an array of nodes").items();
            Value cs = body.fields().get("connections");
            List<Value> connections = cs == null ? List.of() : array(cs, "an array of connections").items();
            Map<String, List<Scalar>> inputs = new LinkedHashMap<>();
            Value iv = body.fields().get("inputs");
            if (iv != null) {
                Obj io = object(iv, "an object of input names, each to \"node.port\" or an array of them");
                for (Map.Entry<String, Value> in : io.fields().entrySet()) {
                    portName(in.getKey(), io.keys().get(in.getKey()), "input");
                    inputs.put(in.getKey(), strings(in.getValue(), "\"node.port\" or an array of them"));
                }
            }
            Map<String, Scalar> outputs = new LinkedHashMap<>();
            Value ov = body.fields().get("outputs");
            if (ov != null) {
                Obj oo = object(ov, "an object of output names, each to \"node.port\"");
                for (Map.Entry<String, Value> out : oo.fields().entrySet()) {
                    portName(out.getKey(), oo.keys().get(out.getKey()), "output");
                    outputs.put(out.getKey(), string(out.getValue()));
                }
            }
            Map<String, Exposed> params = new LinkedHashMap<>();
            Value pv = body.fields().get("params");
            if (pv != null) {
                Obj po = object(pv, "an object of exposed params, each to \"node.param\" or {\"param\": ..., \"default\": ...}");
                for (Map.Entry<String, Value> p : po.fields().entrySet()) {
                    params.put(p.getKey(), exposed(p.getKey(), p.getValue(), po.keys().get(p.getKey())));
                }
            }
            definitions.put(name, new Definition(name, nameAt, inputs, outputs, params, nodeList, connections));
        }
    }

    private static Exposed exposed(String name, Value v, Where at) throws SnapshotFormatException {
        if (name.isBlank()) {
            throw at.error("exposed param name is blank");
        }
        if (v instanceof Obj o) {
            checkKeys(o, EXPOSED_KEYS);
            Value target = o.fields().get("param");
            if (target == null) {
                throw o.where().error("missing \"param\": the inner \"node.param\" (or an array of them) it sets");
            }
            Value dflt = o.fields().get("default");
            if (dflt != null && !(dflt instanceof Scalar s && (s.token() == JsonToken.VALUE_NUMBER_INT
                    || s.token() == JsonToken.VALUE_NUMBER_FLOAT || s.token() == JsonToken.VALUE_STRING))) {
                throw dflt.where().error("expected a number (or a mode's choice name), found " + dflt.kind());
            }
            return new Exposed(name, strings(target, "\"node.param\" or an array of them"), dflt, at);
        }
        return new Exposed(name, strings(v, "\"node.param\", an array of them, or {\"param\": ..., \"default\": ...}"),
                null, at);
    }

    private static void portName(String name, Where at, String kind) throws SnapshotFormatException {
        if (name.isBlank() || name.contains(".") || name.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw at.error("subpatch " + kind + " name " + UserText.quote(name)
                    + " must be non-blank, without '.', and not a number (\"inst.name\" and \"inst.0\" name ports)");
        }
    }

    private String unknownDefinition(String name) {
        return "unknown subpatch " + UserText.quote(name) + "; "
                + (definitions.isEmpty() ? "the file defines none under \"subpatches\"" : "the subpatches are: "
                + UserText.list(definitions.keySet()));
    }

    // ---------------------------------------------------------------- instancing

    private Expansion instance(Definition d, String prefix, String chain, List<String> stack, Map<String, Value> given,
                               Where at) throws SnapshotFormatException {
        if (stack.contains(d.name())) {
            List<String> names = new ArrayList<>(stack.subList(stack.indexOf(d.name()), stack.size()));
            names.add(d.name());
            throw at.error("subpatch " + UserText.quote(d.name()) + " instances itself: "
                    + UserText.escaped(String.join(" -> ", names)));
        }
        used.add(d.name());
        if (++emitted > MAX_NODES) {
            throw at.error(TOO_LARGE);
        }
        Map<String, Value> values = new LinkedHashMap<>();
        for (Exposed p : d.params().values()) {
            Value v = given.containsKey(p.name()) ? given.get(p.name()) : p.dflt() == null ? null : relocate(p.dflt(), chain);
            if (v != null) {
                values.put(p.name(), v);
            }
        }
        List<String> inner = new ArrayList<>(stack);
        inner.add(d.name());
        Scope scope = new Scope(d, prefix, chain, inner, values);
        List<Value> nodes = new ArrayList<>();
        for (Value n : d.nodes()) {
            nodes.add(relocate(n, chain));
        }
        List<Value> connections = new ArrayList<>();
        for (Value c : d.connections()) {
            connections.add(relocate(c, chain));
        }
        scope.build(nodes, connections);
        Map<String, List<Scalar>> inputs = new LinkedHashMap<>();
        for (Map.Entry<String, List<Scalar>> in : d.inputs().entrySet()) {
            List<Scalar> ports = new ArrayList<>();
            for (Scalar s : in.getValue()) {
                ports.addAll(scope.input((Scalar) relocate(s, chain)));
            }
            inputs.put(in.getKey(), ports);
        }
        Map<String, Scalar> outputs = new LinkedHashMap<>();
        for (Map.Entry<String, Scalar> out : d.outputs().entrySet()) {
            outputs.put(out.getKey(), scope.output((Scalar) relocate(out.getValue(), chain)));
        }
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (Exposed p : d.params().values()) {
            List<String> flat = new ArrayList<>();
            for (Scalar t : p.targets()) {
                flat.addAll(scope.flatParam(t.text()));
            }
            params.put(p.name(), flat);
        }
        return new Expansion(d, scope.flatNodes, scope.flatConnections, inputs, outputs, params);
    }

    /** A node id of one level: a plain node (its type id, or null if not written as a string) or an instance. */
    private record Local(String typeId, Expansion instance) {
    }

    /** One level being flattened: the top of the file, or one instance of a definition. */
    private final class Scope {
        private final Definition definition;
        private final String prefix;
        private final String chain;
        private final List<String> stack;
        private final Map<String, Value> values;
        private final Map<String, Local> locals = new LinkedHashMap<>();
        private final Map<String, Where> idAt = new LinkedHashMap<>();
        final List<Value> flatNodes = new ArrayList<>();
        final List<Value> flatConnections = new ArrayList<>();

        Scope(Definition definition, String prefix, String chain, List<String> stack, Map<String, Value> values) {
            this.definition = definition;
            this.prefix = prefix;
            this.chain = chain;
            this.stack = stack;
            this.values = values;
        }

        void build(List<Value> nodes, List<Value> connections) throws SnapshotFormatException {
            // Pass 1: the ids of this level, so that exposed params and instances may name any of them.
            Map<String, Obj> instanceNodes = new LinkedHashMap<>();
            for (Value n : nodes) {
                if (!(n instanceof Obj o)) {
                    continue; // PatchReader: "expected a node"
                }
                boolean isInstance = o.fields().containsKey("subpatch");
                Value idValue = o.fields().get("id");
                if (isInstance) {
                    checkKeys(o, INSTANCE_KEYS);
                    if (idValue == null) {
                        throw o.where().error("missing \"id\"");
                    }
                }
                if (!(idValue instanceof Scalar s && isString(s))) {
                    if (isInstance) {
                        string(idValue); // "expected a string"
                    }
                    continue;
                }
                String id = s.text();
                if (isInstance && id.isBlank()) {
                    throw s.where().error("node id is blank");
                }
                Where first = idAt.get(id);
                if (first != null) {
                    throw s.where().error("duplicate node id " + UserText.quote(id) + " (first used at line " + first.line() + ")");
                }
                idAt.put(id, s.where());
                if (isInstance) {
                    Scalar name = string(o.fields().get("subpatch"));
                    if (!definitions.containsKey(name.text())) {
                        throw name.where().error(unknownDefinition(name.text()));
                    }
                    instanceNodes.put(id, o);
                    locals.put(id, new Local(null, null));
                } else {
                    Value t = o.fields().get("type");
                    locals.put(id, new Local(t instanceof Scalar ts && isString(ts) ? ts.text() : null, null));
                }
            }
            // The values of this level's exposed params, by the local node they reach.
            Map<String, Map<String, Value>> assigned = new LinkedHashMap<>();
            if (definition != null) {
                for (Exposed p : definition.params().values()) {
                    for (Scalar target : p.targets()) {
                        Scalar t = (Scalar) relocate(target, chain);
                        String[] np = nodeParam(t);
                        Obj inst = instanceNodes.get(np[0]);
                        if (inst != null) {
                            Definition inner = definitions.get(((Scalar) inst.fields().get("subpatch")).text());
                            if (!inner.params().containsKey(np[1])) {
                                throw t.where().error(unknownExposed(inner, np[1], np[0]));
                            }
                        } else {
                            checkParam(t, np[0], np[1]);
                        }
                        Value v = values.get(p.name());
                        if (v != null) {
                            assigned.computeIfAbsent(np[0], k -> new LinkedHashMap<>()).put(np[1], v);
                        }
                    }
                }
            }
            // Pass 2: the flat nodes, in order; an instance's in its place.
            List<Value> ownConnections = new ArrayList<>();
            for (Value n : nodes) {
                Obj inst = n instanceof Obj o && o.fields().containsKey("subpatch") ? o : null;
                if (inst == null) {
                    flatNodes.add(plain(n, assigned));
                    if (++emitted > MAX_NODES) {
                        throw n.where().error(TOO_LARGE);
                    }
                    continue;
                }
                String id = ((Scalar) inst.fields().get("id")).text();
                Scalar nameValue = (Scalar) inst.fields().get("subpatch");
                Definition d = definitions.get(nameValue.text());
                Map<String, Value> given = new LinkedHashMap<>();
                Value pv = inst.fields().get("params");
                if (pv != null) {
                    Obj po = object(pv, "an object of the subpatch's exposed param values by name");
                    for (Map.Entry<String, Value> p : po.fields().entrySet()) {
                        if (!d.params().containsKey(p.getKey())) {
                            throw po.keys().get(p.getKey()).error(unknownExposed(d, p.getKey(), id));
                        }
                        given.put(p.getKey(), p.getValue());
                    }
                }
                given.putAll(assigned.getOrDefault(id, Map.of()));
                Expansion x = instance(d, prefix + id + SEPARATOR, chain.isEmpty() ? id : chain + SEPARATOR + id, stack,
                        given, nameValue.where());
                locals.put(id, new Local(null, x));
                flatNodes.addAll(x.nodes());
                flatConnections.addAll(x.connections());
            }
            for (Value c : connections) {
                if (!(c instanceof Obj co)) {
                    ownConnections.add(c);
                    continue;
                }
                Value from = co.fields().get("from");
                Value to = co.fields().get("to");
                Obj resolved = from instanceof Scalar f && isString(f) ? with(co, "from", output(f)) : co;
                if (to instanceof Scalar t && isString(t)) {
                    for (Scalar port : input(t)) {
                        ownConnections.add(with(resolved, "to", port));
                    }
                } else {
                    ownConnections.add(resolved);
                }
            }
            flatConnections.addAll(ownConnections);
        }

        /** A plain node of this level, its id prefixed and the exposed params that reach it set. */
        private Value plain(Value n, Map<String, Map<String, Value>> assigned) throws SnapshotFormatException {
            if (!(n instanceof Obj o) || !(o.fields().get("id") instanceof Scalar id && isString(id))) {
                return n;
            }
            Obj out = prefix.isEmpty() ? o : with(o, "id", new Scalar(id.where(), JsonToken.VALUE_STRING, prefix + id.text()));
            Map<String, Value> set = assigned.get(id.text());
            if (set == null) {
                return out;
            }
            Value pv = o.fields().get("params");
            if (pv != null && !(pv instanceof Obj)) {
                return out; // PatchReader: "expected an object of parameter values"
            }
            Obj po = pv == null ? new Obj(o.where().key("params"), Map.of(), Map.of()) : (Obj) pv;
            Map<String, Value> fields = new LinkedHashMap<>(po.fields());
            Map<String, Where> keys = new LinkedHashMap<>(po.keys());
            for (Map.Entry<String, Value> p : set.entrySet()) {
                fields.put(p.getKey(), p.getValue());
                keys.put(p.getKey(), p.getValue().where());
            }
            return with(out, "params", new Obj(po.where(), fields, keys));
        }

        /** @return the flat output port {@code s} names at this level */
        Scalar output(Scalar s) throws SnapshotFormatException {
            List<Scalar> ports = resolve(s, true);
            return ports.get(0);
        }

        /** @return the flat input ports {@code s} names at this level (several for an input that fans out) */
        List<Scalar> input(Scalar s) throws SnapshotFormatException {
            return resolve(s, false);
        }

        private List<Scalar> resolve(Scalar s, boolean output) throws SnapshotFormatException {
            String text = s.text();
            Local whole = locals.get(text);
            String node = text;
            String port = null;
            if (whole == null) {
                int dot = text.lastIndexOf('.');
                if (dot > 0) {
                    node = text.substring(0, dot);
                    port = text.substring(dot + 1);
                }
            }
            Local local = locals.get(node);
            if (local == null) {
                if (definition == null) {
                    return List.of(s); // PatchReader: a host input ("in.0"), or an unknown node
                }
                throw s.where().error("unknown node " + UserText.quote(node) + " in " + UserText.quote(text)
                        + "; the nodes of subpatch " + UserText.quote(definition.name()) + " are: "
                        + UserText.list(locals.keySet()));
            }
            if (local.instance() == null) { // every instance of this level is expanded before any port is resolved
                return List.of(prefix.isEmpty() ? s : new Scalar(s.where(), JsonToken.VALUE_STRING, prefix + text));
            }
            Expansion x = local.instance();
            String kind = output ? "output" : "input";
            List<String> names = new ArrayList<>(output ? x.outputs().keySet() : x.inputs().keySet());
            String what = "instance " + UserText.quote(node) + " of subpatch " + UserText.quote(x.definition().name());
            if (names.isEmpty()) {
                throw s.where().error(what + " has no " + kind + "s (a subpatch lists them under \"" + kind + "s\")");
            }
            String name;
            if (port == null) {
                name = names.get(0);
            } else if (names.contains(port)) {
                name = port;
            } else if (!port.isEmpty() && port.length() <= 6 && port.chars().allMatch(ch -> ch >= '0' && ch <= '9')
                    && Integer.parseInt(port) < names.size()) {
                name = names.get(Integer.parseInt(port));
            } else {
                throw s.where().error(what + " has no " + kind + " " + UserText.quote(port) + "; its " + kind + "s: "
                        + UserText.list(names));
            }
            if (output) {
                return List.of(x.outputs().get(name));
            }
            List<Scalar> ports = x.inputs().get(name);
            if (ports.isEmpty()) {
                throw s.where().error(what + ": its input " + UserText.quote(name) + " leads to no port");
            }
            return ports;
        }

        /** @return the flat {@code "node.param"}s a checked {@code "node.param"} of this level sets */
        List<String> flatParam(String target) {
            int dot = target.lastIndexOf('.');
            Local local = locals.get(target.substring(0, dot));
            return local.instance() != null ? local.instance().params().get(target.substring(dot + 1)) : List.of(prefix + target);
        }

        /**
         * A MIDI mapping's {@code "param"} at the top: {@code "ch1.cutoff"}, an instance's exposed
         * param, becomes the one inner param it sets; anything else is left to PatchReader.
         */
        Value midiParam(Scalar p) throws SnapshotFormatException {
            String text = p.text();
            int dot = text.lastIndexOf('.');
            Local local = dot <= 0 ? null : locals.get(text.substring(0, dot));
            if (local == null || local.instance() == null) {
                return p;
            }
            Expansion x = local.instance();
            String name = text.substring(dot + 1);
            List<String> flat = x.params().get(name);
            if (flat == null) {
                throw p.where().error(unknownExposed(x.definition(), name, text.substring(0, dot)));
            }
            if (flat.size() != 1) {
                throw p.where().error("param " + UserText.quote(name) + " of instance " + UserText.quote(text.substring(0, dot))
                        + " sets " + flat.size() + " inner params; a controller drives one: name it, e.g. "
                        + UserText.quote(flat.get(0)));
            }
            return new Scalar(p.where(), JsonToken.VALUE_STRING, flat.get(0));
        }

        /** @return {node, param} of an exposed param's target at this level */
        private String[] nodeParam(Scalar t) throws SnapshotFormatException {
            String text = t.text();
            int dot = text.lastIndexOf('.');
            if (dot <= 0 || dot == text.length() - 1) {
                throw t.where().error(UserText.quote(text) + " is not \"node.param\"");
            }
            String node = text.substring(0, dot);
            if (!locals.containsKey(node)) {
                throw t.where().error("unknown node " + UserText.quote(node) + " in " + UserText.quote(text)
                        + "; the nodes of subpatch " + UserText.quote(definition.name()) + " are: "
                        + UserText.list(locals.keySet()));
            }
            return new String[] {node, text.substring(dot + 1)};
        }

        /** An exposed param's target on a plain node: the node's type must have that param (if the type is known). */
        private void checkParam(Scalar t, String node, String param) throws SnapshotFormatException {
            String typeId = locals.get(node).typeId();
            if (typeId == null) {
                return;
            }
            for (NodeType type : registry.types()) {
                if (type.id().equals(typeId)) {
                    NodeDescriptor d = type.descriptor();
                    if (d.paramIndex(param) < 0) {
                        List<String> ids = new ArrayList<>();
                        d.params().forEach(p -> ids.add(p.id()));
                        throw t.where().error("unknown param " + UserText.quote(param) + " of " + typeId + " (node "
                                + UserText.quote(node) + " of subpatch " + UserText.quote(definition.name())
                                + "); its params: " + UserText.list(ids));
                    }
                    return;
                }
            }
            // An unknown type: PatchReader reports it at the node.
        }
    }

    private static String unknownExposed(Definition d, String param, String instance) {
        return "subpatch " + UserText.quote(d.name()) + " (instance " + UserText.quote(instance) + ") has no param "
                + UserText.quote(param) + "; " + (d.params().isEmpty() ? "it exposes none (a subpatch lists them under \"params\")"
                : "its params: " + UserText.list(d.params().keySet()));
    }

    // ---------------------------------------------------------------- tree helpers

    private static boolean hasInstance(Value nodes) {
        if (nodes instanceof Arr a) {
            for (Value n : a.items()) {
                if (n instanceof Obj o && o.fields().containsKey("subpatch")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** @return a copy of {@code v} whose places all say they were expanded for {@code chain} */
    static Value relocate(Value v, String chain) {
        if (chain.isEmpty()) {
            return v;
        }
        if (v instanceof Obj o) {
            Map<String, Value> fields = new LinkedHashMap<>();
            Map<String, Where> keys = new LinkedHashMap<>();
            for (Map.Entry<String, Value> e : o.fields().entrySet()) {
                fields.put(e.getKey(), relocate(e.getValue(), chain));
                keys.put(e.getKey(), o.keys().get(e.getKey()).in(chain));
            }
            return new Obj(o.where().in(chain), fields, keys);
        }
        if (v instanceof Arr a) {
            List<Value> items = new ArrayList<>(a.items().size());
            for (Value i : a.items()) {
                items.add(relocate(i, chain));
            }
            return new Arr(a.where().in(chain), items);
        }
        Scalar s = (Scalar) v;
        return new Scalar(s.where().in(chain), s.token(), s.text());
    }

    private static Obj with(Obj o, String key, Value v) {
        Map<String, Value> fields = new LinkedHashMap<>(o.fields());
        fields.put(key, v);
        Map<String, Where> keys = new LinkedHashMap<>(o.keys());
        keys.putIfAbsent(key, v.where());
        return new Obj(o.where(), fields, keys);
    }

    private static boolean isString(Scalar s) {
        return s.token() == JsonToken.VALUE_STRING;
    }

    private static Set<String> keys(String... names) {
        return new LinkedHashSet<>(List.of(names));
    }

    private static Scalar string(Value v) throws SnapshotFormatException {
        if (v instanceof Scalar s && isString(s)) {
            return s;
        }
        throw v.where().error("expected a string, found " + v.kind());
    }

    /** A string, or a non-empty array of strings. */
    private static List<Scalar> strings(Value v, String what) throws SnapshotFormatException {
        if (v instanceof Arr a) {
            if (a.items().isEmpty()) {
                throw v.where().error("expected " + what + ", found an empty array");
            }
            List<Scalar> out = new ArrayList<>();
            for (Value i : a.items()) {
                out.add(string(i));
            }
            return out;
        }
        if (v instanceof Scalar s && isString(s)) {
            return List.of(s);
        }
        throw v.where().error("expected " + what + ", found " + v.kind());
    }
}
