package org.aetherdsp.nodes.std;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.NodeProvider;
import org.aetherdsp.api.NodeType;
import org.aetherdsp.api.ParamSpec;
import org.junit.jupiter.api.Test;

class StdNodeProviderTest {

    /** The ids of the standard library, as promised in its issue. */
    static final Set<String> LIBRARY = Set.of(
            "std.osc.sine", "std.osc.saw", "std.osc.square", "std.osc.triangle", "std.noise", "std.lfo",
            "std.karplus", "std.sampler", "std.adsr", "std.seq", "std.filter.svf", "std.filter.biquad",
            "std.filter.ladder", "std.filter.formant", "std.delay", "std.comb", "std.chorus", "std.reverb", "std.compressor",
            "std.waveshaper", "std.granular", "std.gain", "std.mix", "std.pan", "std.meter", "std.record");

    private static final List<NodeType> TYPES = new StdNodeProvider().nodeTypes();

    private static NodeDescriptor descriptor(String id) {
        return NodeUnderTest.type(id).descriptor();
    }

    private static List<String> paramIds(NodeDescriptor d) {
        List<String> ids = new ArrayList<>();
        for (ParamSpec p : d.params()) {
            ids.add(p.id());
        }
        return ids;
    }

    @Test
    void providesTheStandardTypeIds() {
        Set<String> ids = new TreeSet<>();
        for (NodeType t : TYPES) {
            ids.add(t.id());
        }
        assertEquals(ids.size(), TYPES.size(), "no id is provided twice");
        // Exactly the promised library: ids are stable, none missing, nothing else.
        assertEquals(new TreeSet<>(LIBRARY), ids);
    }

    @Test
    void descriptorsDeclareTheContractedPortsAndParams() {
        for (String osc : List.of("std.osc.sine", "std.osc.saw")) {
            NodeDescriptor d = descriptor(osc);
            assertEquals(List.of("fm", "pm"), d.inputs(), osc);
            assertEquals(List.of("out"), d.outputs(), osc);
            assertEquals(List.of("freq", "amp"), paramIds(d), osc);
            ParamSpec freq = d.params().get(0);
            assertEquals(0.01f, freq.min());
            assertEquals(20_000f, freq.max());
            assertEquals(440f, freq.defaultValue());
            assertEquals("Hz", freq.unit());
            assertEquals(20f, freq.smoothingMs());
            ParamSpec amp = d.params().get(1);
            assertEquals(0f, amp.min());
            assertEquals(1f, amp.max());
            assertEquals(1f, amp.defaultValue());
            assertEquals(20f, amp.smoothingMs());
        }

        NodeDescriptor gain = descriptor("std.gain");
        assertEquals(List.of("in"), gain.inputs());
        assertEquals(List.of("out"), gain.outputs());
        assertEquals(List.of("gain"), paramIds(gain));
        assertEquals(16f, gain.params().get(0).max());
        assertEquals(10f, gain.params().get(0).smoothingMs());

        NodeDescriptor mix = descriptor("std.mix");
        assertEquals(List.of("in1", "in2", "in3", "in4", "in5", "in6", "in7", "in8"), mix.inputs());
        assertEquals(List.of("out"), mix.outputs());
        assertEquals(List.of("gain1", "gain2", "gain3", "gain4", "gain5", "gain6", "gain7", "gain8"), paramIds(mix));
        for (ParamSpec p : mix.params()) {
            assertEquals(0f, p.min(), p.id());
            assertEquals(4f, p.max(), p.id());
            assertEquals(1f, p.defaultValue(), p.id());
            assertEquals(10f, p.smoothingMs(), p.id());
        }
    }

    @Test
    void everyParamDefaultLiesInsideItsRange() {
        for (NodeType t : TYPES) {
            for (ParamSpec p : t.descriptor().params()) {
                assertTrue(p.accepts(p.defaultValue()),
                        t.id() + "." + p.id() + " default " + p.defaultValue() + " outside [" + p.min() + ", " + p.max() + "]");
            }
        }
    }

    @Test
    void serviceLoaderFindsTheProviderOnTheClassPath() {
        boolean found = false;
        for (NodeProvider p : ServiceLoader.load(NodeProvider.class)) {
            found |= p instanceof StdNodeProvider;
        }
        assertTrue(found, "ServiceLoader did not find StdNodeProvider via META-INF/services");
    }

    @Test
    void everyNodeOverwritesItsWholeOutput() {
        for (NodeType t : TYPES) {
            NodeUnderTest n = NodeUnderTest.of(t.id());
            n.processBlock();
            for (int i = 0; i < NodeUnderTest.BLOCK; i++) {
                assertTrue(Float.isFinite(n.outputs[0][i]), t.id() + " left output sample " + i + " unwritten");
            }
        }
    }
}
