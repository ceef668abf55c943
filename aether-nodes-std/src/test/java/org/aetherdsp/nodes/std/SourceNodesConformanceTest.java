package org.aetherdsp.nodes.std;

import java.util.stream.Stream;
import org.aetherdsp.testkit.NodeConformance;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * The source nodes added after the first four under the conformance suite at rates and
 * block sizes other than the 48 kHz / 64 frames {@link StdNodesConformanceTest} runs every
 * type at: their tables, filters and phase logic must not assume either.
 */
class SourceNodesConformanceTest {

    private static final String[] NEW_SOURCES = {"std.osc.square", "std.osc.triangle", "std.noise", "std.lfo"};

    @TestFactory
    Stream<DynamicNode> newSourcesConformAt44100HzAndBlocksOf128() {
        return NodeConformance.forTypeIds(NEW_SOURCES).sampleRate(44_100f).blockSize(128).seed(99).tests();
    }

    @TestFactory
    Stream<DynamicNode> newSourcesConformAt96kHzAndBlocksOf1() {
        return NodeConformance.forTypeIds(NEW_SOURCES).sampleRate(96_000f).blockSize(1).seed(7).tests();
    }
}
