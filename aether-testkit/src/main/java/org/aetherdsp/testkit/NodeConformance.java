package org.aetherdsp.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.NodeProvider;
import org.aetherdsp.api.NodeType;
import org.aetherdsp.api.ParamSpec;
import org.aetherdsp.api.StateBuffer;
import org.aetherdsp.core.engine.NodeRegistry;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

/**
 * The conformance suite every node type should pass, as JUnit 5 dynamic tests. Point it at
 * your node types from a {@code @TestFactory}:
 *
 * <pre>{@code
 * class MyNodesConformanceTest {
 *     @TestFactory
 *     Stream<DynamicNode> conformance() {
 *         return NodeConformance.forProvider(new MyNodeProvider()).tests();
 *         // or NodeConformance.forTypeIds("acme.tremolo", "acme.crusher").tests()  (found with ServiceLoader)
 *     }
 * }
 * }</pre>
 *
 * For each node type it checks, driving the node by hand exactly as the engine does
 * ({@code prepare} once, then {@code process} per block with parameters advanced after each):
 * <ol>
 *   <li><b>descriptor</b>: names present, ids unique, defaults inside ranges, a fresh instance per
 *       {@code create()};</li>
 *   <li><b>no allocation</b>: {@code process} allocates zero bytes (ThreadMXBean) over thousands of
 *       blocks of random parameter automation and noise input, once warm;</li>
 *   <li><b>finite and complete output</b>: for silence, full-scale noise and full-scale DC (both
 *       signs) on every input, with parameters at their minimum, maximum, default and random
 *       values, every output sample is written and finite;</li>
 *   <li><b>reset</b>: after {@code reset()} the node renders exactly what a fresh instance renders;</li>
 *   <li><b>state</b>: state saved after a while and loaded into a fresh instance continues bit for
 *       bit, within the declared {@code stateSize()}.</li>
 * </ol>
 */
public final class NodeConformance {

    private final List<NodeType> types;
    private float sampleRate = 48_000f;
    private int blockSize = 64;
    private long seed = 0x5eed;

    private NodeConformance(List<NodeType> types) {
        if (types.isEmpty()) {
            throw new IllegalArgumentException("no node types to check");
        }
        this.types = List.copyOf(types);
    }

    /**
     * @param types the node types to check
     * @return the suite
     */
    public static NodeConformance forTypes(NodeType... types) {
        return new NodeConformance(Arrays.asList(types));
    }

    /**
     * @param provider a provider; every type it returns is checked
     * @return the suite
     */
    public static NodeConformance forProvider(NodeProvider provider) {
        return new NodeConformance(provider.nodeTypes());
    }

    /**
     * Looks the types up among the {@link NodeProvider}s {@link java.util.ServiceLoader} finds.
     *
     * @param typeIds node type ids
     * @return the suite
     * @throws org.aetherdsp.core.graph.UnknownNodeTypeException if an id is not found
     */
    public static NodeConformance forTypeIds(String... typeIds) {
        NodeRegistry registry = NodeRegistry.load();
        List<NodeType> types = new ArrayList<>();
        for (String id : typeIds) {
            types.add(registry.require(id));
        }
        return new NodeConformance(types);
    }

    /**
     * @param hz sample rate to run at (default 48000)
     * @return this
     */
    public NodeConformance sampleRate(float hz) {
        this.sampleRate = hz;
        return this;
    }

    /**
     * @param frames block size to run at (default 64)
     * @return this
     */
    public NodeConformance blockSize(int frames) {
        this.blockSize = frames;
        return this;
    }

    /**
     * @param value seed of every random input and automation (default fixed)
     * @return this
     */
    public NodeConformance seed(long value) {
        this.seed = value;
        return this;
    }

    /** @return one container of checks per node type, for a {@code @TestFactory} */
    public Stream<DynamicNode> tests() {
        return types.stream().map(type -> DynamicContainer.dynamicContainer(type.id(), Stream.of(
                DynamicTest.dynamicTest("descriptor is sane", () -> descriptorIsSane(type)),
                DynamicTest.dynamicTest("process allocates nothing under automation", () -> processAllocatesNothing(type)),
                DynamicTest.dynamicTest("output is finite and fully written at parameter extremes",
                        () -> outputIsFiniteAndComplete(type)),
                DynamicTest.dynamicTest("reset makes output reproducible", () -> resetMakesOutputReproducible(type)),
                DynamicTest.dynamicTest("state restored into a fresh instance continues identically",
                        () -> stateContinuesIdentically(type)))));
    }

    private NodeHarness harness(NodeType type) {
        return new NodeHarness(type, sampleRate, blockSize);
    }

    void descriptorIsSane(NodeType type) {
        NodeDescriptor d = type.descriptor();
        assertFalse(d.displayName().isBlank(), type.id() + ": display name is blank");
        for (String port : d.inputs()) {
            assertFalse(port.isBlank(), type.id() + ": an input port has a blank name");
        }
        for (String port : d.outputs()) {
            assertFalse(port.isBlank(), type.id() + ": an output port has a blank name");
        }
        assertTrue(d.outputCount() > 0 || d.inputCount() > 0, type.id() + ": a node with no ports does nothing");
        for (ParamSpec p : d.params()) {
            assertTrue(p.accepts(p.defaultValue()), type.id() + ": default of '" + p.id() + "' outside its range");
            assertEquals(d.paramIndex(p.id()), d.params().indexOf(p), type.id() + ": param id '" + p.id() + "' is not unique");
        }
        assertNotSame(type.create(), type.create(), type.id() + ": the factory must return a new node each time");
        assertTrue(harness(type).node.stateSize() >= 0, type.id() + ": negative stateSize()");
    }

    void processAllocatesNothing(NodeType type) {
        NodeHarness h = harness(type);
        Xorshift random = new Xorshift(seed);
        Runnable round = () -> {
            for (int b = 0; b < 2_000; b++) {
                if ((b & 7) == 0) {
                    h.automate(random);
                }
                h.render(NodeHarness.Input.NOISE, random);
            }
        };
        for (int i = 0; i < 5; i++) {
            round.run(); // warm-up: class loading and JIT
        }
        long[] rounds = AllocationProbe.steadyState(round, 3, 20);
        int n = rounds.length;
        boolean steady = n >= 3 && rounds[n - 1] == 0 && rounds[n - 2] == 0 && rounds[n - 3] == 0;
        if (!steady) {
            fail(type.id() + ": process() allocates: bytes per round of 2000 blocks " + Arrays.toString(rounds)
                    + " (after 10000 warm-up blocks). On the RT thread, allocate nothing: no new, boxing,"
                    + " capturing lambdas, string building or collections; preallocate in prepare().");
        }
    }

    void outputIsFiniteAndComplete(NodeType type) {
        List<ParamSpec> params = type.descriptor().params();
        List<float[]> settings = new ArrayList<>();
        settings.add(values(params, 0));
        settings.add(values(params, 1));
        settings.add(values(params, 2));
        settings.add(values(params, 3));
        Xorshift random = new Xorshift(seed);
        for (int k = 0; k < 3; k++) {
            float[] v = new float[params.size()];
            for (int i = 0; i < v.length; i++) {
                ParamSpec p = params.get(i);
                v[i] = p.min() + (p.max() - p.min()) * random.nextFloat();
            }
            settings.add(v);
        }
        String[] names = {"all at minimum", "all at maximum", "all at default", "alternating min/max", "random", "random", "random"};
        for (int s = 0; s < settings.size(); s++) {
            for (NodeHarness.Input input : NodeHarness.Input.values()) {
                NodeHarness h = harness(type);
                h.setAll(settings.get(s));
                for (int b = 0; b < 400; b++) {
                    h.render(input, random);
                    String bad = h.firstBadOutput();
                    if (bad != null) {
                        fail(type.id() + ": with params " + names[s] + " " + Arrays.toString(settings.get(s)) + " and "
                                + input.description + " on every input, block " + b + ": " + bad);
                    }
                }
            }
        }
    }

    /** 0: min, 1: max, 2: default, 3: alternating min and max. */
    private static float[] values(List<ParamSpec> params, int which) {
        float[] v = new float[params.size()];
        for (int i = 0; i < v.length; i++) {
            ParamSpec p = params.get(i);
            v[i] = switch (which) {
                case 0 -> p.min();
                case 1 -> p.max();
                case 2 -> p.defaultValue();
                default -> i % 2 == 0 ? p.min() : p.max();
            };
        }
        return v;
    }

    void resetMakesOutputReproducible(NodeType type) {
        int blocks = 200;
        NodeHarness a = harness(type);
        float[][][] first = a.record(blocks, new Xorshift(seed));
        a.node.reset();
        a.resetParams();
        float[][][] afterReset = a.record(blocks, new Xorshift(seed));
        float[][][] fresh = harness(type).record(blocks, new Xorshift(seed));
        assertSameAudio(type, "a fresh instance rendering the same input differs from the first (is the node"
                + " seeded and free of global state?)", first, fresh);
        assertSameAudio(type, "after reset() the node renders differently from a fresh instance", fresh, afterReset);
    }

    void stateContinuesIdentically(NodeType type) {
        NodeHarness a = harness(type);
        Xorshift random = new Xorshift(seed);
        for (int b = 0; b < 300; b++) {
            if ((b & 7) == 0) {
                a.automate(random);
            }
            a.render(NodeHarness.Input.NOISE, random);
        }
        a.settleParams();
        int size = a.node.stateSize();
        StateBuffer state = new StateBuffer(size);
        try {
            a.node.saveState(state);
        } catch (IllegalStateException overflow) {
            fail(type.id() + ": saveState() wrote more than stateSize() = " + size + " bytes: " + overflow.getMessage());
        }
        NodeHarness b = harness(type);
        b.copyParamsFrom(a);
        b.node.loadState(StateBuffer.wrapCopy(state.toByteArray()), a.node.stateVersion());
        float[][][] original = a.record(100, new Xorshift(seed + 1));
        float[][][] restored = b.record(100, new Xorshift(seed + 1));
        assertSameAudio(type, "after loadState() a fresh instance does not continue like the original (state is "
                + size + " bytes; is every piece of DSP state saved?)", original, restored);
    }

    private static void assertSameAudio(NodeType type, String what, float[][][] expected, float[][][] actual) {
        for (int b = 0; b < expected.length; b++) {
            for (int o = 0; o < expected[b].length; o++) {
                for (int i = 0; i < expected[b][o].length; i++) {
                    if (Float.floatToIntBits(expected[b][o][i]) != Float.floatToIntBits(actual[b][o][i])) {
                        fail(type.id() + ": " + what + ": block " + b + ", output " + o + ", frame " + i + ": "
                                + expected[b][o][i] + " vs " + actual[b][o][i]);
                    }
                }
            }
        }
    }

    @Override
    public String toString() {
        List<String> ids = new ArrayList<>();
        for (NodeType t : types) {
            ids.add(t.id());
        }
        return "NodeConformance" + ids;
    }
}
