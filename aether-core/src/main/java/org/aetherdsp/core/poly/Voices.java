package org.aetherdsp.core.poly;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.core.graph.UserText;

/**
 * A {@link VoiceTemplate} instanced N times in an engine, as ordinary nodes with readable names:
 * for voice {@code v} (from 0) and prefix {@code p}, {@code p<v>/in} (a {@value VoiceSource#TYPE_ID}
 * carrying the voice's gate, pitch and velocity), {@code p<v>/<id>} for each template node, and
 * {@code p<v>/out}, {@code p<v>/out1}, ... (a {@value VoiceOutput#TYPE_ID} per template output);
 * every voice's output {@code k} is connected to one {@value VoiceSum#TYPE_ID},
 * {@code ps/out} (k = 0), {@code ps/out1}, ..., which is what the rest of the patch connects to.
 * Every node of a voice is skipped by the scheduler while the voice is idle
 * ({@link Engine#skipWhileIdle}), so an idle voice costs a silenced buffer per node output.
 *
 * <p>The allocator must be fed before each block on the RT thread (for MIDI:
 * {@code org.aetherdsp.io.midi.VoiceMidi}); a voice never fed stays idle and silent.
 *
 * <p>The number of voices is fixed when built. Control thread.
 */
public final class Voices {

    private final VoiceAllocator allocator;
    private final Map<String, Long> handles;
    private final long[] outputs;
    private final String prefix;

    private Voices(VoiceAllocator allocator, Map<String, Long> handles, long[] outputs, String prefix) {
        this.allocator = allocator;
        this.handles = Collections.unmodifiableMap(handles);
        this.outputs = outputs;
        this.prefix = prefix;
    }

    /**
     * Instances the template {@code count} times as one batch (one message to the RT thread).
     * Control thread: may wait for the engine's lock.
     *
     * @param engine   the engine
     * @param prefix   the prefix of the voices' node names (e.g. {@code voice}): letters, digits, {@code -} or {@code _}
     * @param template the voice
     * @param count    voices, 1 to {@link VoiceAllocator#MAX_VOICES}
     * @param policy   the stealing policy
     * @return the voices
     * @throws IllegalArgumentException if the count or prefix is out of range, or a template port does not exist
     * @throws RuntimeException         as the engine's {@code add}, {@code connect} and {@code setParam} throw;
     *                                  nothing is added then
     */
    public static Voices build(Engine engine, String prefix, VoiceTemplate template, int count, StealPolicy policy) {
        Voices[] built = new Voices[1];
        engine.batch(e -> built[0] = addTo(e, prefix, template, new VoiceAllocator(count, template.outputs().size(), policy)));
        return built[0];
    }

    /**
     * Binds every voice group among {@code ids} (nodes restored from a snapshot or a patch file
     * whose {@code "voices"} section was flattened into nodes): a group is the
     * {@value VoiceSum#TYPE_ID} nodes {@code <p>s/out}, {@code <p>s/out1}, ... with the
     * {@value VoiceSource#TYPE_ID} nodes {@code <p>0/in}, {@code <p>1/in}, ... Each group gets a new
     * allocator (policy and bend range from its first sum's parameters), its sources and
     * {@value VoiceOutput#TYPE_ID} nodes are attached, and every node named {@code <p><v>/...} is
     * skipped while voice v is idle. One batch. Control thread.
     *
     * @param engine the engine holding the nodes
     * @param ids    node handles by name, as {@code Engine.restore} returns them
     * @return the groups, in the order of their first sum in {@code ids}; empty if there are none
     * @throws IllegalArgumentException if a group has more than {@link VoiceAllocator#MAX_VOICES} voices,
     *                                  or a voice lacks one of the group's outputs
     */
    public static java.util.List<Voices> bindAll(Engine engine, Map<String, Long> ids) {
        java.util.List<Voices> groups = new java.util.ArrayList<>();
        for (Map.Entry<String, Long> e : ids.entrySet()) {
            String name = e.getKey();
            if (name.endsWith("s/out") && VoiceSum.TYPE_ID.equals(engine.typeOf(e.getValue()))) {
                String prefix = name.substring(0, name.length() - "s/out".length());
                if (prefix.matches("[A-Za-z0-9_-]+") && ids.containsKey(prefix + "0/in")) {
                    groups.add(bind(engine, ids, prefix));
                }
            }
        }
        return groups;
    }

    private static Voices bind(Engine engine, Map<String, Long> ids, String prefix) {
        int outs = 0;
        while (ids.containsKey(prefix + "s/" + outName(outs))) {
            outs++;
        }
        int count = 0;
        while (ids.containsKey(prefix + count + "/in")) {
            count++;
        }
        long first = ids.get(prefix + "s/out");
        int policy = Math.round(engine.getParam(first, "policy"));
        VoiceAllocator allocator = new VoiceAllocator(count, Math.min(outs, 16), StealPolicy.values()[policy],
                engine.getParam(first, "bend"), 1e-4f);
        long[] sums = new long[outs];
        Map<String, Long> names = new LinkedHashMap<>();
        for (int k = 0; k < outs; k++) {
            sums[k] = ids.get(prefix + "s/" + outName(k));
            names.put(prefix + "s/" + outName(k), sums[k]);
        }
        final int voices = count;
        engine.batch(b -> {
            for (int v = 0; v < voices; v++) {
                String voice = prefix + v + "/";
                for (Map.Entry<String, Long> e : ids.entrySet()) {
                    if (e.getKey().startsWith(voice)) {
                        names.put(e.getKey(), e.getValue());
                        b.skipWhileIdle(e.getValue(), allocator, v);
                    }
                }
                b.nodeAs(ids.get(voice + "in"), VoiceSource.class).attach(allocator, v);
                for (int k = 0; k < allocator.outputs(); k++) {
                    Long out = ids.get(voice + outName(k));
                    if (out == null || !VoiceOutput.TYPE_ID.equals(b.typeOf(out))) {
                        throw new IllegalArgumentException("voice " + UserText.quote(voice + outName(k)) + " is missing or not a "
                                + VoiceOutput.TYPE_ID);
                    }
                    b.nodeAs(out, VoiceOutput.class).attach(allocator, v, k);
                }
            }
        });
        return new Voices(allocator, names, sums, prefix);
    }

    /**
     * Instances the template once per voice of {@code allocator}, inside the calling thread's
     * open batch ({@link Engine#beginBatch}), so that the voices join the graph with the rest of
     * that batch. Control thread, holding the batch.
     *
     * @param engine    the engine, with a batch open on this thread
     * @param prefix    the prefix of the voices' node names
     * @param template  the voice
     * @param allocator the allocator: its voice count is the instance count, its outputs the template's
     * @return the voices
     * @throws IllegalArgumentException if the prefix or allocator does not fit, or a template port does not exist
     */
    public static Voices addTo(Engine engine, String prefix, VoiceTemplate template, VoiceAllocator allocator) {
        if (prefix == null || !prefix.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("voice prefix " + UserText.quote(prefix) + " must be letters, digits, '-' or '_'");
        }
        List<String> outs = template.outputs();
        if (allocator.outputs() != outs.size()) {
            throw new IllegalArgumentException("the allocator reports " + allocator.outputs() + " outputs per voice, the template has "
                    + outs.size());
        }
        Map<String, Long> names = new LinkedHashMap<>();
        long[] sums = new long[outs.size()];
        for (int k = 0; k < sums.length; k++) {
            sums[k] = engine.add(VoiceSum.TYPE_ID);
            engine.setParam(sums[k], "policy", allocator.policy().ordinal());
            engine.setParam(sums[k], "bend", allocator.bendRange());
            names.put(prefix + "s/" + outName(k), sums[k]);
        }
        Map<String, Long> local = new LinkedHashMap<>();
        for (int v = 0; v < allocator.voices(); v++) {
            local.clear();
            String voice = prefix + v + "/";
            long in = engine.add(VoiceSource.TYPE_ID);
            engine.nodeAs(in, VoiceSource.class).attach(allocator, v);
            engine.skipWhileIdle(in, allocator, v);
            names.put(voice + "in", in);
            for (VoiceTemplate.Node n : template.nodes()) {
                long h = engine.add(n.type());
                engine.skipWhileIdle(h, allocator, v);
                for (Map.Entry<String, Float> p : n.params().entrySet()) {
                    engine.setParam(h, p.getKey(), p.getValue());
                }
                local.put(n.id(), h);
                names.put(voice + n.id(), h);
            }
            for (VoiceTemplate.Connection c : template.connections()) {
                long from = local.get(VoiceTemplate.nodeOf(c.from()));
                long to = local.get(VoiceTemplate.nodeOf(c.to()));
                engine.connect(from, port(engine, from, c.from(), true), to, port(engine, to, c.to(), false));
            }
            for (VoiceTemplate.Feed f : template.feeds()) {
                long to = local.get(VoiceTemplate.nodeOf(f.to()));
                engine.connect(in, f.signal().ordinal(), to, port(engine, to, f.to(), false));
            }
            for (int k = 0; k < outs.size(); k++) {
                long out = engine.add(VoiceOutput.TYPE_ID);
                engine.nodeAs(out, VoiceOutput.class).attach(allocator, v, k);
                engine.skipWhileIdle(out, allocator, v);
                names.put(voice + outName(k), out);
                long from = local.get(VoiceTemplate.nodeOf(outs.get(k)));
                engine.connect(from, port(engine, from, outs.get(k), true), out, 0);
                engine.connect(out, 0, sums[k], 0);
            }
        }
        return new Voices(allocator, names, sums, prefix);
    }

    private static String outName(int k) {
        return k == 0 ? "out" : "out" + k;
    }

    /** The port index of {@code "id.port"} on node {@code h} ({@code "id"}: port 0). */
    private static int port(Engine engine, long h, String spec, boolean output) {
        String name = VoiceTemplate.portOf(spec);
        if (name == null) {
            return 0;
        }
        NodeDescriptor d = engine.registry().require(engine.typeOf(h)).descriptor();
        List<String> ports = output ? d.outputs() : d.inputs();
        int i = ports.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("voice template port " + UserText.quote(spec) + ": " + engine.typeOf(h) + " has no "
                    + (output ? "output " : "input ") + UserText.quote(name) + "; it has " + UserText.list(ports));
        }
        return i;
    }

    /**
     * Sets a parameter of one template node in every voice, as one batch (one message: every
     * voice changes on the same block). Control thread: may wait for the engine's lock.
     *
     * @param engine the engine holding the voices
     * @param id     the template node id, e.g. {@code filter}
     * @param param  the parameter id
     * @param value  the value
     * @param rampMs the ramp, in ms
     * @throws IllegalArgumentException if the template has no such node
     * @throws RuntimeException         as {@link Engine#setParam(long, String, float, float)} throws; then no voice changes
     */
    public void setParam(Engine engine, String id, String param, float value, float rampMs) {
        long[] nodes = new long[count()];
        for (int v = 0; v < nodes.length; v++) {
            Long h = handles.get(prefix + v + "/" + id);
            if (h == null) {
                throw new IllegalArgumentException("the voices have no node " + UserText.quote(id));
            }
            nodes[v] = h;
        }
        engine.batch(e -> {
            for (long h : nodes) {
                e.setParam(h, param, value, rampMs);
            }
        });
    }

    /** @return the allocator, to feed on the RT thread before each block */
    public VoiceAllocator allocator() {
        return allocator;
    }

    /** @return the number of voices */
    public int count() {
        return allocator.voices();
    }

    /** @return the name prefix */
    public String prefix() {
        return prefix;
    }

    /**
     * @param k the template output
     * @return the handle of the {@value VoiceSum#TYPE_ID} node summing output {@code k} of every voice
     */
    public long output(int k) {
        return outputs[k];
    }

    /** @return every node this added, by name ({@code voice3/filter}), sums first, then voice by voice */
    public Map<String, Long> handles() {
        return handles;
    }

    /**
     * @param name a node name, such as {@code voice3/filter}
     * @return its handle
     * @throws IllegalArgumentException if no node has that name
     */
    public long handle(String name) {
        Long h = handles.get(name);
        if (h == null) {
            throw new IllegalArgumentException("no voice node " + UserText.quote(name));
        }
        return h;
    }
}
