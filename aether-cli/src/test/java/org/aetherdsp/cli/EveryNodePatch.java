package org.aetherdsp.cli;

import java.util.ArrayList;
import java.util.List;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.NodeType;
import org.aetherdsp.core.engine.Engine;
import org.aetherdsp.nodes.std.Sampler;
import org.aetherdsp.nodes.std.Sequencer;
import org.aetherdsp.nodes.std.StdNodeProvider;

/**
 * A patch with one node of every standard type, for tripwires that must exercise the whole
 * library: a saw and an LFO-gated source feed every input, every node's outputs are summed
 * through mixers into the host channels, the sampler gets a table and the sequencer a
 * pattern. Built in one batch.
 */
final class EveryNodePatch {

    final long[] nodes;

    private EveryNodePatch(long[] nodes) {
        this.nodes = nodes;
    }

    /** @return the table the sampler plays: one second of a 440 Hz sine at half scale */
    static float[] samplerTable() {
        float[] table = new float[48_000];
        for (int i = 0; i < table.length; i++) {
            table[i] = (float) Math.sin(2 * Math.PI * 440 * i / 48_000.0) * 0.5f;
        }
        return table;
    }

    static EveryNodePatch build(Engine engine) {
        List<NodeType> types = new ArrayList<>();
        for (NodeType t : new StdNodeProvider().nodeTypes()) {
            types.add(t);
        }
        return build(engine, types);
    }

    /**
     * @param engine the engine
     * @param types  the node types to include, one node each
     * @return the patch
     */
    static EveryNodePatch build(Engine engine, List<NodeType> types) {
        List<Long> all = new ArrayList<>();
        engine.batch(e -> {
            long source = e.add("std.osc.saw");
            e.setParam(source, "freq", 110f, 0f);
            e.setParam(source, "amp", 0.5f, 0f);
            long gate = e.add("std.lfo"); // a square LFO: gates and triggers for adsr, karplus, sampler
            e.setParam(gate, "shape", 2f, 0f);
            e.setParam(gate, "rate", 3f, 0f);
            e.setParam(gate, "depth", 0.5f, 0f);
            e.setParam(gate, "offset", 0.5f, 0f);
            all.add(source);
            all.add(gate);
            List<long[]> outputs = new ArrayList<>();
            for (NodeType type : types) {
                long n = e.add(type.id());
                all.add(n);
                NodeDescriptor d = type.descriptor();
                for (int in = 0; in < d.inputCount(); in++) {
                    String name = d.inputs().get(in);
                    boolean control = name.equals("gate") || name.equals("trigger") || name.equals("sync");
                    e.connect(control ? gate : source, 0, n, in);
                }
                for (int out = 0; out < d.outputCount(); out++) {
                    outputs.add(new long[] {n, out});
                }
            }
            // Sum everything: mixers of 8 inputs each, alternating host channels.
            long mixer = 0;
            for (int k = 0; k < outputs.size(); k++) {
                if (k % 8 == 0) {
                    mixer = e.add("std.mix");
                    all.add(mixer);
                    for (int g = 1; g <= 8; g++) {
                        e.setParam(mixer, "gain" + g, 0.1f, 0f);
                    }
                    e.connectOutput(mixer, 0, (k / 8) % 2);
                }
                e.connect(outputs.get(k)[0], (int) outputs.get(k)[1], mixer, k % 8);
            }
        });
        long[] handles = all.stream().mapToLong(Long::longValue).toArray();
        float[] table = samplerTable();
        float[] hz = new float[16];
        boolean[] gates = new boolean[16];
        for (int s = 0; s < 16; s++) {
            hz[s] = 110f * (1 + s % 4);
            gates[s] = s % 3 != 2;
        }
        for (long h : handles) {
            switch (engine.typeOf(h)) {
                case "std.sampler" -> engine.nodeAs(h, Sampler.class).load(table, 48_000f);
                case "std.seq" -> engine.nodeAs(h, Sequencer.class).setPattern(hz, gates);
                default -> { }
            }
        }
        return new EveryNodePatch(handles);
    }
}
